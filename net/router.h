#pragma once
// Method + path-template routing ("/v2/campaigns/{campaign_id}/leads"). Unknown paths are 404;
// known paths with another method are 405 with the allowed methods. Built once at start-up,
// then read-only and thread-safe.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "net/http_types.h"

namespace lg::net {

using RouteParams = std::map<std::string, std::string, std::less<>>;

// Whether a route needs a Bearer token (the principal is then never null).
enum class Access { kPublic, kBearer };

// Where a route's handler runs. Handlers that may wait on the disk run on the server's worker
// pool (the Api hands them over as HttpResponse::blocking); a handler that never blocks (reads,
// or a write that answers through a deferred response) runs on the reactor thread, saving two
// thread hand-offs. GET routes always run on the reactor.
enum class Runs { kOnWorker, kOnReactor };

using Handler = std::function<HttpResponse(const HttpRequest&, const RouteParams&, const auth::Principal*)>;

class Router {
 public:
  void Add(std::string method, std::string_view pattern, Access access, Handler handler, Runs runs = Runs::kOnWorker);

  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" segments capture
    Access access;
    Handler handler;
    Runs runs;
  };

  struct Match {
    const Route* route = nullptr;  // set when found
    RouteParams params;
    std::vector<std::string> allowed;  // set when the path exists with other methods
  };
  Match Find(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace lg::net
