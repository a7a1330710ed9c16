#pragma once
// The files of a store copy as the checkpoint exchange handles them, whatever carries them: what
// a copy's directory holds (each file's size and SHA-256), the manifest lines that tell it to a
// fetcher, and the file system steps both sides take (owner-only directories, fsync, reads and
// writes that go on after EINTR). Names come from another machine, so only safe relative ones
// get through; nothing here knows of NATS.

#include <unistd.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/status.h"

namespace lg::replog {

// A file descriptor closed when it goes out of scope (unless Close()d first, to see its error).
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool Close() {
    const int fd = std::exchange(fd_, -1);
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

// One file of a copy, as its manifest lists it.
struct FileEntry {
  std::string name;  // relative to the copy's directory, '/'-separated
  uint64_t size = 0;
  std::string sha256;  // 32 bytes
};

// A whole decimal number: all of `text`, nothing else (a manifest's sizes, a request's numbers).
template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// kInternal for a failed system call: `what`, and the error `err` (an errno) names.
core::Status FsError(const std::string& what, int err);

// A name a fetcher may write under its directory: relative, no empty, "." or ".." component, no
// byte a manifest line cannot hold. (A server could be wrong, or not a leadgate node at all.)
bool SafeRelativeName(std::string_view name);

// A manifest line: "<size> <sha256 hex> <name>\n".
std::string ManifestLine(const FileEntry& file);
// One line without its "\n"; nullopt unless it is well formed and its name is safe.
std::optional<FileEntry> ParseManifestLine(std::string_view line);

// The manifest of a copy just made: every file's name, size and digest, by name. Only regular
// files and directories may be in it (a symlink could point anywhere).
core::Result<std::vector<FileEntry>> Inventory(const std::filesystem::path& dir);

// Creates `dir` 0700 (whatever the umask); false with errno set otherwise.
bool MakeOwnerOnlyDirectory(const std::filesystem::path& dir);

// fsync of a file or directory: the copy is on disk, not only in the page cache. False with
// errno set otherwise.
bool Sync(const std::filesystem::path& path);

// `n` bytes of the file at `path` from `offset` on (never through a symlink); nullopt when fewer
// can be read.
std::optional<std::string> ReadAt(const std::filesystem::path& path, uint64_t offset, size_t n);

// All of `bytes` to `fd`; false with errno set otherwise.
bool WriteAll(int fd, std::string_view bytes);

}  // namespace lg::replog
