#pragma once
// The embedded RocksDB store: one database, column families by access pattern. Owns the
// handles; repos borrow a Db& and use WriteUnit to group a record with its index changes.
// All methods block on disk I/O; call them off the network reactor.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace lg::store {

enum class Cf { kMeta = 0, kLeads = 1, kIndex = 2, kAuth = 3, kAudit = 4 };

class WriteUnit;

class Db {
 public:
  // Opens (creating if needed) the store at `path`.
  static core::Result<std::unique_ptr<Db>> Open(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Applies every change of `unit` atomically, synced to disk before returning (with
  // `sync` false: in the OS's hands, which survives a process crash but not a power cut).
  core::Status Commit(WriteUnit& unit, bool sync = true);
  std::optional<std::string> Get(Cf cf, std::string_view key) const;

  // Visits keys in [begin, end) in order (reverse: from the end down); `visit` returns false to stop.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  void Scan(Cf cf, std::string_view begin, std::string_view end, bool reverse, const Visitor& visit) const;

  rocksdb::DB* raw() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* handle(Cf cf) const;

 private:
  Db() = default;
  struct Handles;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Handles> handles_;
};

}  // namespace lg::store
