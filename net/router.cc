#include "net/router.h"

#include <algorithm>
#include <stdexcept>
// Boost.URL's compiled part is in lg_core (core/percent_encoding.cc).
#include <boost/url/pct_string_view.hpp>

namespace lg::net {

Body DefaultBody(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "DELETE" ? Body::kNone : Body::kDefault;
}

namespace {

template <typename Segment>
std::vector<Segment> Split(std::string_view path) {
  std::vector<Segment> out;
  size_t pos = 0;
  if (!path.empty() && path[0] == '/') pos = 1;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    out.emplace_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

}  // namespace

// Split on every literal '/' first, then each segment decoded: a proxy or a log reads
// "/v2%2Fcampaigns" as one segment, and so must we.
std::optional<std::vector<std::string>> DecodedPathSegments(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view segment : Split<std::string_view>(path)) {
    if (segment.find('%') == std::string_view::npos) {
      out.emplace_back(segment);
      continue;
    }
    auto encoded = boost::urls::make_pct_string_view(segment);
    if (!encoded) return std::nullopt;
    out.push_back(encoded->decode());
  }
  return out;
}

namespace {

bool IsCapture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsCapture(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

std::string CaptureName(const std::string& segment) { return segment.substr(1, segment.size() - 2); }

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

RouteParams Captures(const Route& route, const std::vector<std::string>& path) {
  RouteParams params;
  for (size_t i = 0; i < route.segments.size(); ++i) {
    if (!IsCapture(route.segments[i])) continue;
    std::string name = CaptureName(route.segments[i]);
    const bool is_id = Contains(route.ids, name);
    params.Capture(std::move(name), path[i], is_id);
  }
  return params;
}

}  // namespace

RouteParams Route::Params(const std::map<std::string, std::string>& captures) const {
  RouteParams params;
  for (const auto& [name, text] : captures) params.Capture(name, text, Contains(ids, name));
  return params;
}

void Router::Add(std::string method, std::string_view pattern, Access access, Handler handler, std::optional<Runs> runs,
                 std::optional<Reach> reach, std::optional<Body> body) {
  Runs where = runs.value_or(method == "GET" ? Runs::kOnReactor : Runs::kOnWorker);
  Reach changes = reach.value_or(method == "GET" ? Reach::kThisNode : Reach::kEveryNode);
  Body takes = body.value_or(DefaultBody(method));
  std::string name = method + " " + std::string(pattern);
  auto metrics = std::make_shared<RouteMetrics>(name);
  std::vector<std::string> segments = Split<std::string>(pattern);
  std::vector<std::string> ids;
  for (const std::string& segment : segments) {
    if (IsCapture(segment) && Contains(id_captures_, CaptureName(segment))) ids.push_back(CaptureName(segment));
  }
  // Found at start-up, not on a request: the routes are added before the server serves.
  if (ids.size() > RouteParams::kMaxIds) throw std::logic_error(name + " reads more ids than RouteParams holds");
  routes_.push_back(Route{std::move(name), std::move(method), std::move(segments), access, std::move(handler), where,
                          changes, takes, std::move(metrics), std::move(ids)});
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  std::optional<std::vector<std::string>> segments = DecodedPathSegments(path);
  if (!segments) return match;
  // HEAD is GET without the content (RFC 9110 9.3.2): a GET route answers it, and the server
  // sends the GET answer's status and headers only.
  const std::string_view routed = method == "HEAD" ? std::string_view("GET") : method;
  for (const auto& route : routes_) {
    if (!MatchSegments(route.segments, *segments)) continue;
    if (route.method == routed) {
      match.route = &route;
      match.params = Captures(route, *segments);
      return match;
    }
    match.allowed.push_back(route.method);
    if (route.method == "GET") match.allowed.emplace_back("HEAD");
  }
  return match;
}

}  // namespace lg::net
