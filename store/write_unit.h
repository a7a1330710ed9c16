#pragma once
// One atomic group of store changes (a RocksDB WriteBatch across column families): a record,
// its index diff and any side records commit together or not at all.

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
  // Adds every change of `other` after this unit's own.
  void Append(const WriteUnit& other);
  // Empties the unit so it can be filled again after a commit.
  void Clear();
  rocksdb::WriteBatch& batch() { return *batch_; }
  size_t size_bytes() const;

 private:
  class Appender;  // replays another unit's changes into this one's batch
  const Db& db_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
};

}  // namespace lg::store
