#pragma once
// The HTTP API as one coroutine: route, authenticate, rate-limit, run the route's handler (on
// the worker pool when it may block on the disk), add the rate-limit headers. Awaited on the
// server's reactor thread. Thread-safe; never throws (a handler's exception becomes a 500).

#include <boost/asio/awaitable.hpp>

#include "net/api_context.h"
#include "net/http_types.h"
#include "net/router.h"

namespace lg::net {

class Api {
 public:
  explicit Api(ApiContext ctx);
  // `request` must stay alive until the answer is given.
  boost::asio::awaitable<HttpResponse> Handle(const HttpRequest& request) const;

 private:
  // The answer of an authenticated request (null principal: a public route).
  boost::asio::awaitable<HttpResponse> Run(const Router::Route& route, const HttpRequest& request,
                                           const RouteParams& params, const auth::Principal* principal) const;

  ApiContext ctx_;
  Router router_;
};

}  // namespace lg::net
