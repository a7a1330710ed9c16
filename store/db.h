#pragma once
// The embedded RocksDB store: one database, column families by access pattern. Owns the
// handles and the group committer; repos borrow a Db& and use WriteUnit to group a record with
// its index changes. Thread-safe.
//  - Reads (Get, MultiGet, Scan) are served from memtables, the block cache or the page cache
//    and may wait on the disk for a block that is in none of them. A missing key is nullopt; an
//    I/O error or corruption is an Internal error, never "not found" or a silently short scan.
//  - Commit blocks until the unit is as safe as the Durability says (call it off the reactors);
//    CommitAsync (and the awaitable store/group_commit.h) never blocks the caller. Both add to a
//    replicated command's unit instead while one is applied on the thread (store/commit_capture.h).

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.h"
#include "core/status.h"
#include "store/key_range.h"

namespace rocksdb {
class DB;
class Env;
class ColumnFamilyHandle;
class Snapshot;
class Statistics;
class Status;
}  // namespace rocksdb

namespace lg::store {

enum class Cf {
  kMeta = 0,
  kLeads = 1,
  kIndex = 2,
  kAuth = 3,
  kAudit = 4,
  kIdem = 5,
  kTombstones = 6,
  kEvents = 7,
  kStats = 8,  // counters, added up by a merge operator (store/stats_repo.h)
};

// What a durable Commit waits for (store.durability). kFsync: the WAL is fsynced before Commit
// returns; concurrent committers share one fsync (RocksDB's write group). kOs: the WAL is
// written to the OS without fsync: survives a process crash, not a power cut or kernel crash.
enum class Durability { kFsync, kOs };

class WriteUnit;
class GroupCommitter;

class Db {
 public:
  // Units CommitAsync may have waiting at once; more are refused (see store/group_committer.h).
  static constexpr size_t kDefaultMaxQueuedWrites = 10000;
  // Opens (creating if needed) the store at `path`. `env`: what RocksDB does its file I/O and
  // background work through, not owned, outliving the Db; nullptr (what the server uses) is
  // RocksDB's default. Only a test build passes one (leadgate-powercut: tools/crash_test).
  static core::Result<std::unique_ptr<Db>> Open(const std::string& path, Durability durability = Durability::kFsync,
                                                size_t max_queued_writes = kDefaultMaxQueuedWrites,
                                                rocksdb::Env* env = nullptr);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Applies every change of `unit` atomically. With `sync` (a durable commit) it returns once the
  // change is as safe as the store's Durability says (kFsync: on disk); with `sync` false, or
  // under kOs, once it is in the OS's hands, which survives a process crash but not a power cut.
  core::Status Commit(WriteUnit& unit, bool sync = true);
  // Makes every commit made so far as safe as the store's Durability says (kFsync: syncs the
  // write-ahead log). Unlike a synced Commit it holds up no other writer meanwhile: commits made
  // by others while it syncs do not wait for the disk.
  core::Status SyncWal();
  // Commit without waiting: `unit` joins the next group of the store's committer thread and
  // `done` runs there once the group is committed (see store/group_committer.h), or at once on
  // this thread with kUnavailable "overloaded" when max_queued_writes are waiting. Never blocks.
  void CommitAsync(std::unique_ptr<WriteUnit> unit, std::function<void(core::Status)> done);
  // Returns once every unit handed to CommitAsync so far is committed and reported.
  void WaitForCommits();
  // Groups CommitAsync has committed so far: fewer than units when writers shared fsyncs.
  uint64_t async_commit_groups() const;
  Durability durability() const { return durability_; }
  core::Result<std::optional<std::string>> Get(Cf cf, std::string_view key) const;
  // Whether the store is serving (the readiness probe answers 503 with the reason while not):
  // an error while writes fail (disk_full, store_not_writable; each call asks the committer
  // thread to try resuming the store, which it does at most once per kResumeIntervalMs, so the
  // store recovers once space returns), while RocksDB stops writes (store_write_stalled), or when
  // a read reported an I/O error or corruption in the last kErrorWindowMs (store_unavailable).
  // Never waits on the disk itself.
  static constexpr int64_t kErrorWindowMs = 10000;
  static constexpr int64_t kResumeIntervalMs = 1000;
  core::Status Health();
  // Writes a consistent copy of the store to `dir` (must not exist), while writes go on: see
  // store/backup.h.
  core::Status Checkpoint(const std::string& dir) const;

