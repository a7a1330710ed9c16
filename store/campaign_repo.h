#pragma once
// Campaign schemas in the `meta` column family. Blocking; a read the store could not do, or a
// stored schema that does not decode, is an Internal error.

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
  core::Result<std::optional<core::Campaign>> Get(uint64_t campaign_id) const;
  core::Result<std::vector<core::Campaign>> List() const;

 private:
  Db& db_;
};

}  // namespace lg::store
