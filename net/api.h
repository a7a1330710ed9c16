#pragma once
// The HTTP API as one function: route, authenticate, run the handler. Called on the server's
// reactor thread: a route whose handler may wait on the disk (Runs::kOnWorker) is answered with
// that handler call as HttpResponse::blocking work. Thread-safe; never throws.

#include <functional>
#include <optional>

#include "net/api_context.h"
#include "net/http_types.h"
#include "net/router.h"

namespace lg::net {

class Api {
 public:
  explicit Api(ApiContext ctx);
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  // Applied to the final answer of an authenticated request (rate-limit headers, logging).
  using Finish = std::function<void(HttpResponse&)>;
  // Calls the route's handler now, or hands the call back as blocking work; `finish` reaches the
  // final answer either way.
  HttpResponse Run(const Router::Route& route, const HttpRequest& request, RouteParams params,
                   std::optional<auth::Principal> principal, Finish finish) const;

  ApiContext ctx_;
  Router router_;
};

}  // namespace lg::net
