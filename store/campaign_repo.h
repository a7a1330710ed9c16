#pragma once
// Campaign schemas in the `meta` column family. Blocking.

#include <optional>
#include <vector>

#include "core/campaign.h"
#include "core/status.h"
#include "store/db.h"

namespace lg::store {

class CampaignRepo {
 public:
  explicit CampaignRepo(Db& db) : db_(db) {}

  core::Status Put(const core::Campaign& campaign);
  std::optional<core::Campaign> Get(uint64_t campaign_id) const;
  std::vector<core::Campaign> List() const;

 private:
  Db& db_;
};

}  // namespace lg::store
