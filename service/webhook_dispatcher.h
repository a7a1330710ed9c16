#pragma once
// Delivers lead events to webhook endpoints, at least once, from the outbox in the store
// (service/lead_events.h) through a WebhookTransport (net/webhook_sender.h in the server).
//  - Taking up: each enabled endpoint has a cursor in its campaign's events; every round it takes
//    up the events past it and below the sync feed's watermark (so a write in flight is never
//    skipped) that the endpoint gets (service/webhook_audience.h), as pending deliveries in the
//    delivery log, and moves the cursor, in one commit. A new endpoint starts at its creation, a
//    re-enabled one at its enabling (nothing is sent for the time it was disabled).
//  - Sending: a due pending delivery is signed (Standard Webhooks, every secret signing now) and
//    sent, with at most max_in_flight_per_endpoint per endpoint and max_in_flight in all. The
//    body is made from the event at each attempt, so a lead erased meanwhile is not sent (its
//    delivery fails with `event_erased`).
//  - Answers: 2xx succeeds; 410 fails it and disables the endpoint ("gone"); anything else is
//    retried on core/webhook_retry.h's schedule (Retry-After honoured), then fails. An endpoint
//    whose deliveries have failed without a success for disable_after_failing is disabled
//    ("failing"), audited.
//  - Crash safety: the outbox is written with the change; the log and cursors are not synced, so
//    a crash loses at most some progress, which is then redone: an event may be delivered again
//    (same webhook-id), never lost.
//  - Retention: events and deliveries older than log_retention are dropped (hourly).
//  - Writes: every change goes through a WebhookDeliveryWrites (straight into the store, or
//    through the cluster's log). In cluster mode only the node holding the delivery lease
//    (SetDeliveringWhen) takes up and sends; it reads what is pending from the store when it takes
//    over, and hears of replays made on other nodes through Requeued. Answers and pings are
//    recorded by the node that sent them.
// Thread-safe. Start runs rounds on a thread of its own every poll_interval (and when woken);
// tests call RunOnce instead.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "auth/principal.h"
#include "core/status.h"
#include "core/webhook_delivery.h"
#include "service/audit_service.h"
#include "service/lead_events.h"
#include "service/webhook_audience.h"
#include "service/webhook_delivery_writes.h"
#include "service/webhook_service.h"
#include "service/webhook_transport.h"
#include "store/webhook_delivery_repo.h"

namespace lg::service {

struct WebhookDispatchSettings {
  std::chrono::milliseconds poll_interval{200};
  size_t max_in_flight = 64;                                                     // webhooks.max_in_flight
  size_t max_in_flight_per_endpoint = 4;                                         // webhooks.max_in_flight_per_endpoint
  std::chrono::milliseconds disable_after_failing = std::chrono::hours(24 * 5);  // webhooks.disable_after_failing_hours
  std::chrono::milliseconds log_retention = std::chrono::hours(24 * 30);         // webhooks.log_retention_days
  std::chrono::milliseconds ping_wait{20000};                                    // how long Ping waits for its answer
  size_t events_per_round = 1000;                                                // per endpoint
};

// A page of an endpoint's delivery log (GET /v2/webhooks/{id}/deliveries), newest first.
struct WebhookDeliveryPage {
  std::vector<core::WebhookDelivery> deliveries;
  std::optional<std::string> next_cursor;  // the id of the last one, when more may follow
};

class WebhookDispatcher {
 public:
  using Clock = std::function<int64_t()>;
  // `deliveries`: read from; `writes`: every change. `watermark(now)`: the sync feed's
  // (LeadService::Watermark). `jitter()`: in [-1, 1].
  WebhookDispatcher(WebhookService& webhooks, const LeadEvents& events, const store::WebhookDeliveryRepo& deliveries,
                    WebhookDeliveryWrites& writes, const WebhookAudience& audience,
                    std::function<int64_t(int64_t)> watermark, WebhookTransport& transport,
                    WebhookDispatchSettings settings, Clock now, std::function<double()> jitter);
  ~WebhookDispatcher();  // Stop()
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Reads the pending deliveries (once, before Start or RunOnce).
  core::Status Load();
  // Cluster mode, before Start: this node takes up and sends only while `delivering(now)` (it
  // holds the delivery lease). Unset: always.
  void SetDeliveringWhen(std::function<bool(int64_t now)> delivering) { delivering_ = std::move(delivering); }
  // A delivery made pending by another node (a replay): sent here if this node delivers. Any thread.
  void Requeued(const core::WebhookDelivery& delivery);
  void Start();
  // Ends the thread. Answers still coming are recorded by a later round, or the deliveries are
  // sent again after a restart.
  void Stop();
  // One round on the caller's thread: the answers so far recorded, new events taken up, due
  // deliveries sent, the retention applied when due.
  void RunOnce();

