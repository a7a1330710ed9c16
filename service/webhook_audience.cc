#include "service/webhook_audience.h"

#include "core/json_writer.h"
#include "core/lead_json.h"
#include "core/time_util.h"
#include "core/tombstone.h"
#include "core/webhook_delivery.h"
#include "service/authenticator.h"

namespace lg::service {
namespace {

std::string Envelope(std::string_view type, int64_t timestamp, std::string_view data) {
  core::JsonWriter out;
  out.BeginObject().Key("type").String(type).Key("timestamp").String(core::FormatTimestamp(timestamp));
  out.Key("data").Raw(data).EndObject();
  return out.Take();
}

}  // namespace

core::Result<std::optional<std::string>> WebhookAudience::Body(const core::WebhookEndpoint& endpoint,
                                                               const LeadEvent& event, int64_t now_millis) const {
  const auto none = std::optional<std::string>();
  auto type = LeadEventType(static_cast<uint8_t>(event.kind));
  if (!type || !endpoint.Wants(*type) || event.campaign_id != endpoint.campaign_id) return none;
  // Whose eyes: the owner token's, or (an admin's endpoint) the campaign's seen through the
  // endpoint's own filter, unmasked.
  auth::Principal principal{0, "webhook", core::Permission::kAdmin, endpoint.campaign_id, endpoint.filter_id};
  const bool owned = endpoint.token_id.has_value();
  if (owned) {
    auto token = tokens_.FindActive(*endpoint.token_id, now_millis);
    if (!token) return none;
    principal = PrincipalOf(*token);
    if (principal.campaign_id && *principal.campaign_id != event.campaign_id) return none;
  }
  CompiledFilterPtr scope = visibility_.ScopeFilter(principal);
  std::string lead;
  if (event.kind == LeadEventKind::kDeleted) {
    LG_ASSIGN_OR_RETURN(core::Tombstone tombstone, core::DecodeTombstone(event.lead_json));
    if (scope && !(principal.filter_id && core::ToldTo(tombstone, *principal.filter_id))) return none;
    lead = core::TombstoneItem(tombstone);
  } else {
    if (scope) {
      LG_ASSIGN_OR_RETURN(core::Lead decoded, core::DecodeLead(event.lead_json));
      if (!core::Matches(*scope, decoded)) return none;
    }
    lead = event.lead_json;
    if (owned && LeadVisibility::NeedsMasking(principal, scope.get(), lead)) {
      LG_ASSIGN_OR_RETURN(lead, visibility_.AsSeenBy(principal, scope.get(), event.campaign_id, std::move(lead)));
    }
  }
  core::JsonWriter data;
  data.BeginObject().Key("campaign_id").Uint(event.campaign_id).Key("lead").Raw(lead);
  if (event.status_from) data.Key("status_from").String(*event.status_from);
  data.EndObject();
  return std::optional<std::string>(Envelope(*type, event.position.stamp, data.Take()));
}

std::string WebhookAudience::PingBody(uint64_t endpoint_id, int64_t now_millis) {
  core::JsonWriter data;
  data.BeginObject().Key("endpoint_id").Uint(endpoint_id).EndObject();
  return Envelope(core::kWebhookPingType, now_millis, data.Take());
}

}  // namespace lg::service
