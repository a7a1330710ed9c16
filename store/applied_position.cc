#include "store/applied_position.h"

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

}  // namespace lg::store
