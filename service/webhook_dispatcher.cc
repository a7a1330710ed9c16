#include "service/webhook_dispatcher.h"

#include <algorithm>

#include "auth/webhook_signature.h"
#include "core/log.h"
#include "core/time_util.h"
#include "core/webhook_retry.h"

namespace lg::service {
namespace {

constexpr int64_t kRetentionEveryMs = 3600LL * 1000;
constexpr size_t kRetentionBatch = 1000;

bool Succeeded(int status) { return status >= 200 && status < 300; }

}  // namespace

WebhookDispatcher::WebhookDispatcher(WebhookService& webhooks, const LeadEvents& events,
                                     const store::WebhookDeliveryRepo& deliveries, WebhookDeliveryWrites& writes,
                                     const WebhookAudience& audience, std::function<int64_t(int64_t)> watermark,
                                     WebhookTransport& transport, WebhookDispatchSettings settings, Clock now,
                                     std::function<double()> jitter)
    : webhooks_(webhooks),
      events_(events),
      deliveries_(deliveries),
      writes_(writes),
      audience_(audience),
      watermark_(std::move(watermark)),
      transport_(transport),
      settings_(settings),
      now_(std::move(now)),
      jitter_(std::move(jitter)) {
  webhooks_.SetOnDeleted([this](uint64_t id) {
    {
      std::lock_guard lock(inbox_mu_);
      forgotten_.push_back(id);
    }
    Wake();
  });
}

WebhookDispatcher::~WebhookDispatcher() {
  Stop();
  webhooks_.SetOnDeleted({});
}

WebhookDispatcher::Key WebhookDispatcher::KeyOf(const core::WebhookEventRef& e) {
  return {e.stamp, e.lead_id, e.kind, e.campaign_id};
}

core::WebhookEventRef WebhookDispatcher::RefOf(const Key& key) {
  return {std::get<3>(key), std::get<0>(key), std::get<1>(key), std::get<2>(key)};
}

core::Status WebhookDispatcher::Load() {
  std::lock_guard lock(mu_);
  LG_RETURN_IF_ERROR(LoadPending());
  active_ = true;
  return core::Status::Ok();
}

core::Status WebhookDispatcher::LoadPending() {
  std::vector<std::pair<uint64_t, core::WebhookEventRef>> pending;
  LG_RETURN_IF_ERROR(deliveries_.ScanPending(
      [&](uint64_t endpoint_id, const core::WebhookEventRef& event) { pending.emplace_back(endpoint_id, event); }));
  for (const auto& [endpoint_id, event] : pending) {
    LG_ASSIGN_OR_RETURN(auto delivery, deliveries_.Get(endpoint_id, event));
    if (delivery && delivery->state == core::DeliveryState::kPending) Schedule(*delivery);
  }
  return core::Status::Ok();
}

void WebhookDispatcher::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(inbox_mu_);
    while (!stopping_) {
      lock.unlock();
      RunOnce();
      lock.lock();
      wake_.wait_for(lock, settings_.poll_interval, [this] { return stopping_ || woken_; });
      woken_ = false;
    }
  });
}

