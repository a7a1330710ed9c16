#pragma once
// The HTTP API as one synchronous function: route, authenticate, run the handler. Runs on the
// server's worker threads; thread-safe; never throws.

#include "net/api_context.h"
#include "net/http_types.h"
#include "net/router.h"

namespace lg::net {

class Api {
 public:
  explicit Api(ApiContext ctx);
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  ApiContext ctx_;
  Router router_;
};

}  // namespace lg::net
