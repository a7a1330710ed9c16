#pragma once
// The HTTP API as one function: route, authenticate, run the handler. Thread-safe; never
// throws. RunsOnReactor tells the server which requests may run on its reactor thread (their
// handlers never block); the others go to its worker pool.

#include "net/api_context.h"
#include "net/http_types.h"
#include "net/router.h"

namespace lg::net {

class Api {
 public:
  explicit Api(ApiContext ctx);
  HttpResponse Handle(const HttpRequest& request) const;
  bool RunsOnReactor(std::string_view method, std::string_view path) const;

 private:
  ApiContext ctx_;
  Router router_;
};

}  // namespace lg::net
