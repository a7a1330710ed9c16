#include "core/webhook_delivery.h"

#include <array>
#include <charconv>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

// The id's kind names, by kind byte (0: ping, 1..4: lead events).
constexpr std::array<std::string_view, 5> kKindNames{"ping", "created", "updated", "status_changed", "deleted"};
constexpr std::array<std::string_view, 5> kKindTypes{kWebhookPingType, "lead.created", "lead.updated",
                                                     "lead.status_changed", "lead.deleted"};

// Reads a decimal number up to the next '_' (or the end) and moves past that '_'.
template <typename Number>
bool ReadPart(std::string_view& text, Number& out) {
  const size_t end = text.find('_');
  const std::string_view part = text.substr(0, end);
  auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
  if (ec != std::errc() || ptr != part.data() + part.size() || part.empty()) return false;
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return end != std::string_view::npos;
}

}  // namespace

std::optional<std::string> WebhookMessageId(const WebhookEventRef& event) {
  if (event.kind >= kKindNames.size()) return std::nullopt;
  return "evt_" + std::to_string(event.campaign_id) + "_" + std::to_string(event.stamp) + "_" +
         std::to_string(event.lead_id) + "_" + std::string(kKindNames[event.kind]);
}

std::optional<WebhookEventRef> ParseWebhookMessageId(std::string_view id) {
  if (!id.starts_with("evt_")) return std::nullopt;
  id.remove_prefix(4);
  WebhookEventRef event;
  if (!ReadPart(id, event.campaign_id) || !ReadPart(id, event.stamp) || !ReadPart(id, event.lead_id)) {
    return std::nullopt;
  }
  for (size_t kind = 0; kind < kKindNames.size(); ++kind) {
    if (id == kKindNames[kind]) {
      event.kind = static_cast<uint8_t>(kind);
      // A ping names no lead; a lead event always does.
      if ((kind == kWebhookPingKind) != (event.lead_id == 0)) return std::nullopt;
      return event;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> WebhookEventType(uint8_t kind) {
  if (kind >= kKindTypes.size()) return std::nullopt;
  return kKindTypes[kind];
}

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kSucceeded:
      return "succeeded";
    case DeliveryState::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view name) {
  for (auto state : {DeliveryState::kPending, DeliveryState::kSucceeded, DeliveryState::kFailed}) {
    if (DeliveryStateName(state) == name) return state;
  }
  return std::nullopt;
}

void WebhookDelivery::AddAttempt(WebhookAttempt attempt) {
  if (attempts.size() == kMaxKeptAttempts) attempts.erase(attempts.begin());
  attempts.push_back(std::move(attempt));
}

std::string EncodeWebhookDelivery(const WebhookDelivery& d) {
  JsonWriter out;
  out.BeginObject().Key("endpoint_id").Uint(d.endpoint_id).Key("campaign_id").Uint(d.event.campaign_id);
  out.Key("stamp").Int(d.event.stamp).Key("lead_id").Uint(d.event.lead_id).Key("kind").Uint(d.event.kind);
  out.Key("state").Uint(static_cast<uint8_t>(d.state)).Key("created_at").Int(d.created_at);
  out.Key("next_attempt_at").Int(d.next_attempt_at).Key("retries").Int(d.retries);
  out.Key("attempts").BeginArray();
  for (const auto& a : d.attempts) {
    out.BeginObject().Key("at").Int(a.at).Key("status").Int(a.status).Key("latency_ms").Int(a.latency_ms);
    out.Key("error").String(a.error).Key("detail").String(a.detail).Key("response").String(a.response);
    out.EndObject();
  }
  out.EndArray().EndObject();
  return out.Take();
}

Result<WebhookDelivery> DecodeWebhookDelivery(std::string_view stored) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseStoredJsonObject(parser, stored, obj));
  WebhookDelivery d;
  uint64_t kind = 0;
  uint64_t state = 0;
  int64_t retries = 0;
  bool ok = !obj["endpoint_id"].get_uint64().get(d.endpoint_id) &&
            !obj["campaign_id"].get_uint64().get(d.event.campaign_id) && !obj["stamp"].get_int64().get(d.event.stamp) &&
            !obj["lead_id"].get_uint64().get(d.event.lead_id) && !obj["kind"].get_uint64().get(kind) &&
            !obj["state"].get_uint64().get(state) && !obj["created_at"].get_int64().get(d.created_at) &&
            !obj["next_attempt_at"].get_int64().get(d.next_attempt_at) && !obj["retries"].get_int64().get(retries);
  simdjson::dom::array attempts;
  ok = ok && !obj["attempts"].get_array().get(attempts);
  if (ok) {
    for (simdjson::dom::element item : attempts) {
      WebhookAttempt a;
      int64_t status = 0;
      std::string_view error;
      std::string_view detail;
      std::string_view response;
      ok &= !item["at"].get_int64().get(a.at) && !item["status"].get_int64().get(status) &&
            !item["latency_ms"].get_int64().get(a.latency_ms) && !item["error"].get_string().get(error) &&
            !item["detail"].get_string().get(detail) && !item["response"].get_string().get(response);
      a.status = static_cast<int>(status);
      a.error.assign(error);
      a.detail.assign(detail);
      a.response.assign(response);
      d.attempts.push_back(std::move(a));
    }
  }
  if (!ok || kind >= kKindNames.size() || state < 1 || state > 3) {
    return Status(ErrorKind::kInternal, "internal_error", "a stored webhook delivery does not decode");
  }
  d.event.kind = static_cast<uint8_t>(kind);
  d.state = static_cast<DeliveryState>(state);
  d.retries = static_cast<int>(retries);
  return d;
}

std::string WebhookDeliveryJson(const WebhookDelivery& d) {
  JsonWriter out;
  out.BeginObject().Key("id").String(WebhookMessageId(d.event).value_or(""));
  out.Key("endpoint_id").Uint(d.endpoint_id).Key("event_type").String(WebhookEventType(d.event.kind).value_or(""));
  out.Key("campaign_id").Uint(d.event.campaign_id).Key("lead_id");
  out.UintOrNull(d.event.lead_id != 0 ? std::optional<uint64_t>(d.event.lead_id) : std::nullopt);
  out.Key("state").String(DeliveryStateName(d.state)).Key("created_at").String(FormatTimestamp(d.created_at));
  out.Key("next_attempt_at");
  out.StringOrNull(d.state == DeliveryState::kPending ? std::optional<std::string>(FormatTimestamp(d.next_attempt_at))
                                                      : std::nullopt);
  out.Key("attempts").BeginArray();
  for (const auto& a : d.attempts) {
    out.BeginObject().Key("at").String(FormatTimestamp(a.at)).Key("status");
    out.IntOrNull(a.status != 0 ? std::optional<int64_t>(a.status) : std::nullopt);
    out.Key("latency_ms").Int(a.latency_ms).Key("error");
    out.StringOrNull(a.error.empty() ? std::nullopt : std::optional<std::string>(a.error));
    out.Key("detail").String(a.detail).Key("response").String(a.response).EndObject();
  }
  out.EndArray().EndObject();
  return out.Take();
}

}  // namespace lg::core
