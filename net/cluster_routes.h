#pragma once
// Cluster mode in the HTTP layer. A request to a kEveryNode route is not run where it arrives:
// it becomes a command (the route's name as its kind, the token's id, the path parameters, the
// headers the change depends on, the body byte for byte), the node proposes it, and every node
// runs the route's own handler on it when it applies it, with the principal the token has at
// that point in the log. The proposing node answers with what its own apply answered, plus the
// position header. So a change is decided once per node, from the same state, by the same code
// a single node runs.

#include <any>
#include <boost/asio/awaitable.hpp>

#include "core/command.h"
#include "net/api_context.h"
#include "net/http_types.h"
#include "net/router.h"

namespace lg::net {

// The request proposed as a command; its answer (503 cluster_unavailable with Retry-After when the
// log or the apply does not come within ClusterLink::write_wait).
boost::asio::awaitable<HttpResponse> ProposeRoute(const ApiContext& ctx, const Router::Route& route,
                                                  const HttpRequest& request, const RouteParams& params,
                                                  const auth::Principal& principal);

// Runs `route`'s handler on `command` to its end on the calling thread (the applier's, inside the
// command's apply scope) and returns its answer. Throws when the handler does, or answers a 5xx:
// a change a node could not make must not be skipped there while other nodes made it.
HttpResponse ApplyRoute(const ApiContext& ctx, const Router::Route& route, const core::Command& command);

// Whether this node has applied the request's Leadgate-Min-Position (false for a malformed one).
bool ReachedMinPosition(const ApiContext& ctx, const HttpRequest& request);

// Waits (bounded, off the reactor) until this node has applied the request's Leadgate-Min-Position;
// an answer when it cannot (400 for a malformed position, 503 catching_up when not reached).
boost::asio::awaitable<std::optional<HttpResponse>> AwaitMinPosition(const ApiContext& ctx, const HttpRequest& request);

// Adds the applied position to an answer.
void AddPositionHeader(const ApiContext& ctx, HttpResponse& response);

}  // namespace lg::net
