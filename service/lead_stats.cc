#include "service/lead_stats.h"

#include <map>
#include <set>

#include "core/lead_json.h"
#include "core/problem.h"
#include "store/counted_options.h"
#include "store/lead_repo.h"
#include "store/stats_repo.h"

namespace lg::service {
namespace {

using store::LeadStat;
using store::LeadStatKey;

void AddReached(const core::Campaign& campaign, const core::Lead& lead, uint32_t hour,
                const std::function<void(const LeadStatKey&)>& add) {
  const core::LeadStatus* status = campaign.FindStatus(lead.status);
  if (!status) return;
  store::ForEachCountedOption(campaign, lead, [&](uint32_t select_id, uint32_t option_id) {
    add({campaign.id, select_id, option_id, hour, LeadStat::kReachedStatus, status->id});
  });
}

void AddNew(const core::Campaign& campaign, const core::Lead& lead,
            const std::function<void(const LeadStatKey&)>& add) {
  const uint32_t hour = StatsHour(lead.created_at);
  store::ForEachCountedOption(campaign, lead, [&](uint32_t select_id, uint32_t option_id) {
    add({campaign.id, select_id, option_id, hour, LeadStat::kCreated, 0});
    if (lead.doublet_of) add({campaign.id, select_id, option_id, hour, LeadStat::kDuplicateFlagged, 0});
  });
  AddReached(campaign, lead, hour, add);
}

}  // namespace

void LeadStats::AddRejectedDuplicate(store::WriteUnit& unit, const core::Campaign& campaign, const core::Lead& lead,
                                     int64_t now) {
  store::ForEachCountedOption(campaign, lead, [&](uint32_t select_id, uint32_t option_id) {
    store::StatsRepo::Add(unit, {campaign.id, select_id, option_id, StatsHour(now), LeadStat::kDuplicateRejected, 0});
  });
}

bool LeadStats::CountsAsRefusal(const core::Status& why) {
  const int status = core::HttpStatusOf(why.kind());
  // 401: nobody to count it for; 404: no campaign this token sees, so no statistics to count in.
  return status >= 400 && status < 500 && status != 401 && status != 404;
}

void LeadStats::AddRefused(store::WriteUnit& unit, core::CampaignId campaign_id, core::TokenId token_id,
                           const core::Status& why, int64_t now) {
  AddRefusals(unit, RefusalsOf(campaign_id, token_id, why, now));
}

std::vector<RefusalCount> LeadStats::RefusalsOf(core::CampaignId campaign_id, core::TokenId token_id,
                                                const core::Status& why, int64_t now) {
  const uint32_t hour = StatsHour(now);
  std::set<std::string> reasons;
  for (const core::FieldError& error : why.errors()) reasons.insert(error.code + "/" + error.field);
  if (reasons.empty()) reasons.insert(why.code());
  reasons.insert("");
  std::vector<RefusalCount> out;
  out.reserve(reasons.size());
  for (const std::string& reason : reasons) {
    out.push_back({campaign_id.value(), token_id.value(), hour, reason, 1});
  }
  return out;
}

void LeadStats::AddRefusals(store::WriteUnit& unit, const std::vector<RefusalCount>& counts) {
  for (const RefusalCount& c : counts) {
    store::StatsRepo::AddRefusal(unit, core::CampaignId(c.campaign_id), core::TokenId(c.token_id), c.hour, c.reason,
                                 c.count);
  }
}

uint32_t StatsHour(int64_t millis) { return store::StatsHourOf(millis); }

void LeadStats::AddCreated(store::WriteUnit& unit, const core::Campaign& campaign, const core::Lead& lead) {
  AddNew(campaign, lead, [&](const LeadStatKey& key) { store::StatsRepo::Add(unit, key); });
}

void LeadStats::AddChanged(store::WriteUnit& unit, const core::Campaign& campaign, const core::Lead& previous,
                           const core::Lead& lead) {
  // A lead moved to another option (another vendor's, by an account token) takes its creation
  // with it: created and duplicate counts follow the lead, at the hour it was created. (Adding
  // 2^64 - 1 is subtracting one.)
  if (previous.select_values != lead.select_values) {
    AddNew(campaign, previous, [&](const LeadStatKey& key) {
      if (key.stat != LeadStat::kReachedStatus) store::StatsRepo::Add(unit, key, ~uint64_t{0});
    });
    AddNew(campaign, lead, [&](const LeadStatKey& key) {
      if (key.stat != LeadStat::kReachedStatus) store::StatsRepo::Add(unit, key);
    });
  }
  if (previous.status == lead.status) return;
  AddReached(campaign, lead, StatsHour(lead.updated_at),
             [&](const LeadStatKey& key) { store::StatsRepo::Add(unit, key); });
}

core::Status LeadStats::BackfillOnce(store::Db& db,
                                     const std::vector<std::shared_ptr<const core::Campaign>>& campaigns) {
  LG_ASSIGN_OR_RETURN(auto marked, db.Get(store::Cf::kMeta, store::kStatsCountedKey));
  if (marked) return core::Status::Ok();
  store::LeadRepo leads(db);
  store::WriteUnit unit(db);
  for (const auto& shared : campaigns) {
    const core::Campaign& campaign = *shared;
    std::map<std::tuple<uint32_t, uint32_t, uint32_t, uint8_t, uint32_t>, uint64_t> per_key;
    core::Status bad;
    LG_RETURN_IF_ERROR(leads.ScanNewestFirst({.campaign_id = campaign.id}, [&](uint64_t, std::string_view json) {
      auto lead = core::DecodeLead(json);
      if (!lead.has_value()) {
        bad = lead.error();
        return false;
      }
      AddNew(campaign, *lead, [&](const LeadStatKey& k) {
        ++per_key[{k.select_id, k.option_id, k.hour, static_cast<uint8_t>(k.stat), k.status_id}];
      });
      return true;
    }));
    LG_RETURN_IF_ERROR(bad);
    for (const auto& [k, count] : per_key) {
      store::StatsRepo::Add(unit,
                            {campaign.id, std::get<0>(k), std::get<1>(k), std::get<2>(k),
                             static_cast<LeadStat>(std::get<3>(k)), std::get<4>(k)},
                            count);
    }
  }
  unit.Put(store::Cf::kMeta, store::kStatsCountedKey, "");
  return db.Commit(unit);
}

}  // namespace lg::service
