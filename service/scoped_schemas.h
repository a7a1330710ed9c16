#pragma once
// The campaign schema as a filtered token sees it (core::RestrictToFilter), kept while the
// campaign and the filter stay as they are: a vendor's creates, PATCHes and list queries are
// checked against it, so an option or status outside the token's scope is refused exactly as an
// unknown one is (a vendor cannot probe for other vendors' names). Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "service/campaign_service.h"
#include "service/filter_service.h"

namespace lg::service {

class ScopedSchemas {
 public:
  // `campaign` itself when `filter` is null (an unfiltered token sees the whole schema).
  CampaignPtr For(const CampaignPtr& campaign, const CompiledFilterPtr& filter);

 private:
  // Campaigns and compiled filters are immutable and replaced on change: an entry is current
  // while both of its pointers still lead to the live objects it was cut from.
  struct Entry {
    std::weak_ptr<const core::Campaign> campaign;
    std::weak_ptr<const core::CompiledFilter> filter;
    CampaignPtr view;
  };
  static constexpr size_t kMaxEntries = 1024;  // beyond it, entries of replaced schemas go

  std::mutex mu_;
  std::map<std::pair<const void*, const void*>, Entry> entries_;
};

}  // namespace lg::service
