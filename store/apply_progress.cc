#include "store/apply_progress.h"

#include "store/key_codec.h"

namespace lg::store {

core::Result<uint64_t> ReadAppliedPosition(const Db& db) {
  auto value = db.Get(Cf::kMeta, keys::AppliedPosition());
  if (!value.has_value()) return value.error();
  if (!*value) return uint64_t{0};
  if ((*value)->size() != sizeof(uint64_t)) {
    return core::Status::Internal("the stored replicated-log position is damaged");
  }
  return keys::ReadU64(**value, 0);
}

void StageAppliedPosition(WriteUnit& unit, uint64_t position) {
  std::string value;
  keys::AppendU64(value, position);
  unit.Put(Cf::kMeta, keys::AppliedPosition(), value);
}

core::Result<bool> WasApplied(const Db& db, uint32_t origin, uint64_t sequence) {
  auto value = db.Get(Cf::kMeta, keys::AppliedCommand(origin, sequence));
  if (!value.has_value()) return value.error();
  return value->has_value();
}

void StageApplied(WriteUnit& unit, uint32_t origin, uint64_t sequence) {
  unit.Put(Cf::kMeta, keys::AppliedCommand(origin, sequence), "");
}

}  // namespace lg::store

namespace lg::store {

core::Result<uint64_t> HighestApplied(const Db& db, uint32_t origin) {
  const std::string prefix = keys::AppliedCommandPrefix(origin);
  uint64_t highest = 0;
  LG_RETURN_IF_ERROR(db.Scan(Cf::kMeta, prefix, keys::PrefixEnd(prefix), /*reverse=*/true,
                             [&](std::string_view key, std::string_view) {
                               highest = keys::ReadU64(key, 1 + sizeof(uint32_t));
                               return false;
                             }));
  return highest;
}

}  // namespace lg::store
