#pragma once
// Every change the webhook dispatcher (service/webhook_dispatcher.h) makes to the store, as one
// interface: on a single node they are written at once (LocalWebhookDeliveryWrites); in cluster
// mode they travel the replicated log and every node writes them when it applies them
// (service/replicated_webhook_writes.h), so the delivery log, cursors and endpoint health are
// the same everywhere and another node can take over delivering. Each call returns once the
// change is in this node's store.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "core/webhook_delivery.h"
#include "service/webhook_service.h"
#include "store/lead_event_repo.h"
#include "store/webhook_delivery_repo.h"

namespace lg::service {

// What an answer says about its endpoint's health.
struct EndpointHealthReport {
  enum class Outcome : uint8_t { kSucceeded, kGone, kFailed };
  uint64_t endpoint_id = 0;
  Outcome outcome = Outcome::kSucceeded;
  int64_t at = 0;                // when the attempt started (ms)
  int64_t now = 0;               // when the answer was recorded (ms)
  int64_t disable_after_ms = 0;  // failing this long without a success disables the endpoint
  bool operator==(const EndpointHealthReport&) const = default;
};

// Applies `report` to `endpoint`: whether that changed it (nothing to write when not).
bool ApplyHealthReport(core::WebhookEndpoint& endpoint, const EndpointHealthReport& report);

class WebhookDeliveryWrites {
 public:
  virtual ~WebhookDeliveryWrites() = default;
  // The delivery as it is now (and its place in the pending index, or its removal from it).
  virtual core::Status Put(const core::WebhookDelivery& delivery) = 0;
  // New deliveries of the endpoint and its cursor (the last event it has taken up), together.
  virtual core::Status TakeUp(uint64_t endpoint_id, const std::vector<core::WebhookDelivery>& deliveries,
                              const core::WebhookEventRef& cursor) = 0;
  virtual core::Status ResetCursor(uint64_t endpoint_id) = 0;
  // Everything of a deleted endpoint: its log, pending entries and cursor.
  virtual core::Status Forget(uint64_t endpoint_id) = 0;
  // A success clears the endpoint's failing_since; 410 disables it ("gone"); another failure
  // starts failing_since, or disables it ("failing", audited) once it has lasted disable_after_ms.
  virtual core::Status ReportHealth(const EndpointHealthReport& report) = 0;
  // Retention: up to `max` of the endpoint's deliveries of events stamped before `before`. How many.
  virtual core::Result<size_t> DropBefore(uint64_t endpoint_id, int64_t before, size_t max) = 0;
  // Retention: up to `max_per_campaign` events stamped before `before` in each campaign.
  virtual core::Status DropEventsBefore(int64_t before, size_t max_per_campaign) = 0;
};

// Writes straight into this node's store.
class LocalWebhookDeliveryWrites final : public WebhookDeliveryWrites {
 public:
  LocalWebhookDeliveryWrites(store::WebhookDeliveryRepo& deliveries, store::LeadEventRepo& events,
                             WebhookService& webhooks)
      : deliveries_(deliveries), events_(events), webhooks_(webhooks) {}

  core::Status Put(const core::WebhookDelivery& delivery) override { return deliveries_.Put(delivery); }
  core::Status TakeUp(uint64_t endpoint_id, const std::vector<core::WebhookDelivery>& deliveries,
                      const core::WebhookEventRef& cursor) override {
    return deliveries_.TakeUp(endpoint_id, deliveries, cursor);
  }
  core::Status ResetCursor(uint64_t endpoint_id) override { return deliveries_.ResetCursor(endpoint_id); }
  core::Status Forget(uint64_t endpoint_id) override { return deliveries_.Forget(endpoint_id); }
  core::Status ReportHealth(const EndpointHealthReport& report) override;
  core::Result<size_t> DropBefore(uint64_t endpoint_id, int64_t before, size_t max) override {
    return deliveries_.DropBefore(endpoint_id, before, max);
  }
  core::Status DropEventsBefore(int64_t before, size_t max_per_campaign) override;

 private:
  store::WebhookDeliveryRepo& deliveries_;
  store::LeadEventRepo& events_;
  WebhookService& webhooks_;
};

}  // namespace lg::service