  // The endpoint's log, newest first: `state` ("pending", "succeeded", "failed" or empty: all),
  // `cursor` (a next_cursor), `limit` (1..200, default 50). 404 for an endpoint the principal may
  // not see; 400 invalid_parameter naming a bad parameter.
  core::Result<WebhookDeliveryPage> Deliveries(const auth::Principal& principal, uint64_t endpoint_id,
                                               const std::multimap<std::string, std::string>& params) const;
  // Sends one delivery again now, whatever its state (a fresh retry schedule).
  core::Result<core::WebhookDelivery> Replay(const auth::Principal& principal, uint64_t endpoint_id,
                                             std::string_view delivery_id);
  // Sends again every failed delivery of events from `from` to before `to` (body {"from", "to"},
  // RFC 3339; both optional). How many.
  core::Result<size_t> ReplayFailed(const auth::Principal& principal, uint64_t endpoint_id, std::string_view body);
  // Sends a signed webhook.ping now (enabled or not) and waits for its answer (up to
  // ping_wait): the delivery with its attempt. Blocks.
  core::Result<core::WebhookDelivery> Ping(const auth::Principal& principal, uint64_t endpoint_id);

  // For /metrics.
  struct Stats {
    uint64_t succeeded = 0;         // attempts answered 2xx
    uint64_t retried = 0;           // failed attempts with a retry to come
    uint64_t failed = 0;            // deliveries given up (410, schedule used up, event erased)
    size_t pending = 0;             // deliveries waiting or in flight
    int64_t oldest_pending_ms = 0;  // age of the oldest pending delivery's event, 0 when none
  };
  Stats stats() const;

 private:
  using Key = std::tuple<int64_t, uint64_t, uint8_t, uint64_t>;  // stamp, lead, kind, campaign
  static Key KeyOf(const core::WebhookEventRef& event);
  static core::WebhookEventRef RefOf(const Key& key);
  struct Answer {
    uint64_t endpoint_id;
    core::WebhookEventRef event;
    int64_t started_at;
    WebhookResponse response;
  };

  core::Status LoadPending();                                                                     // under mu_
  void Forget(uint64_t endpoint_id);                                                              // under mu_
  void TakeUp(const core::WebhookEndpoint& endpoint, int64_t now);                                // under mu_
  void SendDue(const core::WebhookEndpoint& endpoint, int64_t now);                               // under mu_
  void Send(const core::WebhookEndpoint& endpoint, core::WebhookDelivery delivery, int64_t now);  // under mu_
  // `endpoints`: as at the round's start, kept up to date with the health reported.
  void Record(const Answer& answer, int64_t now, std::map<uint64_t, core::WebhookEndpoint>& endpoints);  // under mu_
  void Fail(core::WebhookDelivery& delivery);                                                            // under mu_
  void Schedule(const core::WebhookDelivery& delivery);                                                  // under mu_
  void ApplyRetention(int64_t now);                                                                      // under mu_
  core::Status StoreDelivery(const core::WebhookDelivery& delivery);                                     // under mu_
  core::Result<core::WebhookDelivery> Requeue(const core::WebhookEndpoint& endpoint, core::WebhookDelivery delivery,
                                              int64_t now);  // under mu_
  void Wake();

  WebhookService& webhooks_;
  const LeadEvents& events_;
  const store::WebhookDeliveryRepo& deliveries_;
  WebhookDeliveryWrites& writes_;
  const WebhookAudience& audience_;
  std::function<int64_t(int64_t)> watermark_;
  WebhookTransport& transport_;
  const WebhookDispatchSettings settings_;
  Clock now_;
  std::function<double()> jitter_;
  std::function<bool(int64_t)> delivering_;

  mutable std::mutex mu_;  // the state below, and every round
  std::condition_variable answered_;
  // Per endpoint: the pending deliveries not in flight, by (due time, event).
  std::map<uint64_t, std::set<std::pair<int64_t, Key>>> due_;
  std::map<uint64_t, std::set<Key>> in_flight_;
  size_t in_flight_total_ = 0;
  std::map<uint64_t, std::optional<core::WebhookEventRef>> cursors_;  // as far as read from the store
  bool active_ = false;  // taking up and sending (Load, or holding the lease)
  int64_t last_retention_ = 0;
  Stats stats_;

  std::mutex inbox_mu_;  // what arrives from other threads between rounds
  std::condition_variable wake_;
  std::vector<Answer> answers_;
  std::vector<uint64_t> forgotten_;
  std::vector<core::WebhookDelivery> requeued_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lg::service
