#include "service/webhook_delivery_writes.h"

namespace lg::service {

bool ApplyHealthReport(core::WebhookEndpoint& e, const EndpointHealthReport& report) {
  using Outcome = EndpointHealthReport::Outcome;
  switch (report.outcome) {
    case Outcome::kSucceeded:
      if (!e.failing_since) return false;
      e.failing_since.reset();
      return true;
    case Outcome::kGone:
      if (!e.enabled) return false;
      e.enabled = false;
      e.disabled_reason = "gone";
      return true;
    case Outcome::kFailed:
      if (!e.failing_since) {
        e.failing_since = report.at;
        return true;
      }
      if (!e.enabled || report.now - *e.failing_since < report.disable_after_ms) return false;
      e.enabled = false;
      e.disabled_reason = "failing";
      return true;
  }
  return false;
}

core::Status LocalWebhookDeliveryWrites::ReportHealth(const EndpointHealthReport& report) {
  core::Status updated =
      webhooks_.Update(report.endpoint_id, [&](core::WebhookEndpoint& e) { return ApplyHealthReport(e, report); });
  // An endpoint deleted meanwhile has no health to keep.
  return updated.ok() || updated.kind() == core::ErrorKind::kNotFound ? core::Status::Ok() : updated;
}

core::Status LocalWebhookDeliveryWrites::DropEventsBefore(int64_t before, size_t max_per_campaign) {
  auto dropped = events_.DropAllBefore(before, max_per_campaign);
  return dropped.has_value() ? core::Status::Ok() : dropped.error();
}

}  // namespace lg::service
