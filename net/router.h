#pragma once
// Method + path-template routing ("/v2/campaigns/{campaign_id}/leads") on the path as sent: it is
// split on '/' before its segments are percent-decoded, so "%2F" never separates segments.
// Every GET route also answers HEAD. Unknown paths are 404; known paths with another method are
// 405 with the allowed methods. Built once at start-up, then read-only and thread-safe.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "net/http_types.h"
#include "net/route_match.h"
#include "net/route_metrics.h"

namespace lg::net {

namespace asio = boost::asio;  // handlers are Asio coroutines

// Whether a route needs a Bearer token (the principal is then never null). kBearerIfSent: a token
// that is sent must authenticate (401 otherwise) and gives the principal; without one the
// principal is null and the handler decides (a docs link is public or admin-only by its token).
enum class Access { kPublic, kBearer, kBearerIfSent };

// Where a route's handler runs. A handler that may block on the disk (a synced write, or a
// long read-modify-write) runs on the worker pool, so the reactors never wait on it; one that
// never blocks (reads, and creates, which await their commit without holding a thread) runs on
// the reactor thread that read the request, saving two thread hand-offs. A read whose cost
// grows with the data (a count that may filter a whole campaign, statistics) asks for the read
// pool (kOnReaders), one thread per core: it only computes, and more threads than cores would
// only switch. GET routes run on the reactor unless they ask otherwise; other routes on the
// worker pool unless they ask for the reactor.
enum class Runs { kOnWorker, kOnReactor, kOnReaders };

// Whose store a route's request changes in cluster mode. kEveryNode: it goes through the
// replicated log as a command, and every node runs the handler on applying it (the node that took
// the request answers with what its apply decided). kThisNode: the handler runs here and now, as
// on a single node: reads, and writes that belong to one machine (a backup of its store). GET
// routes are kThisNode, the others kEveryNode unless they say otherwise.
enum class Reach { kEveryNode, kThisNode };

// What body a route's requests take: which limit the server holds them to before any of it is
// read (app/application.cc gives each class its setting), and whether the handler reads it as
// it arrives (HttpServerOptions::body_rule). GET, HEAD and DELETE routes take none, the others
// the default, unless they say otherwise.
enum class Body {
  kNone,          // a body announced anyway is refused (413) before it is read
  kDefault,       // up to the default limit (server.body_limit_bytes), read whole first
  kBulkStreamed,  // up to the bulk limit (limits.bulk_body_limit_bytes), handed over as it arrives
};

// The body requests of `method` take when no route says otherwise (no route matched, say).
Body DefaultBody(std::string_view method);

// A route's handler: decodes the request, awaits or calls one service use case, encodes the
// answer. `principal` is null on public routes. The arguments outlive the coroutine.
using Handler =
    std::function<boost::asio::awaitable<HttpResponse>(const HttpRequest&, const RouteParams&, const auth::Principal*)>;

// The segments of `path` (as sent, percent-encoded, without the query), each percent-decoded; an
// encoded slash (%2F) is a character of its segment, never a separator. nullopt when a segment is
// not valid percent-encoding. What the router matches templates against.
std::optional<std::vector<std::string>> DecodedPathSegments(std::string_view path);

struct Route {
  std::string name;  // "METHOD /pattern": the metrics label, and a replicated command's kind
  std::string method;
  std::vector<std::string> segments;  // "{name}" segments capture
  Access access;
  Handler handler;
  Runs runs;
  Reach reach;
  Body body;
  std::shared_ptr<RouteMetrics> metrics;  // for /metrics, labelled "METHOD /pattern"
  std::vector<std::string> ids;           // the captures read as ids (the router's id captures)

  // The params of `captures` (name -> percent-decoded text), the ids read: a replicated
  // command's path parameters, where the command is applied.
  RouteParams Params(const std::map<std::string, std::string>& captures) const;
  // Runs the handler, unless a capture read as an id is no id: the path then names nothing, and
  // the answer is 404 not_found without it (where the handler would have run: after admission,
  // on the worker pool or the reactor, and in cluster mode where the command is applied).
  boost::asio::awaitable<HttpResponse> Run(const HttpRequest& request, const RouteParams& params,
                                           const auth::Principal* principal) const;
};

class Router {
 public:
  // `id_captures`: the capture names read as ids in every route that has them (see RouteParams).
  explicit Router(std::vector<std::string> id_captures = {}) : id_captures_(std::move(id_captures)) {}

  void Add(std::string method, std::string_view pattern, Access access, Handler handler,
           std::optional<Runs> runs = std::nullopt, std::optional<Reach> reach = std::nullopt,
           std::optional<Body> body = std::nullopt);

  using Route = net::Route;
  using Match = RouteMatch;
  // `path`: as sent (percent-encoded), without the query.
  Match Find(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<std::string> id_captures_;
  std::vector<Route> routes_;
};

}  // namespace lg::net