void WebhookDispatcher::Stop() {
  {
    std::lock_guard lock(inbox_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::Requeued(const core::WebhookDelivery& delivery) {
  // A ping is sent by the node that was asked for it.
  if (delivery.state != core::DeliveryState::kPending || delivery.event.kind == core::kWebhookPingKind) return;
  {
    std::lock_guard lock(inbox_mu_);
    requeued_.push_back(delivery);
  }
  Wake();
}

void WebhookDispatcher::Wake() {
  {
    std::lock_guard lock(inbox_mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

void WebhookDispatcher::RunOnce() {
  std::vector<Answer> answers;
  std::vector<uint64_t> forgotten;
  std::vector<core::WebhookDelivery> requeued;
  {
    std::lock_guard lock(inbox_mu_);
    answers.swap(answers_);
    forgotten.swap(forgotten_);
    requeued.swap(requeued_);
  }
  std::lock_guard lock(mu_);
  const int64_t now = now_();
  const bool active = !delivering_ || delivering_(now);
  if (active != active_) {
    // Taking over, or handing over: the queue and cursors are read again from the store, which
    // the node delivering before kept as it went (an event it sent without recording the answer
    // is sent again, under the same webhook-id).
    due_.clear();
    cursors_.clear();
    if (active && !LoadPending().ok()) return;  // the store is failing: the next round tries again
    active_ = active;
  }
  for (uint64_t id : forgotten) Forget(id);
  if (!answers.empty()) {
    std::map<uint64_t, core::WebhookEndpoint> endpoints;
    for (auto& endpoint : webhooks_.All()) endpoints.emplace(endpoint.id, std::move(endpoint));
    for (const auto& answer : answers) Record(answer, now, endpoints);
  }
  if (!answers.empty()) answered_.notify_all();
  if (!active_) return;
  for (const auto& delivery : requeued) Schedule(delivery);
  for (const auto& endpoint : webhooks_.All()) {
    if (!endpoint.enabled) {
      // Re-enabled, it starts afresh from its enabling (Patch sets updated_at).
      auto cursor = cursors_.find(endpoint.id);
      if ((cursor == cursors_.end() || cursor->second) && writes_.ResetCursor(endpoint.id).ok()) {
        cursors_[endpoint.id] = std::nullopt;
      }
      continue;
    }
    TakeUp(endpoint, now);
    SendDue(endpoint, now);
  }
  if (now - last_retention_ >= kRetentionEveryMs) ApplyRetention(now);
}

void WebhookDispatcher::Forget(uint64_t endpoint_id) {
  if (auto found = in_flight_.find(endpoint_id); found != in_flight_.end()) {
    in_flight_total_ -= found->second.size();
    in_flight_.erase(found);
  }
  due_.erase(endpoint_id);
  cursors_.erase(endpoint_id);
  if (auto forgotten = writes_.Forget(endpoint_id); !forgotten.ok()) {
    core::log::Warn("webhook_log_not_deleted",
                    {{"endpoint_id", std::to_string(endpoint_id)}, {"detail", forgotten.detail()}});
  }
}

void WebhookDispatcher::TakeUp(const core::WebhookEndpoint& endpoint, int64_t now) {
  auto cached = cursors_.find(endpoint.id);
  if (cached == cursors_.end()) {
    auto stored = deliveries_.Cursor(endpoint.id);
    if (!stored.has_value()) return;  // the store is failing: the next round tries again
    cached = cursors_.emplace(endpoint.id, *stored).first;
  }
  // No cursor, or one in another campaign (the endpoint moved): from the endpoint's last change
  // (its creation, enabling or move), kept from the first round on.
  core::WebhookEventRef cursor{endpoint.campaign_id, endpoint.updated_at, 0, 0};
  const bool fresh = !cached->second || cached->second->campaign_id != endpoint.campaign_id;
  if (!fresh) cursor = *cached->second;
  const store::keys::LeadEventPosition after{cursor.stamp, cursor.lead_id, cursor.kind};
  std::vector<core::WebhookDelivery> taken;
  size_t read = 0;
  core::Status failed;
  core::Status scanned = events_.repo().Scan(
      endpoint.campaign_id, &after, watermark_(now), [&](const store::keys::LeadEventPosition& position, auto payload) {
        auto event = DecodeLeadEvent(endpoint.campaign_id, position, payload);
        if (event.has_value()) {
          auto body = audience_.Body(endpoint, *event, now);
          if (!body.has_value()) {
            failed = body.error();  // e.g. a duplicate's lead unreadable: stop here, retry next round
            return false;
          }
          if (*body) {
            core::WebhookDelivery delivery;
            delivery.endpoint_id = endpoint.id;
            delivery.event = {endpoint.campaign_id, position.stamp, position.lead_id, position.kind};
            delivery.created_at = position.stamp;
            delivery.next_attempt_at = now;
            taken.push_back(std::move(delivery));
          }
        }
        cursor = {endpoint.campaign_id, position.stamp, position.lead_id, position.kind};
        return ++read < settings_.events_per_round;
      });
  if (!scanned.ok() || !failed.ok()) {
    core::log::Warn("webhook_events_not_taken_up", {{"endpoint_id", std::to_string(endpoint.id)},
                                                    {"detail", (scanned.ok() ? failed : scanned).detail()}});
  }
  if (read == 0 && !fresh) return;
  if (!writes_.TakeUp(endpoint.id, taken, cursor).ok()) return;  // taken up again next round
  cached->second = cursor;
  for (const auto& delivery : taken) Schedule(delivery);
}

void WebhookDispatcher::Schedule(const core::WebhookDelivery& delivery) {
  due_[delivery.endpoint_id].insert({delivery.next_attempt_at, KeyOf(delivery.event)});
}

void WebhookDispatcher::SendDue(const core::WebhookEndpoint& endpoint, int64_t now) {
  auto due = due_.find(endpoint.id);
  if (due == due_.end()) return;
  auto& flying = in_flight_[endpoint.id];
  while (!due->second.empty() && due->second.begin()->first <= now && in_flight_total_ < settings_.max_in_flight &&
         flying.size() < settings_.max_in_flight_per_endpoint) {
    const Key key = due->second.begin()->second;
    due->second.erase(due->second.begin());
    auto delivery = deliveries_.Get(endpoint.id, RefOf(key));
    if (!delivery.has_value()) {
      due->second.insert({now + 1000, key});  // the store is failing: a second later
      return;
    }
    if (!*delivery || (*delivery)->state != core::DeliveryState::kPending || flying.contains(key)) continue;
    if ((*delivery)->next_attempt_at > now) {
      // A place in the queue from before its last attempt: it is due later.
      due->second.insert({(*delivery)->next_attempt_at, key});
      continue;
    }
    Send(endpoint, std::move(**delivery), now);
  }
}

void WebhookDispatcher::Send(const core::WebhookEndpoint& endpoint, core::WebhookDelivery delivery, int64_t now) {
  std::string body;
  if (delivery.event.kind == core::kWebhookPingKind) {
    body = WebhookAudience::PingBody(endpoint.id, delivery.event.stamp);
  } else {
    const store::keys::LeadEventPosition position{delivery.event.stamp, delivery.event.lead_id, delivery.event.kind};
    auto payload = events_.repo().Get(delivery.event.campaign_id, position);
    if (!payload.has_value()) {
      Schedule(delivery);  // the store is failing: when it is due again
      return;
    }
    std::optional<std::string> made;
    if (*payload) {
      auto event = DecodeLeadEvent(delivery.event.campaign_id, position, **payload);
      auto seen = event.has_value() ? audience_.Body(endpoint, *event, now)
                                    : core::Result<std::optional<std::string>>(event.error());
      if (!seen.has_value()) {
        delivery.next_attempt_at = now + 1000;
        Schedule(delivery);
        return;
      }
      made = std::move(*seen);
    }
    if (!made) {
      // Erased with its lead (or out of the endpoint's scope by now): nothing may be sent.
      delivery.AddAttempt({now, 0, 0, "event_erased", "the lead was deleted, or left the endpoint's scope, first", ""});
      Fail(delivery);
      return;
    }
    body = std::move(*made);
  }
  const std::string id = core::WebhookMessageId(delivery.event).value_or("");
  const int64_t timestamp = now / 1000;
  WebhookRequest request{endpoint.url, {}, std::move(body)};
  request.headers = {{"Content-Type", "application/json"},
                     {"User-Agent", "leadgate-webhooks/1"},
                     {"webhook-id", id},
                     {"webhook-timestamp", std::to_string(timestamp)},
                     {"webhook-signature",
                      auth::WebhookSignatureHeader(webhooks_.SigningKeys(endpoint, now), id, timestamp, request.body)}};
  const Key key = KeyOf(delivery.event);
  in_flight_[endpoint.id].insert(key);
  ++in_flight_total_;
  transport_.Send(std::move(request),
                  [this, endpoint_id = endpoint.id, event = delivery.event, now](WebhookResponse response) {
                    {
                      std::lock_guard lock(inbox_mu_);
                      answers_.push_back(Answer{endpoint_id, event, now, std::move(response)});
                    }
                    Wake();
                  });
}

void WebhookDispatcher::Record(const Answer& answer, int64_t now,
                               std::map<uint64_t, core::WebhookEndpoint>& endpoints) {
  auto flying = in_flight_.find(answer.endpoint_id);
  if (flying == in_flight_.end() || flying->second.erase(KeyOf(answer.event)) == 0) return;  // forgotten
  --in_flight_total_;
  auto stored = deliveries_.Get(answer.endpoint_id, answer.event);
  if (!stored.has_value() || !*stored || (*stored)->state != core::DeliveryState::kPending) return;
  core::WebhookDelivery delivery = std::move(**stored);
  const WebhookResponse& r = answer.response;
  delivery.AddAttempt({answer.started_at, r.status, r.latency_ms, r.error, r.detail, r.body_head});
  if (delivery.next_attempt_at > answer.started_at) {
    // Replayed while this attempt was on its way (the replay found it in flight): the attempt
    // goes in its log, and the replay is still to be sent.
    if (StoreDelivery(delivery).ok()) Schedule(delivery);
    return;
  }
  const bool ping = delivery.event.kind == core::kWebhookPingKind;
  using Outcome = EndpointHealthReport::Outcome;
  auto report = [&](Outcome outcome) {
    // A ping says nothing about the events' deliveries.
    if (ping) return;
    const EndpointHealthReport health{answer.endpoint_id, outcome, answer.started_at, now,
                                      settings_.disable_after_failing.count()};
    // Written only when it changes the endpoint (in a cluster each write is a command of the log).
    auto endpoint = endpoints.find(answer.endpoint_id);
    if (endpoint == endpoints.end() || !ApplyHealthReport(endpoint->second, health)) return;
    core::Status reported = writes_.ReportHealth(health);
    if (!reported.ok()) {
      core::log::Warn("webhook_health_not_recorded",
                      {{"endpoint_id", std::to_string(answer.endpoint_id)}, {"detail", reported.detail()}});
    }
  };
  if (Succeeded(r.status)) {
    delivery.state = core::DeliveryState::kSucceeded;
    ++stats_.succeeded;
    report(Outcome::kSucceeded);
    (void)StoreDelivery(delivery);
    return;
  }
  if (r.status == 410 && !ping) {
    report(Outcome::kGone);
    Fail(delivery);
    return;
  }
  auto delay = ping ? std::nullopt : core::WebhookRetryDelay(delivery.retries, jitter_(), r.retry_after_seconds);
  report(Outcome::kFailed);
  if (!delay) {
    Fail(delivery);
    return;
  }
  ++delivery.retries;
  ++stats_.retried;
  delivery.next_attempt_at = now + delay->count();
  if (StoreDelivery(delivery).ok()) Schedule(delivery);
}

void WebhookDispatcher::Fail(core::WebhookDelivery& delivery) {
  delivery.state = core::DeliveryState::kFailed;
  ++stats_.failed;
  (void)StoreDelivery(delivery);
}

core::Status WebhookDispatcher::StoreDelivery(const core::WebhookDelivery& delivery) {
  core::Status stored = writes_.Put(delivery);
  if (!stored.ok()) {
    // Still pending in the store: looked at again in a second (and sent again if still so).
    due_[delivery.endpoint_id].insert({now_() + 1000, KeyOf(delivery.event)});
    core::log::Warn("webhook_delivery_not_recorded",
                    {{"endpoint_id", std::to_string(delivery.endpoint_id)}, {"detail", stored.detail()}});
  }
  return stored;
}

void WebhookDispatcher::ApplyRetention(int64_t now) {
  last_retention_ = now;
  const int64_t before = now - settings_.log_retention.count();
  for (const auto& endpoint : webhooks_.All()) {
    auto dropped = writes_.DropBefore(endpoint.id, before, kRetentionBatch);
    // Pending deliveries that old are dropped too: forget their places in the queue.
    if (dropped.has_value() && *dropped > 0) {
      if (auto due = due_.find(endpoint.id); due != due_.end()) {
        std::erase_if(due->second, [&](const auto& entry) { return std::get<0>(entry.second) < before; });
      }
    }
  }
  (void)writes_.DropEventsBefore(before, kRetentionBatch);
}

WebhookDispatcher::Stats WebhookDispatcher::stats() const {
  std::lock_guard lock(mu_);
  Stats stats = stats_;
  stats.pending = in_flight_total_;
  int64_t oldest = INT64_MAX;
  for (const auto& [id, entries] : due_) {
    stats.pending += entries.size();
    for (const auto& entry : entries) oldest = std::min(oldest, std::get<0>(entry.second));
  }
  for (const auto& [id, keys] : in_flight_) {
    for (const auto& key : keys) oldest = std::min(oldest, std::get<0>(key));
  }
  stats.oldest_pending_ms = oldest == INT64_MAX ? 0 : std::max<int64_t>(now_() - oldest, 0);
  return stats;
}

}  // namespace lg::service
