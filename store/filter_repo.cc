#include "store/filter_repo.h"

#include "core/filter_json.h"
#include "core/log.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

core::Status FilterRepo::Put(const core::Filter& filter) {
  WriteUnit unit(db_);
  unit.Put(Cf::kMeta, keys::Filter(filter.campaign_id, filter.id),
           keys::VersionedValue(core::EncodeFilter(filter, /*stored=*/true)));
  return db_.Commit(unit);
}

core::Status FilterRepo::Delete(uint64_t campaign_id, uint64_t filter_id) {
  WriteUnit unit(db_);
  unit.Delete(Cf::kMeta, keys::Filter(campaign_id, filter_id));
  return db_.Commit(unit);
}

std::vector<core::Filter> FilterRepo::List() const {
  std::vector<core::Filter> out;
  std::string prefix = keys::FilterPrefix();
  db_.Scan(Cf::kMeta, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view, std::string_view value) {
    auto payload = keys::VersionedPayload(value);
    if (!payload) return true;
    auto filter = core::DecodeStoredFilter(*payload);
    if (filter.has_value()) {
      out.push_back(std::move(filter).value());
    } else {
      core::log::Error("store_corrupt_filter", {{"detail", filter.error().detail()}});
    }
    return true;
  });
  return out;
}

}  // namespace lg::store
