#pragma once
// The audit log in its own column family, newest events last in key order. Events are written
// without fsync (they must never slow down or be able to fail a request); they reach the disk
// with the next synced write or within RocksDB's background flush. Blocking.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace lg::store {

class AuditRepo {
 public:
  explicit AuditRepo(Db& db) : db_(db) {}

  core::Status Put(uint64_t event_id, std::string_view event_json);
  // Many events in one batch: (event id, event JSON).
  core::Status PutAll(const std::vector<std::pair<uint64_t, std::string>>& events);
  // Deletes every event with an id below `event_id` (ids are time-ordered: events older than a
  // time). Not synced either.
  core::Status DeleteBefore(uint64_t event_id);
  // Newest first, below `before_id` when given; `visit` returns false to stop.
  core::Status ScanNewestFirst(std::optional<uint64_t> before_id,
                               const std::function<bool(uint64_t event_id, std::string_view json)>& visit) const;
  core::Result<uint64_t> MaxEventId() const;

 private:
  Db& db_;
};

}  // namespace lg::store
