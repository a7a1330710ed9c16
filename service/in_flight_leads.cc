#include "service/in_flight_leads.h"

namespace lg::service {

void InFlightLeads::Add(const core::Lead& lead) {
  std::lock_guard lock(mu_);
  by_campaign_[lead.campaign_id].emplace(lead.id, lead);
}

void InFlightLeads::Remove(uint64_t campaign_id, uint64_t lead_id) {
  std::lock_guard lock(mu_);
  auto it = by_campaign_.find(campaign_id);
  if (it == by_campaign_.end()) return;
  it->second.erase(lead_id);
  if (it->second.empty()) by_campaign_.erase(it);
}

void InFlightLeads::ForEach(uint64_t campaign_id, const std::function<void(const core::Lead&)>& visit) const {
  std::lock_guard lock(mu_);
  auto it = by_campaign_.find(campaign_id);
  if (it == by_campaign_.end()) return;
  for (const auto& [id, lead] : it->second) visit(lead);
}

}  // namespace lg::service
