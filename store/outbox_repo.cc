#include "store/outbox_repo.h"

#include "store/key_codec.h"

namespace lg::store {

void StageOutbox(WriteUnit& unit, uint64_t sequence, std::string_view command) {
  unit.Put(Cf::kMeta, keys::Outbox(sequence), command);
}

void StageOutboxDone(WriteUnit& unit, uint64_t sequence) { unit.Delete(Cf::kMeta, keys::Outbox(sequence)); }

core::Result<std::vector<OutboxEntry>> ReadOutbox(const Db& db, uint64_t before) {
  std::vector<OutboxEntry> out;
  const KeyRange range = keys::OutboxBefore(before);
  LG_RETURN_IF_ERROR(db.Scan(Cf::kMeta, range, [&](std::string_view key, std::string_view value) {
    if (auto sequence = keys::DecodeOutbox(key)) out.push_back({*sequence, std::string(value)});
    return true;
  }));
  return out;
}

}  // namespace lg::store
