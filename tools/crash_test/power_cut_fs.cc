#include "tools/crash_test/power_cut_fs.h"

#include <rocksdb/file_system.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

namespace lg::crash_test {

namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

rocksdb::IOStatus Stat(const std::string& path, struct stat& st) {
  if (::stat(path.c_str(), &st) == 0) return IOStatus::OK();
  return IOStatus::IOError("leadgate-powercut: stat " + path + ": " + std::strerror(errno));
}

// A writable file that reports its syncs and truncations: what a sync makes durable is what had
// been appended when it began (appends racing with it may or may not be on the disk).
class JournalledFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  // `size` (what the file holds already) apart from `inode`: two numbers side by side are easily
  // swapped.
  JournalledFile(std::unique_ptr<FSWritableFile> file, ino_t inode, std::shared_ptr<PowerCutJournal> journal,
                 uint64_t size)
      : FSWritableFileOwnerWrapper(std::move(file)), inode_(inode), appended_(size), journal_(std::move(journal)) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = target()->Append(data, options, dbg);
    if (s.ok()) appended_ += data.size();
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& options, const rocksdb::DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    IOStatus s = target()->Append(data, options, info, dbg);
    if (s.ok()) appended_ += data.size();
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* dbg) override {
    IOStatus s = target()->PositionedAppend(data, offset, options, dbg);
    if (s.ok()) Grow(offset + data.size());
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& info, IODebugContext* dbg) override {
    IOStatus s = target()->PositionedAppend(data, offset, options, info, dbg);
    if (s.ok()) Grow(offset + data.size());
    return s;
  }
  IOStatus Truncate(uint64_t size, const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = target()->Truncate(size, options, dbg);
    if (s.ok()) {
      appended_ = size;
      journal_->Truncated(inode_, size);
    }
    return s;
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    uint64_t durable = appended_.load();
    IOStatus s = target()->Sync(options, dbg);
    if (s.ok()) journal_->Synced(inode_, durable);
    return s;
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    uint64_t durable = appended_.load();
    IOStatus s = target()->Fsync(options, dbg);
    if (s.ok()) journal_->Synced(inode_, durable);
    return s;
  }

 private:
  void Grow(uint64_t end) {
    uint64_t now = appended_.load();
    while (now < end && !appended_.compare_exchange_weak(now, end)) {
    }
  }

  const ino_t inode_;
  std::atomic<uint64_t> appended_;
  const std::shared_ptr<PowerCutJournal> journal_;
};

class PowerCutFileSystem : public rocksdb::FileSystemWrapper {
 public:
  PowerCutFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base, std::shared_ptr<PowerCutJournal> journal)
      : FileSystemWrapper(base), journal_(std::move(journal)) {}

  static const char* kClassName() { return "LeadgatePowerCutFileSystem"; }
  const char* Name() const override { return kClassName(); }

  IOStatus NewWritableFile(const std::string& name, const FileOptions& options, std::unique_ptr<FSWritableFile>* result,
                           IODebugContext* dbg) override {
    std::unique_ptr<FSWritableFile> file;
    IOStatus s = target()->NewWritableFile(name, options, &file, dbg);
    if (!s.ok()) return s;
    // Created or truncated to nothing: recorded before RocksDB can append a byte.
    struct stat st {};
    if (s = Stat(name, st); !s.ok()) return s;
    journal_->Created(st.st_ino);
    *result = std::make_unique<JournalledFile>(std::move(file), st.st_ino, journal_, 0);
    return IOStatus::OK();
  }

  IOStatus ReopenWritableFile(const std::string& name, const FileOptions& options,
                              std::unique_ptr<FSWritableFile>* result, IODebugContext* dbg) override {
    std::unique_ptr<FSWritableFile> file;
    IOStatus s = target()->ReopenWritableFile(name, options, &file, dbg);
    if (!s.ok()) return s;
    // Appends go after what is there; what of that is durable was recorded when it was written.
    struct stat st {};
    if (s = Stat(name, st); !s.ok()) return s;
    *result = std::make_unique<JournalledFile>(std::move(file), st.st_ino, journal_, static_cast<uint64_t>(st.st_size));
    return IOStatus::OK();
  }

  IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name, const FileOptions& options,
                             std::unique_ptr<FSWritableFile>* result, IODebugContext* dbg) override {
    std::unique_ptr<FSWritableFile> file;
    IOStatus s = target()->ReuseWritableFile(name, old_name, options, &file, dbg);
    if (!s.ok()) return s;
    // A recycled log is written again from its start: none of the new contents is durable yet.
    struct stat st {};
    if (s = Stat(name, st); !s.ok()) return s;
    journal_->Created(st.st_ino);
    *result = std::make_unique<JournalledFile>(std::move(file), st.st_ino, journal_, 0);
    return IOStatus::OK();
  }

  // Files written in place are outside the model (leadgate's options never ask for one); refusing
  // them makes the server fail loudly should that change, rather than the cut being wrong.
  IOStatus NewRandomRWFile(const std::string& name, const FileOptions&, std::unique_ptr<rocksdb::FSRandomRWFile>*,
                           IODebugContext*) override {
    return IOStatus::NotSupported("leadgate-powercut does not model files written in place: " + name);
  }

  IOStatus Truncate(const std::string& name, size_t size, const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = target()->Truncate(name, size, options, dbg);
    if (!s.ok()) return s;
    struct stat st {};
    if (s = Stat(name, st); !s.ok()) return s;
    journal_->Truncated(st.st_ino, size);
    return IOStatus::OK();
  }

 private:
  const std::shared_ptr<PowerCutJournal> journal_;
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewPowerCutFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base,
                                                           std::shared_ptr<PowerCutJournal> journal) {
  return std::make_shared<PowerCutFileSystem>(base, std::move(journal));
}

}  // namespace lg::crash_test
