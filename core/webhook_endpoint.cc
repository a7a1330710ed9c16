#include "core/webhook_endpoint.h"

#include <algorithm>

#include "core/hex.h"
#include "core/json_writer.h"
#include "core/outbound_url.h"
#include "core/time_util.h"
#include "core/utf8.h"

namespace lg::core {
namespace {

// The types in kLeadEventTypes order, without repeats; false when one is unknown.
bool Canonical(std::vector<std::string>& types) {
  std::vector<std::string> out;
  for (std::string_view known : kLeadEventTypes) {
    if (std::find(types.begin(), types.end(), known) != types.end()) out.emplace_back(known);
  }
  const bool all_known = std::all_of(types.begin(), types.end(), [](const std::string& type) {
    return std::find(kLeadEventTypes.begin(), kLeadEventTypes.end(), type) != kLeadEventTypes.end();
  });
  types = std::move(out);
  return all_known;
}

bool IsVisibleAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

void ReadUrl(simdjson::dom::element value, FieldErrors& errors, std::optional<std::string>& out) {
  std::string url;
  if (!ReadString(value, "url", errors, url)) return;
  // The sender's own reading (core/outbound_url.h), so a URL it would refuse is refused here.
  auto parsed = url.size() <= kMaxWebhookUrlBytes && IsVisibleAscii(url)
                    ? ParseOutboundUrl(url)
                    : Result<OutboundUrl>(Status::Malformed("invalid_url", ""));
  if (!parsed.has_value()) {
    errors.Add("url", "invalid_url",
               "must be an absolute http(s) URL of at most 2048 visible ASCII characters, with a host name or an IP "
               "address and no user name" +
                   (parsed.error().detail().empty() ? std::string() : ": " + parsed.error().detail()));
    return;
  }
  out = std::move(url);
}

void ReadEventTypes(simdjson::dom::element value, FieldErrors& errors, std::optional<std::vector<std::string>>& out) {
  simdjson::dom::array items;
  std::vector<std::string> types;
  bool ok = !value.get_array().get(items);
  if (ok) {
    for (simdjson::dom::element item : items) {
      std::string_view type;
      if (item.get_string().get(type)) {
        ok = false;
        break;
      }
      types.emplace_back(type);
    }
  }
  if (!ok || types.empty() || !Canonical(types)) {
    errors.Add("event_types", "invalid_event_types",
               "must be a non-empty list of lead.created, lead.updated, lead.status_changed, lead.deleted");
    return;
  }
  out = std::move(types);
}

void ReadId(simdjson::dom::element value, const char* field, FieldErrors& errors, uint64_t& out) {
  if (value.get_uint64().get(out) || out == 0) errors.Add(field, "invalid_id", "must be a positive integer id");
}

}  // namespace

bool WebhookEndpoint::Wants(std::string_view event_type) const {
  return std::find(event_types.begin(), event_types.end(), event_type) != event_types.end();
}

std::string EncodeWebhookEndpoint(const WebhookEndpoint& e) {
  JsonWriter out;
  out.BeginObject().Key("id").Uint(e.id).Key("url").String(e.url).Key("description").String(e.description);
  out.Key("event_types").BeginArray();
  for (const auto& type : e.event_types) out.String(type);
  out.EndArray().Key("campaign_id").Uint(e.campaign_id);
  if (e.filter_id) out.Key("filter_id").Uint(*e.filter_id);
  if (e.token_id) out.Key("token_id").Uint(*e.token_id);
  out.Key("enabled").Bool(e.enabled).Key("disabled_reason").String(e.disabled_reason);
  out.Key("secrets").BeginArray();
  for (const auto& secret : e.secrets) {
    out.BeginObject().Key("sealed").String(ToHex(secret.sealed)).Key("created_at").Int(secret.created_at);
    if (secret.retires_at) out.Key("retires_at").Int(*secret.retires_at);
    out.EndObject();
  }
  out.EndArray().Key("created_at").Int(e.created_at).Key("updated_at").Int(e.updated_at);
  if (e.failing_since) out.Key("failing_since").Int(*e.failing_since);
  out.EndObject();
  return out.Take();
}

std::string WebhookEndpointJson(const WebhookEndpoint& e, int64_t now_millis, const std::string* secret) {
  JsonWriter out;
  auto time = [](std::optional<int64_t> at) {
    return at ? std::optional<std::string>(FormatTimestamp(*at)) : std::nullopt;
  };
  out.BeginObject().Key("id").Uint(e.id).Key("url").String(e.url).Key("description").String(e.description);
  out.Key("event_types").BeginArray();
  for (const auto& type : e.event_types) out.String(type);
  out.EndArray().Key("campaign_id").Uint(e.campaign_id).Key("filter_id").UintOrNull(e.filter_id);
  out.Key("token_id").UintOrNull(e.token_id).Key("enabled").Bool(e.enabled).Key("disabled_reason");
  out.StringOrNull(e.enabled ? std::nullopt : std::optional<std::string>(e.disabled_reason));
  out.Key("failing_since").StringOrNull(time(e.failing_since));
  std::optional<int64_t> retiring;
  for (const auto& s : e.secrets) {
    if (s.retires_at && *s.retires_at > now_millis) retiring = std::max(retiring.value_or(0), *s.retires_at);
  }
  out.Key("previous_secret_retires_at").StringOrNull(time(retiring));
  out.Key("created_at").String(FormatTimestamp(e.created_at)).Key("updated_at").String(FormatTimestamp(e.updated_at));
  if (secret) out.Key("secret").String(*secret);
  out.EndObject();
  return out.Take();
}

Result<WebhookEndpoint> DecodeWebhookEndpoint(std::string_view stored) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseStoredJsonObject(parser, stored, obj));
  WebhookEndpoint e;
  bool ok = true;
  for (auto [key, value] : obj) {
    std::string_view text;
    uint64_t u = 0;
    int64_t i = 0;
    if (key == "id") {
      ok &= !value.get_uint64().get(e.id);
    } else if (key == "url") {
      ok &= !value.get_string().get(text);
      e.url.assign(text);
    } else if (key == "description") {
      ok &= !value.get_string().get(text);
      e.description.assign(text);
    } else if (key == "event_types") {
      simdjson::dom::array types;
      ok &= !value.get_array().get(types);
      for (simdjson::dom::element type : types) {
        ok &= !type.get_string().get(text);
        e.event_types.emplace_back(text);
      }
    } else if (key == "campaign_id") {
      ok &= !value.get_uint64().get(e.campaign_id);
    } else if (key == "filter_id") {
      ok &= !value.get_uint64().get(u);
      e.filter_id = u;
    } else if (key == "token_id") {
      ok &= !value.get_uint64().get(u);
      e.token_id = u;
    } else if (key == "enabled") {
      ok &= !value.get_bool().get(e.enabled);
    } else if (key == "disabled_reason") {
      ok &= !value.get_string().get(text);
      e.disabled_reason.assign(text);
    } else if (key == "secrets") {
      simdjson::dom::array secrets;
      ok &= !value.get_array().get(secrets);
      for (simdjson::dom::element item : secrets) {
        WebhookSecret secret;
        ok &= !item["sealed"].get_string().get(text);
        auto sealed = FromHex(text);
        ok &= sealed.has_value() && !item["created_at"].get_int64().get(secret.created_at);
        if (sealed) secret.sealed = std::move(*sealed);
        if (!item["retires_at"].get_int64().get(i)) secret.retires_at = i;
        e.secrets.push_back(std::move(secret));
      }
    } else if (key == "created_at") {
      ok &= !value.get_int64().get(e.created_at);
    } else if (key == "updated_at") {
      ok &= !value.get_int64().get(e.updated_at);
    } else if (key == "failing_since") {
      ok &= !value.get_int64().get(i);
      e.failing_since = i;
    }
  }
  if (!ok) return Status(ErrorKind::kInternal, "internal_error", "a stored webhook endpoint does not decode");
  return e;
}

