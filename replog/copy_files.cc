// The file handling of a store copy (see copy_files.h): the server's inventory of a copy, the
// manifest's line format, and the file system calls both sides of the exchange make.
#include "replog/copy_files.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "core/hex.h"
#include "core/sha256.h"

namespace lg::replog {
namespace fs = std::filesystem;

core::Status FsError(const std::string& what, int err) {
  return core::Status::Internal(what + ": " + std::error_code(err, std::generic_category()).message());
}

bool SafeRelativeName(std::string_view name) {
  if (name.empty() || name.size() > 4096 || name.front() == '/') return false;
  if (name.find_first_of(std::string_view("\0\n\r", 3)) != std::string_view::npos) return false;
  size_t start = 0;
  while (true) {
    const size_t end = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == name.size()) return true;
    start = end + 1;
  }
}

std::string ManifestLine(const FileEntry& file) {
  return std::to_string(file.size) + " " + core::ToHex(file.sha256) + " " + file.name + "\n";
}

std::optional<FileEntry> ParseManifestLine(std::string_view line) {
  const size_t first = line.find(' ');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = line.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto size = ParseNumber<uint64_t>(line.substr(0, first));
  auto digest = core::FromHex(line.substr(first + 1, second - first - 1));
  if (!size || !digest || digest->size() != 32) return std::nullopt;
  FileEntry file{std::string(line.substr(second + 1)), *size, std::move(*digest)};
  if (!SafeRelativeName(file.name)) return std::nullopt;
  return file;
}

core::Result<std::vector<FileEntry>> Inventory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return core::Status::Internal("the copy made no directory");
  std::vector<FileEntry> files;
  std::string buffer(size_t{1} << 20, '\0');
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) continue;
    const std::string name = it->path().lexically_relative(dir).generic_string();
    if (!fs::is_regular_file(status)) {
      return core::Status::Internal("the copy holds " + name + ", which is neither a file nor a directory");
    }
    if (!SafeRelativeName(name)) return core::Status::Internal("the copy holds a file whose name cannot be sent");
    Fd fd(::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) return FsError("cannot read " + it->path().string(), errno);
    core::Sha256Stream hash;
    FileEntry file{name, 0, {}};
    while (true) {
      const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return FsError("cannot read " + it->path().string(), errno);
      if (n == 0) break;
      hash.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
      file.size += static_cast<uint64_t>(n);
    }
    file.sha256 = hash.Digest();
    files.push_back(std::move(file));
  }
  if (ec) return core::Status::Internal("cannot list the copy: " + ec.message());
  std::sort(files.begin(), files.end(), [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
  return files;
}

bool MakeOwnerOnlyDirectory(const fs::path& dir) {
  return ::mkdir(dir.c_str(), 0700) == 0 && ::chmod(dir.c_str(), 0700) == 0;
}

bool Sync(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  if (::fsync(fd.get()) == 0) return fd.Close();
  const int err = errno;
  fd.Close();
  errno = err;
  return false;
}

std::optional<std::string> ReadAt(const fs::path& path, uint64_t offset, size_t n) {
  std::string data(n, '\0');
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  size_t got = 0;
  while (fd.get() >= 0 && got < n) {
    const ssize_t r = ::pread(fd.get(), data.data() + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  if (got < n) return std::nullopt;
  return data;
}

bool WriteAll(int fd, std::string_view bytes) {
  for (size_t written = 0; written < bytes.size();) {
    const ssize_t w = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    written += static_cast<size_t>(w);
  }
  return true;
}

}  // namespace lg::replog
