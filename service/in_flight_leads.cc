#include "service/in_flight_leads.h"

namespace lg::service {

void InFlightLeads::Add(const core::Lead& lead, std::vector<std::string> rule_keys, std::shared_ptr<CommitSlot> slot) {
  std::lock_guard lock(mu_);
  Campaign& campaign = by_campaign_[lead.campaign_id];
  for (const auto& key : rule_keys) campaign.by_rule_key[key].emplace(lead.created_at, lead.id);
  campaign.leads.insert_or_assign(lead.id, Entry{lead, std::move(rule_keys), std::move(slot)});
}

void InFlightLeads::Remove(core::CampaignId campaign_id, core::LeadId lead_id) {
  std::lock_guard lock(mu_);
  auto it = by_campaign_.find(campaign_id.value());
  if (it == by_campaign_.end()) return;
  Campaign& campaign = it->second;
  auto entry = campaign.leads.find(lead_id.value());
  if (entry == campaign.leads.end()) return;
  for (const auto& key : entry->second.rule_keys) {
    auto set = campaign.by_rule_key.find(key);
    if (set == campaign.by_rule_key.end()) continue;
    set->second.erase({entry->second.lead.created_at, lead_id.value()});
    if (set->second.empty()) campaign.by_rule_key.erase(set);
  }
  campaign.leads.erase(entry);
  if (campaign.leads.empty()) by_campaign_.erase(it);
}

void InFlightLeads::Visit(uint64_t campaign_id, const std::string& rule_key, int64_t created_from,
                          const Visitor& visit) const {
  std::lock_guard lock(mu_);
  auto it = by_campaign_.find(campaign_id);
  if (it == by_campaign_.end()) return;
  const Campaign& campaign = it->second;
  auto set = campaign.by_rule_key.find(rule_key);
  if (set == campaign.by_rule_key.end()) return;
  for (auto at = set->second.lower_bound({created_from, 0}); at != set->second.end(); ++at) {
    const Entry& entry = campaign.leads.at(at->second);
    static const std::shared_ptr<store::PendingCommit> kNotSubmitted;
    if (!visit(entry.lead, entry.slot ? entry.slot->commit : kNotSubmitted)) return;
  }
}

}  // namespace lg::service
