#include "store/counter_repo.h"

#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

core::Result<uint64_t> CounterRepo::Next(std::string_view name) {
  std::lock_guard lock(mu_);
  std::string key = keys::Counter(name);
  uint64_t current = 0;
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kMeta, key));
  if (value) {
    if (value->size() != 8) return core::Status::Internal("the stored counter '" + std::string(name) + "' is damaged");
    current = keys::ReadU64(*value, 0);
  }
  std::string next;
  keys::AppendU64(next, current + 1);
  WriteUnit unit(db_);
  unit.Put(Cf::kMeta, key, next);
  LG_RETURN_IF_ERROR(db_.Commit(unit));
  return current + 1;
}

}  // namespace lg::store
