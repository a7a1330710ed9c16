#include "store/index_layout_upgrade.h"

#include <string>

#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {
namespace {
constexpr size_t kBatchEntries = 10000;
}  // namespace

core::Result<size_t> UpgradeIndexLayout(Db& db) {
  WriteUnit batch(db);
  size_t in_batch = 0, rewritten = 0;
  core::Status failed;
  // The scan reads a snapshot, so rewriting entries it has passed does not disturb it; the new
  // entries sort outside the scanned range. Malformed legacy keys are left for `leadgate check`.
  const KeyRange legacy = keys::LegacyIndexRange();
  core::Status scanned = db.Scan(Cf::kIndex, legacy, [&](std::string_view key, std::string_view) {
    auto upgraded = keys::UpgradedIndexKey(key);
    if (!upgraded) return true;
    batch.Delete(Cf::kIndex, key);
    batch.Put(Cf::kIndex, *upgraded, {});
    if (++in_batch < kBatchEntries) return true;
    failed = db.Commit(batch);
    rewritten += in_batch;
    batch.Clear();
    in_batch = 0;
    return failed.ok();
  });
  LG_RETURN_IF_ERROR(scanned);
  if (failed.ok() && in_batch > 0) {
    failed = db.Commit(batch);
    rewritten += in_batch;
  }
  if (!failed.ok()) return failed;
  return rewritten;
}

}  // namespace lg::store
