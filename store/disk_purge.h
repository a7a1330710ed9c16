#pragma once
// Takes deleted values off the disk in bounded time (erasure). A RocksDB Delete only adds a
// tombstone: the value stays in the memtable, the write-ahead log and the table files until a
// flush, and a compaction down to the bottom level, drop it. The request path notes the key
// ranges it deleted in (Add, cheap); a run flushes every memtable and waits until the logs that
// held them are deleted, then compacts the noted ranges through every level and waits until the
// replaced table files are deleted.
//
// The bound: a deleted value in a range noted by Add (after the deletion committed) is in no
// memtable, write-ahead log or table file of this data directory within `interval` plus the
// time of one run (two, when noted while a run is under way), unless that run fails (the next
// one retries) or a Snapshot taken before the deletion is still held (it can still see the
// value, so no compaction may drop it; a lead scan holds one while it reads), in which case
// the range waits for the next run. Not covered: copies made earlier, like backups and
// checkpoints (their hard links keep a file's bytes after the store deletes its name), and disk
// blocks the file system freed (the OS does not zero them).
//
// Thread-safe; runs do not overlap. Run blocks for the flush and compactions (seconds on a big
// store): call it off the reactors. With an `interval`, the destructor stops the thread at once
// when it waits, or after the run under way. Borrows the Db, which must outlive it.
//
// /metrics: leadgate_erasure_disk_purges_total (runs that compacted something) and
// leadgate_erasure_disk_purge_pending_ranges (noted ranges not yet purged, of every instance).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace lg::store {

class DiskPurge {
 public:
  // Past this many ranges in one column family a run compacts one range from the smallest begin
  // to the largest end instead: fewer, larger compactions.
  static constexpr size_t kMaxRangesPerCf = 256;

  // `interval` 0: no thread, the owner calls Run; otherwise a thread runs every `interval`.
  DiskPurge(Db& db, std::chrono::milliseconds interval);
  ~DiskPurge();
  DiskPurge(const DiskPurge&) = delete;
  DiskPurge& operator=(const DiskPurge&) = delete;

  // Notes that [begin, end) of `cf` (an empty `end`: to the last key) had values deleted. Call it
  // once the deletion is written: a run before that purges nothing of it, and forgets the range.
  // Inside a replicated command's apply, Db::Commit only captures (store/commit_capture.h) and the
  // applier writes the whole once the command's handler returns: a range noted there waits one
  // more run (the bound grows by one `interval`). Never blocks on the disk.
  void Add(Cf cf, std::string begin, std::string end);
  // Purges the noted ranges; Ok at once when none is noted. A range noted after the oldest
  // Snapshot still held waits for the next run. On failure (an Internal error from the store)
  // every range taken is noted again for the next run.
  core::Status Run();
  // Noted ranges not yet purged.
  size_t pending() const;

 private:
  struct Range {
    Cf cf;
    std::string begin;
    std::string end;
    uint64_t sequence;  // the store's last write when noted: the deletion is at or before it
    bool captured;      // noted inside a replicated command's apply: not written yet
  };
  // Flushes, then compacts `ranges`; the number of compactions.
  core::Result<size_t> Purge(const std::vector<Range>& ranges);
  void Loop();

  Db& db_;
  const std::chrono::milliseconds interval_;
  std::mutex run_mu_;  // held through a run
  mutable std::mutex mu_;
  std::vector<Range> pending_;
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread thread_;  // last: started once the rest is ready
};

}  // namespace lg::store
