#include "store/audit_repo.h"

#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

core::Status AuditRepo::Put(uint64_t event_id, std::string_view event_json) {
  WriteUnit unit(db_);
  unit.Put(Cf::kAudit, keys::AuditEvent(event_id), keys::VersionedValue(event_json));
  return db_.Commit(unit, /*sync=*/false);
}

core::Status AuditRepo::PutAll(const std::vector<std::pair<uint64_t, std::string>>& events) {
  WriteUnit unit(db_);
  for (const auto& [id, json] : events) unit.Put(Cf::kAudit, keys::AuditEvent(id), keys::VersionedValue(json));
  return db_.Commit(unit, /*sync=*/false);
}

core::Status AuditRepo::DeleteBefore(uint64_t event_id) {
  WriteUnit unit(db_);
  const KeyRange range = keys::AuditEventsBefore(event_id);
  unit.DeleteRange(Cf::kAudit, range);
  return db_.Commit(unit, /*sync=*/false);
}

core::Status AuditRepo::ScanNewestFirst(std::optional<uint64_t> before_id,
                                        const std::function<bool(uint64_t, std::string_view)>& visit) const {
  const KeyRange range = keys::AuditEventsBefore(before_id);
  return db_.ScanReverse(Cf::kAudit, range, [&](std::string_view key, std::string_view value) {
    auto payload = keys::VersionedPayload(value);
    auto event_id = keys::DecodeAuditEvent(key);
    return !payload || !event_id || visit(*event_id, *payload);
  });
}

core::Result<uint64_t> AuditRepo::MaxEventId() const {
  uint64_t max_id = 0;
  LG_RETURN_IF_ERROR(db_.ScanReverse(Cf::kAudit, {}, [&](std::string_view key, std::string_view) {
    max_id = keys::DecodeAuditEvent(key).value_or(max_id);
    return false;
  }));
  return max_id;
}

}  // namespace lg::store
