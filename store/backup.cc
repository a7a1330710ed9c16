#include "store/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

// A backup holds every lead, so only the server's user may read it, whatever the umask: its
// directories 0700, its files 0600.
constexpr fs::perms kOwnerOnlyDirectory = fs::perms::owner_all;
constexpr fs::perms kOwnerOnlyFile = fs::perms::owner_read | fs::perms::owner_write;

// Creates the missing directories of `dir`, each 0700 (existing ones keep their mode).
core::Status CreateOwnerOnlyDirectories(const fs::path& dir) {
  std::error_code ec;
  if (dir.empty() || fs::is_directory(dir, ec)) return core::Status::Ok();
  LG_RETURN_IF_ERROR(CreateOwnerOnlyDirectories(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return FsError("cannot create " + dir.string(), std::error_code(errno, std::generic_category()));
  }
  return core::Status::Ok();
}

// Gives `dir` and everything in it owner-only modes. Hard-linked table files share their mode
// with the live store's, which are the server's alone too.
core::Status MakeOwnerOnly(const fs::path& dir) {
  std::error_code ec;
  fs::permissions(dir, kOwnerOnlyDirectory, fs::perm_options::replace, ec);
  if (ec) return FsError("cannot restrict " + dir.string(), ec);
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    const bool is_dir = entry.is_directory(ec);
    fs::permissions(entry.path(), is_dir ? kOwnerOnlyDirectory : kOwnerOnlyFile, fs::perm_options::replace, ec);
    if (ec) return FsError("cannot restrict " + entry.path().string(), ec);
  }
  if (ec) return FsError("cannot read " + dir.string(), ec);
  return core::Status::Ok();
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
  const fs::path target(dir);
  LG_RETURN_IF_ERROR(CreateOwnerOnlyDirectories(target.parent_path()));
  // The checkpoint is written inside a private (0700) directory and moved into place once its
  // modes are owner-only, so no file of it is readable by others even for a moment.
  const fs::path staging = target.parent_path() / ("." + target.filename().string() + ".partial");
  fs::remove_all(staging, ec);  // left by a backup that did not finish
  if (::mkdir(staging.c_str(), 0700) != 0) {
    return FsError("cannot create " + staging.string(), std::error_code(errno, std::generic_category()));
  }
  const fs::path checkpoint = staging / "backup";
  core::Status written = db.Checkpoint(checkpoint.string());
  if (written.ok()) written = MakeOwnerOnly(checkpoint);
  if (written.ok()) {
    fs::rename(checkpoint, target, ec);
    if (ec) written = FsError("cannot move the backup to " + dir, ec);
  }
  if (written.ok() && !Sync(target.parent_path().empty() ? "." : target.parent_path())) {
    written = core::Status::Internal("cannot sync the directory of " + dir);
  }
  fs::remove_all(staging, ec);
  LG_RETURN_IF_ERROR(written);
  return BackupInfo{dir, BytesIn(dir)};
}

core::Status RestoreBackup(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec) || !fs::exists(fs::path(from) / "CURRENT", ec)) {
    return core::Status::Malformed("not_a_backup", from + " holds no backup (no CURRENT file).");
  }
  if (fs::exists(to, ec)) {
    return core::Status::Conflict("store_exists", to + " exists already; restore into a new data directory.");
  }
  LG_RETURN_IF_ERROR(CreateOwnerOnlyDirectories(to));
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    const fs::path target = fs::path(to) / entry.path().filename();
    fs::copy_file(entry.path(), target, ec);
    if (ec) return FsError("cannot copy " + entry.path().string(), ec);
    fs::permissions(target, kOwnerOnlyFile, fs::perm_options::replace, ec);  // a copy takes the source's mode
    if (ec) return FsError("cannot restrict " + target.string(), ec);
    if (!Sync(target)) return core::Status::Internal("cannot sync " + target.string());
  }
  if (ec) return FsError("cannot read " + from, ec);
  if (!Sync(to) || !Sync(fs::path(to).parent_path().empty() ? "." : fs::path(to).parent_path())) {
    return core::Status::Internal("cannot sync " + to);
  }
  {
    // Opens once: the copy is a store (its WAL replayed into it now, not at the server's start).
    auto db = Db::Open(to);
    if (!db.has_value()) {
      fs::remove_all(to, ec);
      return db.error();
    }
  }
  return MakeOwnerOnly(to);  // the files that opening wrote too
}

}  // namespace lg::store
