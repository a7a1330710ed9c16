#include "net/route_metrics.h"

namespace lg::net {
namespace {
constexpr const char* kRequests = "leadgate_http_requests_total";
constexpr const char* kRequestsHelp = "HTTP requests answered, by route and status";
}  // namespace

RouteMetrics::RouteMetrics(const std::string& route)
    : labels_(core::metrics::Label("route", route)),
      seconds_(core::metrics::Registry::Global().GetHistogram("leadgate_http_request_seconds",
                                                              "Time from a request's headers to its answer, by route",
                                                              labels_, core::metrics::LatencyBuckets())) {}

void RouteMetrics::Record(int status, double seconds) {
  seconds_.Observe(seconds);
  if (status < 100 || status >= static_cast<int>(by_status_.size())) return;
  auto& slot = by_status_[static_cast<size_t>(status)];
  core::metrics::Counter* counter = slot.load(std::memory_order_acquire);
  if (!counter) {
    // The registry returns the same series for the same labels, so a race stores one pointer.
    counter = &core::metrics::Registry::Global().GetCounter(
        kRequests, kRequestsHelp, labels_ + "," + core::metrics::Label("status", std::to_string(status)));
    slot.store(counter, std::memory_order_release);
  }
  counter->Add();
}

RouteMetrics& UnmatchedRoute() {
  static RouteMetrics unmatched("unmatched");
  return unmatched;
}

}  // namespace lg::net
