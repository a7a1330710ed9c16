#pragma once
// The webhook delivery log and each endpoint's cursor in the store (column family `events`,
// layout in store/key_codec.h). A pending delivery also has an entry in the pending index, so a
// restart finds what is still to send without reading the log.
// Writes are not synced: the events they come from are (service/lead_events.h), so what a crash
// loses is taken up and sent again (at least once, under the same webhook-id).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/status.h"
#include "core/webhook_delivery.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

// Cluster mode: the node that delivers webhooks, until `until` (ms) unless it renews.
struct WebhookLease {
  uint32_t node = 0;
  int64_t until = 0;
  bool operator==(const WebhookLease&) const = default;
};

class WebhookDeliveryRepo {
 public:
  explicit WebhookDeliveryRepo(Db& db) : db_(db) {}

  // The delivery (and its pending entry, or that entry's removal).
  core::Status Put(const core::WebhookDelivery& delivery);
  // New deliveries of the endpoint and its cursor (the last event it has taken up), in one commit.
  core::Status TakeUp(uint64_t endpoint_id, const std::vector<core::WebhookDelivery>& deliveries,
                      const core::WebhookEventRef& cursor);
  // Deletes the endpoint's cursor.
  core::Status ResetCursor(uint64_t endpoint_id);

  core::Result<std::optional<core::WebhookDelivery>> Get(uint64_t endpoint_id,
                                                         const core::WebhookEventRef& event) const;
  core::Result<std::optional<core::WebhookEventRef>> Cursor(uint64_t endpoint_id) const;

  // Every pending delivery of every endpoint (endpoint id, event place), in key order.
  using PendingVisit = std::function<void(uint64_t endpoint_id, const core::WebhookEventRef& event)>;
  core::Status ScanPending(const PendingVisit& visit) const;
  // The endpoint's deliveries newest first, those before `before` (an event place) when set;
  // false from `visit` stops.
  using Visit = std::function<bool(const core::WebhookDelivery& delivery)>;
  core::Status ListNewestFirst(uint64_t endpoint_id, const core::WebhookEventRef* before, const Visit& visit) const;

  // Deletes up to `max` of the endpoint's deliveries of events stamped before `before`, oldest
  // first, pending ones too (their entries in the index with them). How many.
  core::Result<size_t> DropBefore(uint64_t endpoint_id, int64_t before, size_t max);
  // Deletes everything of the endpoint: its log, pending entries and cursor.
  core::Status Forget(uint64_t endpoint_id);

  core::Result<std::optional<WebhookLease>> Lease() const;
  core::Status PutLease(const WebhookLease& lease);

 private:
  static void AddPut(WriteUnit& unit, const core::WebhookDelivery& delivery);

  Db& db_;
};

}  // namespace lg::store
