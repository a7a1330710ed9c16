#pragma once
// Online backups for admins (POST /v2/admin/backup): each one a new directory under the backup
// directory (store.backup_dir), named by its UTC time, taken while the server keeps serving.
// Audited. See store/backup.h for what a backup holds and how one is restored.

#include <mutex>
#include <string>

#include "auth/principal.h"
#include "core/status.h"
#include "service/audit_service.h"
#include "store/backup.h"
#include "store/db.h"

namespace lg::service {

struct Backup {
  std::string name;  // e.g. "20261203T123001.123Z"
  std::string path;
  std::string created_at;
  uint64_t bytes = 0;
};

class BackupService {
 public:
  BackupService(const store::Db& db, AuditService& audit, std::string backup_dir)
      : db_(db), audit_(audit), backup_dir_(std::move(backup_dir)) {}

  // Admin tokens only (403 otherwise). Blocks while the checkpoint is written.
  core::Result<Backup> Create(const auth::Principal& principal);

 private:
  const store::Db& db_;
  AuditService& audit_;
  const std::string backup_dir_;
  std::mutex mu_;  // one backup at a time: names stay unique and the disk is not raced
};

}  // namespace lg::service