Result<WebhookEndpointInput> ParseWebhookEndpointInput(std::string_view body, bool patch) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, body, obj));
  WebhookEndpointInput in;
  FieldErrors errors;
  for (auto [key, value] : obj) {
    if (key == "url") {
      ReadUrl(value, errors, in.url);
    } else if (key == "description") {
      std::string description;
      if (ReadString(value, "description", errors, description)) {
        if (CodePointCount(description) > kMaxWebhookDescriptionCharacters) {
          errors.Add("description", "too_long", "must be at most 500 characters");
        } else {
          in.description = std::move(description);
        }
      }
    } else if (key == "event_types") {
      ReadEventTypes(value, errors, in.event_types);
    } else if (key == "campaign_id") {
      uint64_t id = 0;
      ReadId(value, "campaign_id", errors, id);
      in.campaign_id = id;
    } else if (key == "filter_id") {
      uint64_t id = 0;
      if (value.is_null()) {
        in.filter_id = std::optional<uint64_t>();
      } else {
        ReadId(value, "filter_id", errors, id);
        in.filter_id = id;
      }
    } else if (key == "enabled") {
      bool enabled = true;
      if (ReadBool(value, "enabled", errors, enabled)) in.enabled = enabled;
    } else {
      errors.Add(std::string(key), "unknown_field", "is not a member of a webhook endpoint");
    }
  }
  if (!patch) {
    if (!in.url && !errors.Has("url")) errors.Add("url", "required", "is required");
    if (!in.event_types && !errors.Has("event_types")) errors.Add("event_types", "required", "is required");
  }
  LG_RETURN_IF_ERROR(errors.ToStatus());
  return in;
}

}  // namespace lg::core
