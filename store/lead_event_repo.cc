#include "store/lead_event_repo.h"

#include <optional>
#include <vector>

namespace lg::store {

void LeadEventRepo::Add(WriteUnit& unit, uint64_t campaign_id, const keys::LeadEventPosition& position,
                        std::string_view payload) {
  unit.Put(Cf::kEvents, keys::LeadEvent(campaign_id, position), keys::VersionedValue(payload));
  unit.Put(Cf::kEvents, keys::LeadEventByLead(campaign_id, position), {});
}

core::Status LeadEventRepo::AddForgetLead(WriteUnit& unit, core::CampaignId campaign_id, core::LeadId lead_id) const {
  const KeyRange range = keys::PrefixRange(keys::LeadEventByLeadPrefix(campaign_id, lead_id));
  return db_.Scan(Cf::kEvents, range, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeLeadEventByLead(key)) {
      unit.Delete(Cf::kEvents, keys::LeadEvent(campaign_id.value(), parts->position));
      unit.Delete(Cf::kEvents, key);
    }
    return true;
  });
}

core::Status LeadEventRepo::Scan(uint64_t campaign_id, const keys::LeadEventPosition* after, int64_t until,
                                 const Visit& visit) const {
  const KeyRange range = keys::LeadEventRange(campaign_id, after, until);
  if (range.begin >= range.end) return core::Status::Ok();
  return db_.Scan(Cf::kEvents, range, [&](std::string_view key, std::string_view value) {
    auto parts = keys::DecodeLeadEvent(key);
    auto payload = keys::VersionedPayload(value);
    if (!parts || !payload) return true;  // the integrity check names such keys
    return visit(parts->position, *payload);
  });
}

core::Result<std::optional<std::string>> LeadEventRepo::Get(uint64_t campaign_id,
                                                            const keys::LeadEventPosition& position) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kEvents, keys::LeadEvent(campaign_id, position)));
  if (!value) return std::optional<std::string>();
  auto payload = keys::VersionedPayload(*value);
  if (!payload) return std::optional<std::string>();
  return std::optional<std::string>(std::string(*payload));
}

core::Result<size_t> LeadEventRepo::DropBefore(uint64_t campaign_id, int64_t before, size_t max) {
  const KeyRange range = keys::LeadEventRange(campaign_id, nullptr, before);
  std::vector<keys::LeadEventPosition> due;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kEvents, range, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeLeadEvent(key)) due.push_back(parts->position);
    return due.size() < max;
  }));
  if (due.empty()) return size_t{0};
  WriteUnit unit(db_);
  for (const auto& position : due) {
    unit.Delete(Cf::kEvents, keys::LeadEvent(campaign_id, position));
    unit.Delete(Cf::kEvents, keys::LeadEventByLead(campaign_id, position));
  }
  LG_RETURN_IF_ERROR(db_.Commit(unit, false));
  return due.size();
}

core::Result<size_t> LeadEventRepo::DropAllBefore(int64_t before, size_t max_per_campaign) {
  const KeyRange all = keys::PrefixRange(keys::LeadEventPrefix());
  const std::string& end = all.end;
  std::string from = all.begin;
  size_t dropped = 0;
  while (true) {
    // Skips from campaign to campaign: the first event key at or after `from` names the next.
    std::optional<uint64_t> campaign;
    LG_RETURN_IF_ERROR(db_.Scan(Cf::kEvents, {from, end}, [&](std::string_view key, std::string_view) {
      if (auto parts = keys::DecodeLeadEvent(key)) campaign = parts->campaign_id;
      return false;
    }));
    if (!campaign) return dropped;
    LG_ASSIGN_OR_RETURN(size_t n, DropBefore(*campaign, before, max_per_campaign));
    dropped += n;
    from = keys::PrefixEnd(keys::LeadEventPrefix(*campaign));
    if (from.empty() || from >= end) return dropped;
  }
}

}  // namespace lg::store
