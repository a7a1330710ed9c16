#include "service/lead_events.h"

#include <simdjson.h>

#include <array>

#include "core/json_writer.h"

namespace lg::service {
namespace {

constexpr std::array<std::string_view, 4> kTypes{"lead.created", "lead.updated", "lead.status_changed", "lead.deleted"};

// {"lead": <stored lead>[, "status_from": "..."]}
std::string Payload(std::string_view lead_json, const std::string* status_from) {
  core::JsonWriter out;
  out.BeginObject().Key("lead").Raw(lead_json);
  if (status_from) out.Key("status_from").String(*status_from);
  out.EndObject();
  return out.Take();
}

store::keys::LeadEventPosition At(int64_t stamp, uint64_t lead_id, LeadEventKind kind) {
  return {stamp, lead_id, static_cast<uint8_t>(kind)};
}

}  // namespace

std::optional<std::string_view> LeadEventType(uint8_t kind) {
  if (kind < 1 || kind > kTypes.size()) return std::nullopt;
  return kTypes[kind - 1];
}

std::optional<LeadEventKind> LeadEventKindOf(std::string_view type) {
  for (size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i] == type) return static_cast<LeadEventKind>(i + 1);
  }
  return std::nullopt;
}

core::Result<LeadEvent> DecodeLeadEvent(uint64_t campaign_id, const store::keys::LeadEventPosition& position,
                                        std::string_view payload) {
  if (!LeadEventType(position.kind)) {
    return core::Status(core::ErrorKind::kInternal, "internal_error", "an event of an unknown kind");
  }
  LeadEvent event;
  event.campaign_id = campaign_id;
  event.position = position;
  event.kind = static_cast<LeadEventKind>(position.kind);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::element lead;
  if (parser.parse(payload.data(), payload.size()).get(doc) || doc["lead"].get(lead)) {
    return core::Status(core::ErrorKind::kInternal, "internal_error", "an event that does not decode");
  }
  event.lead_json = simdjson::minify(lead);
  std::string_view from;
  if (!doc["status_from"].get(from)) event.status_from = std::string(from);
  return event;
}

void LeadEvents::SetWanted(uint64_t campaign_id, bool wanted) {
  std::unique_lock lock(mu_);
  if (wanted) {
    wanted_.insert(campaign_id);
  } else {
    wanted_.erase(campaign_id);
  }
}

bool LeadEvents::Wanted(uint64_t campaign_id) const {
  std::shared_lock lock(mu_);
  return wanted_.contains(campaign_id);
}

void LeadEvents::AddCreated(store::WriteUnit& unit, const core::Lead& lead, std::string_view lead_json) const {
  if (!Wanted(lead.campaign_id)) return;
  store::LeadEventRepo::Add(unit, lead.campaign_id, At(lead.updated_at, lead.id, LeadEventKind::kCreated),
                            Payload(lead_json, nullptr));
}

void LeadEvents::AddChanged(store::WriteUnit& unit, const core::Lead& previous, const core::Lead& lead,
                            std::string_view lead_json) const {
  if (!Wanted(lead.campaign_id)) return;
  store::LeadEventRepo::Add(unit, lead.campaign_id, At(lead.updated_at, lead.id, LeadEventKind::kUpdated),
                            Payload(lead_json, nullptr));
  if (previous.status != lead.status) {
    store::LeadEventRepo::Add(unit, lead.campaign_id, At(lead.updated_at, lead.id, LeadEventKind::kStatusChanged),
                              Payload(lead_json, &previous.status));
  }
}

core::Status LeadEvents::AddDeleted(store::WriteUnit& unit, const core::Lead& lead, int64_t deleted_at,
                                    std::string_view stored_tombstone) const {
  LG_RETURN_IF_ERROR(repo_.AddForgetLead(unit, core::CampaignId(lead.campaign_id), core::LeadId(lead.id)));
  if (Wanted(lead.campaign_id)) {
    store::LeadEventRepo::Add(unit, lead.campaign_id, At(deleted_at, lead.id, LeadEventKind::kDeleted),
                              Payload(stored_tombstone, nullptr));
  }
  return core::Status::Ok();
}

}  // namespace lg::service
