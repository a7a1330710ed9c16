#pragma once
// The HTTP API in two steps: Admit, from a request's headers alone (route, authenticate,
// rate-limit), then Handle, once the body is in (run the route's handler, on the worker pool
// when it may block on the disk or on the read pool when it may read long, and add the
// rate-limit headers). Both run on the server's reactor thread. Thread-safe; never throws (a
// handler's exception becomes a 500).

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "net/api_context.h"
#include "net/http_types.h"
#include "net/router.h"

namespace lg::net {

class Api {
 public:
  explicit Api(ApiContext ctx);
  // The body the request's route takes (HttpServerOptions::body_rule asks, before Admit): the
  // route is found here and kept in `request.admission`, where Admit and Handle take it from.
  // Without a route (404, 405), the method's DefaultBody. Never blocks.
  Body BodyOf(HttpRequest& request) const;
  // The decisions that need only the headers (HttpServerOptions::admit): route (404, 405),
  // authenticate (401; failures throttled per client address, 429), the token's rate limit
  // (429). nullopt: the request may proceed, with its route, the principal and the rate-limit
  // headers in `request.admission`. Never blocks.
  std::optional<HttpResponse> Admit(HttpRequest& request) const;
  // Runs the route admission found, without routing again. `request` must stay alive until the
  // answer is given. A request that was not admitted (no admit hook in front) is admitted here
  // first.
  boost::asio::awaitable<HttpResponse> Handle(const HttpRequest& request) const;

 private:
  std::optional<HttpResponse> Admit(const HttpRequest& request, Admission& admission) const;
  // The request's route: the one `admission` holds (found for an earlier question about the
  // request), else found now and kept there, so a request is routed once.
  const RouteMatch& MatchOf(const HttpRequest& request, Admission& admission) const;
  // Admit's decision, `admission.match` set.
  std::optional<HttpResponse> Decide(const HttpRequest& request, Admission& admission) const;
  // The answer of an authenticated request (null principal: a public route).
  boost::asio::awaitable<HttpResponse> Run(const Router::Route& route, const HttpRequest& request,
                                           const RouteParams& params, const auth::Principal* principal) const;

  // A lead submission refused at admission (the token's rate limit) counts in the vendor statistics.
  void CountRefusedSubmission(const Router::Route& route, const RouteParams& params,
                              const auth::Principal& principal) const;

  ApiContext ctx_;
  Router router_;
};

}  // namespace lg::net
