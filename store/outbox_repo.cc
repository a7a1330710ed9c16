#include "store/outbox_repo.h"

#include "store/key_codec.h"

namespace lg::store {

void StageOutbox(WriteUnit& unit, uint64_t sequence, std::string_view command) {
  unit.Put(Cf::kMeta, keys::Outbox(sequence), command);
}

void StageOutboxDone(WriteUnit& unit, uint64_t sequence) { unit.Delete(Cf::kMeta, keys::Outbox(sequence)); }

core::Result<std::vector<OutboxEntry>> ReadOutbox(const Db& db, uint64_t before) {
  std::vector<OutboxEntry> out;
  const std::string prefix = keys::OutboxPrefix();
  const std::string end = before == UINT64_MAX ? keys::PrefixEnd(prefix) : keys::Outbox(before);
  LG_RETURN_IF_ERROR(db.Scan(Cf::kMeta, prefix, end, false, [&](std::string_view key, std::string_view value) {
    out.push_back({keys::ReadU64(key, 1), std::string(value)});
    return true;
  }));
  return out;
}

}  // namespace lg::store
