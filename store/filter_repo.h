#pragma once
// Saved filters in the `meta` column family, keyed by campaign then filter id. Blocking.

#include <optional>
#include <vector>

#include "core/filter.h"
#include "core/ids.h"
#include "core/status.h"
#include "store/db.h"

namespace lg::store {

class FilterRepo {
 public:
  explicit FilterRepo(Db& db) : db_(db) {}

  core::Status Put(const core::Filter& filter);
  core::Status Delete(core::CampaignId campaign_id, core::FilterId filter_id);
  core::Result<std::vector<core::Filter>> List() const;  // all campaigns

 private:
  Db& db_;
};

}  // namespace lg::store
