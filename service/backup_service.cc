#include "service/backup_service.h"

#include <filesystem>

#include "auth/policy.h"
#include "core/time_util.h"

namespace lg::service {

core::Result<Backup> BackupService::Create(const auth::Principal& principal) {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  std::lock_guard lock(mu_);
  Backup backup;
  backup.created_at = core::FormatTimestamp(core::NowMillis());
  // "2026-12-03T12:30:01.123Z" -> "20261203T123001.123Z": sorts by time, safe in any file system.
  for (char c : backup.created_at) {
    if (c != '-' && c != ':') backup.name += c;
  }
  const std::filesystem::path base = std::filesystem::path(backup_dir_) / backup.name;
  std::filesystem::path dir = base;
  for (int n = 2; std::filesystem::exists(dir); ++n) dir = base.string() + "-" + std::to_string(n);
  backup.name = dir.filename().string();
  LG_ASSIGN_OR_RETURN(store::BackupInfo info, store::CreateBackup(db_, dir.string()));
  backup.path = info.path;
  backup.bytes = info.bytes;
  audit_.Record("backup_created", principal, backup.name);
  return backup;
}

}  // namespace lg::service
