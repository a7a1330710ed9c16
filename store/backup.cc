#include "store/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace lg::store {
namespace fs = std::filesystem;
namespace {

core::Status FsError(const std::string& what, const std::error_code& ec) {
  return core::Status::Internal(what + ": " + ec.message());
}

// fsync of a file or directory: the copy is on disk, not only in the page cache.
bool Sync(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

uint64_t BytesIn(const fs::path& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  }
  return bytes;
}

}  // namespace

core::Result<BackupInfo> CreateBackup(const Db& db, const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return core::Status::Conflict("backup_exists", "The backup directory exists already.");
  const fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return FsError("cannot create the backup's parent directory", ec);
  LG_RETURN_IF_ERROR(db.Checkpoint(dir));
  return BackupInfo{dir, BytesIn(dir)};
}

core::Status RestoreBackup(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec) || !fs::exists(fs::path(from) / "CURRENT", ec)) {
    return core::Status::BadRequest("not_a_backup", from + " holds no backup (no CURRENT file).");
  }
  if (fs::exists(to, ec)) {
    return core::Status::Conflict("store_exists", to + " exists already; restore into a new data directory.");
  }
  fs::create_directories(to, ec);
  if (ec) return FsError("cannot create " + to, ec);
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    const fs::path target = fs::path(to) / entry.path().filename();
    fs::copy_file(entry.path(), target, ec);
    if (ec) return FsError("cannot copy " + entry.path().string(), ec);
    if (!Sync(target)) return core::Status::Internal("cannot sync " + target.string());
  }
  if (ec) return FsError("cannot read " + from, ec);
  if (!Sync(to) || !Sync(fs::path(to).parent_path().empty() ? "." : fs::path(to).parent_path())) {
    return core::Status::Internal("cannot sync " + to);
  }
  // Opens once: the copy is a store (its WAL replayed into it now, not at the server's start).
  auto db = Db::Open(to);
  if (!db.has_value()) {
    fs::remove_all(to, ec);
    return db.error();
  }
  return core::Status::Ok();
}

}  // namespace lg::store
