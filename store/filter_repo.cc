#include "store/filter_repo.h"

#include "core/filter_json.h"
#include "store/key_codec.h"
#include "store/versioned_records.h"
#include "store/write_unit.h"

namespace lg::store {

core::Status FilterRepo::Put(const core::Filter& filter) {
  WriteUnit unit(db_);
  unit.Put(Cf::kMeta, keys::Filter(core::CampaignId(filter.campaign_id), core::FilterId(filter.id)),
           keys::VersionedValue(core::EncodeFilter(filter, /*stored=*/true)));
  return db_.Commit(unit);
}

core::Status FilterRepo::Delete(core::CampaignId campaign_id, core::FilterId filter_id) {
  WriteUnit unit(db_);
  unit.Delete(Cf::kMeta, keys::Filter(campaign_id, filter_id));
  return db_.Commit(unit);
}

core::Result<std::vector<core::Filter>> FilterRepo::List() const {
  return ReadVersionedRecords<core::Filter>(db_, Cf::kMeta, keys::FilterPrefix(), "filter", core::DecodeStoredFilter);
}

}  // namespace lg::store
