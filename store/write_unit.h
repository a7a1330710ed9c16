#pragma once
// One atomic group of store changes (a RocksDB WriteBatch across column families): a record,
// its index diff and any side records commit together or not at all. A change the batch could
// not take (RocksDB refuses only absurd sizes) is remembered, and the commit fails with it
// rather than writing part of the group.

#include <memory>
#include <string_view>

#include "store/db.h"

namespace rocksdb {
class WriteBatch;
}

namespace lg::store {

class WriteUnit {
 public:
  // `expected_bytes`: roughly what the unit will hold, so the batch is allocated once.
  explicit WriteUnit(const Db& db, size_t expected_bytes = 0);
  ~WriteUnit();
  WriteUnit(const WriteUnit&) = delete;
  WriteUnit& operator=(const WriteUnit&) = delete;

  void Put(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);
  // Adds `value` to what the key holds, by the column family's merge operator (Cf::kStats: a
  // counter's increment, store/stats_repo.h).
  void Merge(Cf cf, std::string_view key, std::string_view value);
  // Deletes every key in `range` (whose end must be given).
  void DeleteRange(Cf cf, const KeyRange& range);
  // Adds every change of `other` after this unit's own.
  void Append(const WriteUnit& other);
  // Empties the unit (and forgets a failure) so it can be filled again after a commit.
  void Clear();
  // The first change the batch refused; Db::Commit returns it instead of writing.
  const core::Status& error() const { return error_; }
  rocksdb::WriteBatch& batch() { return *batch_; }
  size_t size_bytes() const;
  // Whether the unit holds no change.
  bool empty() const;

 private:
  class Appender;  // replays another unit's changes into this one's batch
  void Check(const char* what, bool ok, const std::string& detail);
  const Db& db_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  core::Status error_;
};

}  // namespace lg::store