  // For erasure (store/disk_purge.h). FlushAll and CompactRange block for as long as the disk
  // work takes and return an Internal error when RocksDB fails. The files they make obsolete are
  // deleted when they return, except while a backup or checkpoint is being taken (then when it
  // ends) or an iterator still reads them (then when it is destroyed).
  // Flushes the memtables of every column family: what was written before the call is then in
  // table files only, no longer in a write-ahead log.
  core::Status FlushAll();
  // Compacts [begin, end) of `cf` (an empty `end`: to the last key) through every level down to
  // and including the bottom one, so a deleted value and its deletion meet and both are dropped.
  // A value a Snapshot taken before its deletion can still see is kept (see
  // OldestSnapshotSequence).
  core::Status CompactRange(Cf cf, std::string_view begin, std::string_view end);
  // The sequence number of the last committed write: a later snapshot sees every write up to it.
  uint64_t LatestSequence() const;
  // The sequence number of the oldest Snapshot still held, 0 when none is.
  uint64_t OldestSnapshotSequence() const;

  // One point in time of the store: reads given the same snapshot all see the state it was
  // taken in, whatever is written meanwhile. Must not outlive its Db.
  class Snapshot {
   public:
    explicit Snapshot(const Db& db);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    const rocksdb::Snapshot* get() const { return snapshot_; }

   private:
    const Db& db_;
    const rocksdb::Snapshot* snapshot_;
  };

  // Reads many keys at once: one call, sorted and batched down the LSM tree, costs far less
  // than a Get per key. `visit(i, value)` gets keys[i]'s value (nullopt when absent), in the
  // order of `keys`; it returns false to stop. A read error stops the visit and is returned.
  using GetVisitor = std::function<bool(size_t index, std::optional<std::string_view> value)>;
  core::Status MultiGet(Cf cf, const std::vector<std::string>& keys, const GetVisitor& visit,
                        const Snapshot* at = nullptr) const;

  // Visits the keys in `range` in order (ScanReverse: from the end down); `visit` returns false
  // to stop. A scan the store could not finish returns its error: the visits so far are not all.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  core::Status Scan(Cf cf, const KeyRange& range, const Visitor& visit, const Snapshot* at = nullptr) const;
  core::Status ScanReverse(Cf cf, const KeyRange& range, const Visitor& visit, const Snapshot* at = nullptr) const;

 private:
  friend class WriteUnit;  // builds batches against the column family handles
  rocksdb::ColumnFamilyHandle* handle(Cf cf) const;
  // The handle with RocksDB's column family id `id` (the default family for an unknown id).
  rocksdb::ColumnFamilyHandle* handle_by_id(uint32_t id) const;

  Db() = default;
  struct Handles;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Handles> handles_;
  // Adds the store's gauges and counters to /metrics (core/metrics.h) while it is open.
  core::metrics::Registry::CollectorHandle RegisterMetrics() const;
  // Turns a RocksDB failure into an Internal error and remembers it for Health().
  core::Status Failed(const char* what, const std::string& rocksdb_status) const;
  // After a failed write: asks RocksDB to resume (it refuses every write after a failed WAL
  // write until then), at most once per kResumeIntervalMs; true once writes work again.
  bool TryResume() const;
  // What a write that fails now is told: disk_full or store_not_writable (kUnavailable).
  core::Status NotWritable() const;
  // Records a write RocksDB refused (writes stay refused until resumed) and says so.
  core::Status WriteFailed(const rocksdb::Status& s);
  // Whether RocksDB stops writes now (a write stall).
  bool WritesStopped() const;
  // Deletes the files flushes and compactions left obsolete before returning.
  core::Status DeleteObsoleteFiles();
  core::Status ScanIn(Cf cf, const KeyRange& range, bool reverse, const Visitor& visit, const Snapshot* at) const;

  Durability durability_ = Durability::kFsync;
  mutable std::atomic<int64_t> last_error_ms_{0};  // when a read or write last failed
  mutable std::atomic<uint64_t> errors_{0};        // reads and writes that failed
  // Whether writes work: the last write failed (for want of space) and the store has not resumed.
  enum class WriteState : uint8_t { kOk, kFailed, kDiskFull };
  mutable std::atomic<WriteState> write_state_{WriteState::kOk};
  mutable std::atomic<int64_t> last_resume_ms_{0};   // when TryResume last asked RocksDB
  std::shared_ptr<rocksdb::Statistics> statistics_;  // block cache hits, stall time (for /metrics)
  std::unique_ptr<GroupCommitter> committer_;
  core::metrics::Registry::CollectorHandle collector_;  // declared last: unregistered first
};

}  // namespace lg::store
