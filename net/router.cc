#include "net/router.h"

namespace lg::net {

bool TakesBody(std::string_view method) { return method != "GET" && method != "HEAD" && method != "DELETE"; }

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

bool IsCapture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
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

RouteParams Captures(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
  RouteParams params;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsCapture(pattern[i])) params.emplace(pattern[i].substr(1, pattern[i].size() - 2), path[i]);
  }
  return params;
}

}  // namespace

void Router::Add(std::string method, std::string_view pattern, Access access, Handler handler,
                 std::optional<Runs> runs) {
  Runs where = runs.value_or(method == "GET" ? Runs::kOnReactor : Runs::kOnWorker);
  auto metrics = std::make_shared<RouteMetrics>(method + " " + std::string(pattern));
  routes_.push_back(
      Route{std::move(method), Split<std::string>(pattern), access, std::move(handler), where, std::move(metrics)});
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  // Views into `path`: matching allocates nothing; only a found route's captures are copied.
  std::vector<std::string_view> segments = Split<std::string_view>(path);
  for (const auto& route : routes_) {
    if (!MatchSegments(route.segments, segments)) continue;
    if (route.method == method) {
      match.route = &route;
      match.params = Captures(route.segments, segments);
      return match;
    }
    match.allowed.push_back(route.method);
  }
  return match;
}

}  // namespace lg::net
