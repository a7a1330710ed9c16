#pragma once
// What the router found for a request's method and path (net/router.h): the route and its
// captures, or why there is none. Apart from the router so the request's admission
// (net/http_types.h) can carry it from where it was found to the handler.

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lg::net {

struct Route;  // net/router.h

// A matched route's captures by name, percent-decoded.
using RouteParams = std::map<std::string, std::string, std::less<>>;

struct RouteMatch {
  const Route* route = nullptr;      // set when found
  RouteParams params;                // the captures, percent-decoded
  std::vector<std::string> allowed;  // set when the path exists with other methods
};

}  // namespace lg::net
