#pragma once
// Cluster mode's webhook delivery writes (service/webhook_delivery_writes.h): each change is a
// command of the replicated log, and every node writes it into its store when it applies it
// (through LocalWebhookDeliveryWrites, in the entry's unit), so whichever node delivers next
// finds the delivery log, cursors and endpoint health as the last one left them. A call returns
// once the change is applied on this node (503 when the log does not take it in time: the
// dispatcher then tries again, as after a failing store).
//
// A command's body is a line of JSON naming the change and its numbers, then one line per
// delivery it writes (core::EncodeWebhookDelivery).

#include <any>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "service/webhook_delivery_writes.h"

namespace lg::service {

class ReplicatedWebhookWrites final : public WebhookDeliveryWrites {
 public:
  // Registers its command kind on `applier` (before it starts).
  ReplicatedWebhookWrites(store::WebhookDeliveryRepo& deliveries, store::LeadEventRepo& events,
                          WebhookService& webhooks, LogProposer& proposer, LogApplier& applier,
                          std::chrono::milliseconds wait);

  // Hears each pending delivery a command wrote, once it is committed here (on the applier's
  // thread; must not block): the delivering node schedules replays asked of other nodes.
  void SetOnPending(std::function<void(const core::WebhookDelivery&)> on_pending);

  core::Status Put(const core::WebhookDelivery& delivery) override;
  core::Status TakeUp(uint64_t endpoint_id, const std::vector<core::WebhookDelivery>& deliveries,
                      const core::WebhookEventRef& cursor) override;
  core::Status ResetCursor(uint64_t endpoint_id) override;
  core::Status Forget(uint64_t endpoint_id) override;
  core::Status ReportHealth(const EndpointHealthReport& report) override;
  core::Result<size_t> DropBefore(uint64_t endpoint_id, int64_t before, size_t max) override;
  core::Status DropEventsBefore(int64_t before, size_t max_per_campaign) override;

 private:
  // What applying one change did.
  struct Applied {
    core::Status status;
    size_t dropped = 0;                          // drop_before
    std::vector<core::WebhookDelivery> pending;  // written pending
  };
  // Proposes a change and waits for its apply here.
  core::Result<Applied> Propose(std::string body);
  // Decodes and writes one change (on the applier's thread).
  Applied Apply(const std::string& body);
  static core::Status StatusOf(const core::Result<Applied>& applied);
  // Tells on_pending_ of what `applied` wrote pending (after its commit).
  void Announce(const Applied& applied);

  LocalWebhookDeliveryWrites local_;
  LogProposer& proposer_;
  const std::chrono::milliseconds wait_;
  std::mutex mu_;
  std::function<void(const core::WebhookDelivery&)> on_pending_;
};

}  // namespace lg::service
