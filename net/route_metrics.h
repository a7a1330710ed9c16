#pragma once
// Per-route request metrics for /metrics: requests by route and status
// (leadgate_http_requests_total) and handling time (leadgate_http_request_seconds). One per
// route, made when the route is added; recording is lock-free after a status's first use.

#include <array>
#include <atomic>
#include <string>
#include <string_view>

#include "core/metrics.h"

namespace lg::net {

class RouteMetrics {
 public:
  // `route`: "METHOD /pattern/{capture}" (never a real path: ids would make series unbounded).
  explicit RouteMetrics(const std::string& route);
  void Record(int status, double seconds);

 private:
  std::string labels_;
  core::metrics::Histogram& seconds_;
  std::array<std::atomic<core::metrics::Counter*>, 600> by_status_{};
};

// Requests that matched no route (404, 405).
RouteMetrics& UnmatchedRoute();

using core::metrics::Rejected;  // leadgate_rejections_total{reason}

}  // namespace lg::net
