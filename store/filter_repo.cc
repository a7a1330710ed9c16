#include "store/filter_repo.h"

#include "core/filter_json.h"
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

core::Result<std::vector<core::Filter>> FilterRepo::List() const {
  std::vector<core::Filter> out;
  core::Status decoded = core::Status::Ok();
  std::string prefix = keys::FilterPrefix();
  LG_RETURN_IF_ERROR(
      db_.Scan(Cf::kMeta, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view, std::string_view value) {
        auto payload = keys::VersionedPayload(value);
        auto filter = payload ? core::DecodeStoredFilter(*payload)
                              : core::Result<core::Filter>(core::Status::Internal("unknown format version"));
        if (!filter.has_value()) {
          decoded = core::Status::Internal("a stored filter does not decode: " + filter.error().detail());
          return false;
        }
        out.push_back(std::move(filter).value());
        return true;
      }));
  LG_RETURN_IF_ERROR(decoded);
  return out;
}

}  // namespace lg::store
