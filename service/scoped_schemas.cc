#include "service/scoped_schemas.h"

#include "core/scoped_schema.h"

namespace lg::service {

CampaignPtr ScopedSchemas::For(const CampaignPtr& campaign, const CompiledFilterPtr& filter) {
  if (!filter || !campaign) return campaign;
  const std::pair<const void*, const void*> key{campaign.get(), filter.get()};
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      // The same addresses may belong to newer objects: the entry counts only while its own are alive.
      if (it->second.campaign.lock() == campaign && it->second.filter.lock() == filter) return it->second.view;
    }
  }
  auto view = std::make_shared<const core::Campaign>(core::RestrictToFilter(*campaign, filter.get()));
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) {
    std::erase_if(entries_, [](const auto& e) { return e.second.campaign.expired() || e.second.filter.expired(); });
    if (entries_.size() >= kMaxEntries) entries_.clear();
  }
  entries_[key] = Entry{campaign, filter, view};
  return view;
}

}  // namespace lg::service
