#include "tools/crash_test/power_cut_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace lg::crash_test {

namespace fs = std::filesystem;

std::unique_ptr<PowerCutJournal> PowerCutJournal::Open(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open the power-cut journal " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::unique_ptr<PowerCutJournal>(new PowerCutJournal(fd));
}

PowerCutJournal::~PowerCutJournal() { ::close(fd_); }

void PowerCutJournal::Created(ino_t inode) { (void)Append("C " + std::to_string(inode) + "\n"); }

void PowerCutJournal::Synced(ino_t inode, uint64_t bytes) {
  (void)Append("S " + std::to_string(inode) + " " + std::to_string(bytes) + "\n");
}

void PowerCutJournal::Truncated(ino_t inode, uint64_t bytes) {
  (void)Append("T " + std::to_string(inode) + " " + std::to_string(bytes) + "\n");
}

bool PowerCutJournal::Append(const std::string& lines) {
  // A short write to a regular file happens only when the disk is full; the journal then lies
  // about durability, and the crash test would report what follows. Say so on stderr (the log).
  ssize_t n = ::write(fd_, lines.data(), lines.size());
  if (n == static_cast<ssize_t>(lines.size())) return true;
  std::fprintf(stderr, "leadgate-powercut: journal write failed: %s\n", std::strerror(errno));
  return false;
}

namespace {

// Durable length per inode, as the journal's events leave it.
bool ReadJournal(const std::string& journal_path, std::unordered_map<ino_t, uint64_t>& durable, std::string& error) {
  std::ifstream in(journal_path);
  if (!in) {
    error = "cannot read the power-cut journal " + journal_path;
    return false;
  }
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    char kind = 0;
    ino_t inode = 0;
    uint64_t bytes = 0;
    fields >> kind >> inode;
    if (kind != 'C') fields >> bytes;
    // The last line may be cut short by the kill: a partial event was never finished, so the
    // sync it reports had not returned to RocksDB either. Skip it.
    if (!fields || !in.good()) {
      if (in.eof()) break;
      error = "unreadable line in the power-cut journal: '" + line + "'";
      return false;
    }
    switch (kind) {
      case 'C':
        durable[inode] = 0;
        break;
      case 'S':
        durable[inode] = std::max(durable[inode], bytes);
        break;
      case 'T':
        if (auto it = durable.find(inode); it != durable.end()) it->second = std::min(it->second, bytes);
        break;
      default:
        error = "unknown event in the power-cut journal: '" + line + "'";
        return false;
    }
  }
  return true;
}

}  // namespace

bool ApplyPowerCut(const std::string& store_dir, const std::string& journal_path, PowerCutReport& report,
                   std::string& error) {
  std::unordered_map<ino_t, uint64_t> durable;
  if (!ReadJournal(journal_path, durable, error)) return false;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(store_dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) {
      error = "stat " + it->path().string() + ": " + std::strerror(errno);
      return false;
    }
    ++report.files;
    uint64_t keep = 0;
    if (auto found = durable.find(st.st_ino); found != durable.end()) {
      keep = found->second;
    }
    auto size = static_cast<uint64_t>(st.st_size);
    // (RocksDB's LOCK file is made without a writable file, and stays empty.)
    if (!durable.count(st.st_ino) && size > 0) ++report.files_unknown;
    if (size <= keep) continue;
    if (::truncate(it->path().c_str(), static_cast<off_t>(keep)) != 0) {
      error = "truncate " + it->path().string() + ": " + std::strerror(errno);
      return false;
    }
    ++report.files_cut;
    report.bytes_lost += size - keep;
  }
  if (ec) {
    error = "cannot list " + store_dir + ": " + ec.message();
    return false;
  }
  return true;
}

namespace {

// "C <inode>" (with `created`) and "S <inode> <length>" lines for every regular file under `dir`.
bool DescribeFiles(const std::string& dir, bool created, std::string& text, std::string& error) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // deleted meanwhile (a running server's obsolete file)
      error = "stat " + it->path().string() + ": " + std::strerror(errno);
      return false;
    }
    if (!S_ISREG(st.st_mode)) continue;
    if (created) text += "C " + std::to_string(st.st_ino) + "\n";
    text += "S " + std::to_string(st.st_ino) + " " + std::to_string(st.st_size) + "\n";
  }
  if (ec) {
    error = "cannot list " + dir + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace

bool RecordWriteback(const std::string& store_dir, const std::string& journal_path, std::string& error) {
  std::string text;
  if (!DescribeFiles(store_dir, false, text, error)) return false;
  auto journal = PowerCutJournal::Open(journal_path, error);
  if (!journal) return false;
  // One write: the server appends its own events to the same file meanwhile.
  if (!journal->Append(text)) {
    error = "cannot append to the power-cut journal " + journal_path;
    return false;
  }
  return true;
}

bool WriteBaseline(const std::string& store_dir, const std::string& journal_path, std::string& error) {
  std::string text;
  if (!DescribeFiles(store_dir, true, text, error)) return false;
  std::ofstream out(journal_path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    error = "cannot write the power-cut journal " + journal_path;
    return false;
  }
  return true;
}

}  // namespace lg::crash_test
