#pragma once
// Backups of the store: a consistent copy of a live store taken without stopping writes (a
// RocksDB checkpoint: table files hard-linked when on the same file system, else copied, plus
// the write-ahead log up to the moment it is taken), and the restore of one into a new data
// directory. Everything acknowledged before a backup starts is in it. The key file is not part
// of a backup (see app/application.h): keep it apart, and give a restored store the same one.

#include <cstdint>
#include <string>

#include "core/status.h"
#include "store/db.h"

namespace lg::store {

struct BackupInfo {
  std::string path;
  uint64_t bytes = 0;  // the backup's files, counted whole even where hard-linked
};

// Writes a backup of `db` to `dir`, which must not exist yet (its missing parents are created).
// The directories it creates are 0700 and the files 0600, whatever the umask: a backup holds
// every lead.
core::Result<BackupInfo> CreateBackup(const Db& db, const std::string& dir);

// Copies the backup in `from` to `to` (a store directory that must not exist yet), after
// checking that `from` opens as a store; the copy is synced to disk before it returns. Owner-only
// like a backup.
core::Status RestoreBackup(const std::string& from, const std::string& to);

}  // namespace lg::store
