#pragma once
// One event's delivery to one webhook endpoint, as the delivery log keeps it: what was sent
// (the event's place and type, never its body), every attempt (time, HTTP status, latency, the
// first 1 KiB of the answer, the error) and what happens next. Pure: the stored form, the API's
// form, and the message id (Standard Webhooks' `webhook-id`) that names an event the same way on
// every retry and every endpoint.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::core {

// The kind byte of a ping (POST /v2/webhooks/{id}/ping): not a lead event (those are 1..4).
inline constexpr uint8_t kWebhookPingKind = 0;
inline constexpr std::string_view kWebhookPingType = "webhook.ping";
// The attempts a record keeps (the newest): a replayed delivery may try many times.
inline constexpr size_t kMaxKeptAttempts = 20;

// Where an event sits (its change's sync-feed position and kind); a ping's is its send time, lead
// 0 and kWebhookPingKind.
struct WebhookEventRef {
  uint64_t campaign_id = 0;
  int64_t stamp = 0;
  uint64_t lead_id = 0;
  uint8_t kind = 0;
  bool operator==(const WebhookEventRef&) const = default;
};

// "evt_<campaign>_<stamp>_<lead>_<kind>", kind as its type without "lead." ("created",
// "status_changed", "ping"). nullopt for an unknown kind, or text that is not such an id.
std::optional<std::string> WebhookMessageId(const WebhookEventRef& event);
std::optional<WebhookEventRef> ParseWebhookMessageId(std::string_view id);
// "lead.created" … "lead.deleted", "webhook.ping"; nullopt for other kinds.
std::optional<std::string_view> WebhookEventType(uint8_t kind);

enum class DeliveryState : uint8_t { kPending = 1, kSucceeded = 2, kFailed = 3 };
std::string_view DeliveryStateName(DeliveryState state);  // "pending", "succeeded", "failed"
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);

struct WebhookAttempt {
  int64_t at = 0;  // when it started (ms)
  int status = 0;  // the HTTP status; 0 when no answer came
  int64_t latency_ms = 0;
  std::string error;     // a stable code (service/webhook_transport.h), "" for an HTTP answer
  std::string detail;    // for people
  std::string response;  // the first 1 KiB of the answer's body
  bool operator==(const WebhookAttempt&) const = default;
};

struct WebhookDelivery {
  uint64_t endpoint_id = 0;
  WebhookEventRef event;
  DeliveryState state = DeliveryState::kPending;
  int64_t created_at = 0;
  // The next attempt (pending only): not before this time (ms).
  int64_t next_attempt_at = 0;
  // Retries made under the backoff schedule since the first attempt or the last replay.
  int retries = 0;
  std::vector<WebhookAttempt> attempts;  // oldest first, at most kMaxKeptAttempts
  bool operator==(const WebhookDelivery&) const = default;

  void AddAttempt(WebhookAttempt attempt);
};

std::string EncodeWebhookDelivery(const WebhookDelivery& delivery);
Result<WebhookDelivery> DecodeWebhookDelivery(std::string_view stored);
// The API's form: {"id": "evt_…", "endpoint_id", "event_type", "campaign_id", "lead_id" (null for
// a ping), "state", "created_at", "next_attempt_at" (null unless pending), "attempts": [{"at",
// "status" (null without an answer), "latency_ms", "error", "detail", "response"}]}.
std::string WebhookDeliveryJson(const WebhookDelivery& delivery);

}  // namespace lg::core
