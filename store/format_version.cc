#include "store/format_version.h"

#include <charconv>
#include <string>

#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

core::Result<uint32_t> ReadFormatVersion(const Db& db) {
  LG_ASSIGN_OR_RETURN(auto stored, db.Get(Cf::kMeta, keys::Marker(kFormatVersionMarker)));
  if (!stored) return uint32_t{0};
  uint32_t version = 0;
  auto [end, ec] = std::from_chars(stored->data(), stored->data() + stored->size(), version);
  if (ec != std::errc() || end != stored->data() + stored->size()) {
    return core::Status::Internal("the store's format version marker is unreadable: '" + *stored + "'");
  }
  return version;
}

core::Status CheckFormatVersion(const Db& db, const std::string& path) {
  LG_ASSIGN_OR_RETURN(uint32_t version, ReadFormatVersion(db));
  if (version > kStoreFormatVersion) {
    return core::Status::Internal("the store at " + path + " has format version " + std::to_string(version) +
                                  ", written by a newer leadgate; this one reads versions up to " +
                                  std::to_string(kStoreFormatVersion) +
                                  ". Run that newer leadgate, or restore a backup taken with this one.");
  }
  return core::Status::Ok();
}

core::Status WriteFormatVersion(Db& db) {
  LG_ASSIGN_OR_RETURN(uint32_t version, ReadFormatVersion(db));
  if (version == kStoreFormatVersion) return core::Status::Ok();
  WriteUnit unit(db);
  unit.Put(Cf::kMeta, keys::Marker(kFormatVersionMarker), std::to_string(kStoreFormatVersion));
  return db.Commit(unit, /*sync=*/true);
}

}  // namespace lg::store
