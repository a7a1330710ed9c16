#include "store/apply_progress.h"

#include "store/key_codec.h"

namespace lg::store {

namespace {

constexpr size_t kStateBytes = 5 * sizeof(uint64_t);  // position, time, last id, stamp, stamp id

}  // namespace

core::Result<AppliedState> ReadAppliedState(const Db& db) {
  auto value = db.Get(Cf::kMeta, keys::AppliedPosition());
  if (!value.has_value()) return value.error();
  AppliedState state;
  if (!*value) return state;
  if ((*value)->size() != kStateBytes) return core::Status::Internal("the stored replicated-log position is damaged");
  const std::string& bytes = **value;
  state.position = keys::ReadU64(bytes, 0);
  state.clock.time = static_cast<int64_t>(keys::ReadU64(bytes, 8));
  state.clock.last_id = keys::ReadU64(bytes, 16);
  state.clock.stamp = static_cast<int64_t>(keys::ReadU64(bytes, 24));
  state.clock.stamp_id = keys::ReadU64(bytes, 32);
  return state;
}

void StageAppliedState(WriteUnit& unit, const AppliedState& state) {
  std::string value;
  value.reserve(kStateBytes);
  keys::AppendU64(value, state.position);
  keys::AppendU64(value, static_cast<uint64_t>(state.clock.time));
  keys::AppendU64(value, state.clock.last_id);
  keys::AppendU64(value, static_cast<uint64_t>(state.clock.stamp));
  keys::AppendU64(value, state.clock.stamp_id);
  unit.Put(Cf::kMeta, keys::AppliedPosition(), value);
}

core::Result<bool> WasApplied(const Db& db, uint32_t origin, uint64_t sequence) {
  auto value = db.Get(Cf::kMeta, keys::AppliedCommand(origin, sequence));
  if (!value.has_value()) return value.error();
  return value->has_value();
}

core::Result<std::optional<uint64_t>> AppliedAt(const Db& db, uint32_t origin, uint64_t sequence) {
  auto value = db.Get(Cf::kMeta, keys::AppliedCommand(origin, sequence));
  if (!value.has_value()) return value.error();
  if (!*value) return std::optional<uint64_t>();
  return std::optional<uint64_t>((*value)->size() == sizeof(uint64_t) ? keys::ReadU64(**value, 0) : 0);
}

void StageApplied(WriteUnit& unit, uint64_t position, uint32_t origin, uint64_t sequence) {
  std::string value;
  keys::AppendU64(value, position);
  unit.Put(Cf::kMeta, keys::AppliedCommand(origin, sequence), value);
}

}  // namespace lg::store

namespace lg::store {

core::Result<uint64_t> HighestApplied(const Db& db, uint32_t origin) {
  const KeyRange range = keys::PrefixRange(keys::AppliedCommandPrefix(origin));
  uint64_t highest = 0;
  LG_RETURN_IF_ERROR(db.ScanReverse(Cf::kMeta, range, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeAppliedCommand(key)) highest = parts->sequence;
    return false;
  }));
  return highest;
}

}  // namespace lg::store
