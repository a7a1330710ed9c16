#pragma once
// A webhook endpoint: where the server POSTs lead events (service/lead_events.h) of one campaign,
// optionally narrowed by a saved filter, signed with the endpoint's secret (Standard Webhooks:
// auth/webhook_signature.h). An admin's endpoint has no owner; a token's endpoint belongs to that
// token, sees only what the token sees, and goes with it. Pure: the stored form, and the API's
// input (POST /v2/webhooks, PATCH /v2/webhooks/{id}) with its checks.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_reader.h"
#include "core/status.h"

namespace lg::core {

// The event types an endpoint may ask for, in their on-disk kind order (kind = index + 1).
inline constexpr std::array<std::string_view, 4> kLeadEventTypes{"lead.created", "lead.updated", "lead.status_changed",
                                                                 "lead.deleted"};
inline constexpr size_t kMaxWebhookUrlBytes = 2048;
inline constexpr size_t kMaxWebhookDescriptionCharacters = 500;  // code points, as the docs' maxLength

// One signing secret, sealed (auth/secret_box.h). While a secret is rotated, the old one keeps
// signing beside the new one until `retires_at`.
struct WebhookSecret {
  std::string sealed;
  int64_t created_at = 0;
  std::optional<int64_t> retires_at;
  bool operator==(const WebhookSecret&) const = default;
};

struct WebhookEndpoint {
  uint64_t id = 0;
  std::string url;
  std::string description;
  std::vector<std::string> event_types;  // from kLeadEventTypes, in that order, no repeats
  uint64_t campaign_id = 0;
  std::optional<uint64_t> filter_id;  // the endpoint's own narrowing (an owner token's filter applies too)
  std::optional<uint64_t> token_id;   // the owner; none: an admin's
  bool enabled = true;
  // Why it is disabled: "request" (PATCH enabled=false), "gone" (the endpoint answered 410),
  // "failing" (every delivery failed for 5 days), "offboarded" (its vendor was offboarded).
  std::string disabled_reason;
  std::vector<WebhookSecret> secrets;  // newest last
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> failing_since;  // the first failure of a run of failures
  bool operator==(const WebhookEndpoint&) const = default;

  bool Wants(std::string_view event_type) const;
};

std::string EncodeWebhookEndpoint(const WebhookEndpoint& endpoint);
// The API's form: {"id", "url", "description", "event_types", "campaign_id", "filter_id",
// "token_id" (the owner; null: an admin's), "enabled", "disabled_reason" (null while enabled),
// "failing_since", "previous_secret_retires_at" (while an old secret still signs), "created_at",
// "updated_at"} and "secret" when `secret` is given (creation, reveal, rotation only).
std::string WebhookEndpointJson(const WebhookEndpoint& endpoint, int64_t now_millis,
                                const std::string* secret = nullptr);
Result<WebhookEndpoint> DecodeWebhookEndpoint(std::string_view stored);

// What a POST or PATCH body says; each member present only when the body has it.
struct WebhookEndpointInput {
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> event_types;
  std::optional<uint64_t> campaign_id;
  std::optional<std::optional<uint64_t>> filter_id;  // null: no filter
  std::optional<bool> enabled;
};
// 400 for a body that is not a JSON object; 422 naming each bad member: url (an absolute http(s)
// URL of visible ASCII, at most 2048 bytes), description (at most 500 bytes), event_types (a
// non-empty list of known types), campaign_id, filter_id, enabled; unknown members are
// `unknown_field`. `patch`: nothing is required; else url and event_types are.
Result<WebhookEndpointInput> ParseWebhookEndpointInput(std::string_view body, bool patch);

}  // namespace lg::core
