// WebhookDispatcher's requests from the API: the delivery log, replays and pings (the rounds
// that deliver are in service/webhook_dispatcher.cc).
#include <charconv>

#include "core/json_reader.h"
#include "core/list_query.h"
#include "core/time_util.h"
#include "service/webhook_dispatcher.h"

namespace lg::service {
namespace {

constexpr size_t kDefaultPageLimit = 50;
constexpr size_t kMaxPageLimit = 200;
// A bad query parameter: 400 invalid_parameter naming it, as the lead lists answer.
core::Status BadParameter(const std::string& name, const std::string& why) {
  return core::InvalidListParameter(name, why);
}

core::Status NoSuchDelivery() { return core::Status::NotFound("No such delivery of this webhook endpoint."); }

// {"from": RFC 3339, "to": RFC 3339}, both optional: the range [from, to).
core::Result<std::pair<int64_t, int64_t>> ReplayRange(std::string_view body) {
  std::pair<int64_t, int64_t> range{0, INT64_MAX};
  if (body.empty()) return range;
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  core::FieldErrors errors;
  for (auto [key, value] : obj) {
    if (key == "from" || key == "to") {
      std::string text;
      if (!core::ReadString(value, std::string(key), errors, text)) continue;
      auto at = core::ParseTimestamp(text);
      if (!at) {
        errors.Add(std::string(key), "invalid_timestamp", "must be an RFC 3339 time");
      } else {
        (key == "from" ? range.first : range.second) = *at;
      }
    } else {
      errors.Add(std::string(key), "unknown_field", "is not a member of a replay");
    }
  }
  LG_RETURN_IF_ERROR(errors.ToStatus());
  return range;
}

}  // namespace

core::Result<WebhookDeliveryPage> WebhookDispatcher::Deliveries(
    const auth::Principal& principal, uint64_t endpoint_id,
    const std::multimap<std::string, std::string>& params) const {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, webhooks_.Get(principal, endpoint_id));
  std::optional<core::DeliveryState> state;
  std::optional<core::WebhookEventRef> before;
  size_t limit = kDefaultPageLimit;
  for (const auto& [name, value] : params) {
    if (name == "state") {
      state = core::ParseDeliveryState(value);
      if (!state) return BadParameter("state", "must be pending, succeeded or failed");
    } else if (name == "cursor") {
      before = core::ParseWebhookMessageId(value);
      if (!before) return BadParameter("cursor", "must be a next_cursor of this log");
    } else if (name == "limit") {
      size_t parsed = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc() || end != value.data() + value.size() || parsed < 1 || parsed > kMaxPageLimit) {
        return BadParameter("limit", "must be 1 to 200");
      }
      limit = parsed;
    } else {
      return BadParameter(name, "is not a parameter of the delivery log");
    }
  }
  WebhookDeliveryPage page;
  bool more = false;
  LG_RETURN_IF_ERROR(
      deliveries_.ListNewestFirst(endpoint.id, before ? &*before : nullptr, [&](const core::WebhookDelivery& delivery) {
        if (state && delivery.state != *state) return true;
        if (page.deliveries.size() == limit) {
          more = true;
          return false;
        }
        page.deliveries.push_back(delivery);
        return true;
      }));
  if (more) page.next_cursor = core::WebhookMessageId(page.deliveries.back().event);
  return page;
}

core::Result<core::WebhookDelivery> WebhookDispatcher::Requeue(const core::WebhookEndpoint& endpoint,
                                                               core::WebhookDelivery delivery, int64_t now) {
  const Key key = KeyOf(delivery.event);
  if (auto due = due_.find(endpoint.id); due != due_.end()) {
    std::erase_if(due->second, [&](const auto& entry) { return entry.second == key; });
  }
  delivery.state = core::DeliveryState::kPending;
  delivery.retries = 0;
  delivery.next_attempt_at = now;
  LG_RETURN_IF_ERROR(writes_.Put(delivery));
  Schedule(delivery);
  return delivery;
}

core::Result<core::WebhookDelivery> WebhookDispatcher::Replay(const auth::Principal& principal, uint64_t endpoint_id,
                                                              std::string_view delivery_id) {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, webhooks_.Get(principal, endpoint_id));
  auto event = core::ParseWebhookMessageId(delivery_id);
  if (!event) return NoSuchDelivery();
  core::WebhookDelivery replayed;
  {
    std::lock_guard lock(mu_);
    LG_ASSIGN_OR_RETURN(auto delivery, deliveries_.Get(endpoint.id, *event));
    if (!delivery) return NoSuchDelivery();
    LG_ASSIGN_OR_RETURN(replayed, Requeue(endpoint, std::move(*delivery), now_()));
  }
  Wake();
  return replayed;
}

core::Result<size_t> WebhookDispatcher::ReplayFailed(const auth::Principal& principal, uint64_t endpoint_id,
                                                     std::string_view body) {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, webhooks_.Get(principal, endpoint_id));
  LG_ASSIGN_OR_RETURN(auto range, ReplayRange(body));
  size_t replayed = 0;
  {
    std::lock_guard lock(mu_);
    std::vector<core::WebhookDelivery> failed;
    LG_RETURN_IF_ERROR(deliveries_.ListNewestFirst(endpoint.id, nullptr, [&](const core::WebhookDelivery& delivery) {
      if (delivery.created_at < range.first) return false;
      if (delivery.created_at < range.second && delivery.state == core::DeliveryState::kFailed) {
        failed.push_back(delivery);
      }
      return true;
    }));
    const int64_t now = now_();
    for (auto& delivery : failed) {
      auto requeued = Requeue(endpoint, std::move(delivery), now);
      if (!requeued.has_value()) return requeued.error();
      ++replayed;
    }
  }
  Wake();
  return replayed;
}

core::Result<core::WebhookDelivery> WebhookDispatcher::Ping(const auth::Principal& principal, uint64_t endpoint_id) {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, webhooks_.Get(principal, endpoint_id));
  std::unique_lock lock(mu_);
  const int64_t now = now_();
  core::WebhookDelivery ping;
  ping.endpoint_id = endpoint.id;
  ping.event = {endpoint.campaign_id, now, 0, core::kWebhookPingKind};
  ping.created_at = now;
  ping.next_attempt_at = now;
  LG_RETURN_IF_ERROR(writes_.Put(ping));
  // Sent at once, whether the endpoint is enabled or not: a ping is how one tests it.
  Send(endpoint, ping, now);
  const auto deadline = std::chrono::steady_clock::now() + settings_.ping_wait;
  while (true) {
    LG_ASSIGN_OR_RETURN(auto stored, deliveries_.Get(endpoint.id, ping.event));
    if (!stored) return NoSuchDelivery();  // the endpoint was deleted meanwhile
    if (!(*stored).attempts.empty() || answered_.wait_until(lock, deadline) == std::cv_status::timeout) {
      return std::move(*stored);
    }
  }
}

}  // namespace lg::service
