#pragma once
// Commits write units handed over from any thread on one committer thread, many at a time:
// every unit queued while a group is being written and synced joins the next group, so
// concurrent writers share one WAL write and one fsync, and none of them holds a thread while it
// waits. Each unit's `done` runs on the committer thread once its group is as safe as the
// store's Durability says; keep it short (hand the result to another thread). The queue is
// bounded: a unit submitted while `max_queued` wait is refused at once (kUnavailable
// "overloaded", `done` runs on the submitting thread), so a disk that cannot keep up answers
// fast 503s instead of growing memory without end.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/status.h"

namespace lg::store {

class Db;
class WriteUnit;

class GroupCommitter {
 public:
  using Done = std::function<void(core::Status)>;

  GroupCommitter(Db& db, size_t max_queued);
  // Commits what is still queued, then stops.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  void Submit(std::unique_ptr<WriteUnit> unit, Done done);
  // Returns once the queue is empty and no group is being committed or reported.
  void WaitIdle();
  // Groups committed so far (each one WAL write and, under kFsync, one fsync).
  uint64_t groups() const;

 private:
  struct Pending {
    std::unique_ptr<WriteUnit> unit;
    Done done;
  };
  void Run();
  core::Status CommitGroup(std::vector<Pending>& group);

  Db& db_;
  const size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Pending> queue_;
  std::condition_variable idle_;
  bool busy_ = false;  // a group is out of the queue, not yet reported
  bool stopping_ = false;
  uint64_t groups_ = 0;
  std::thread thread_;
};

}  // namespace lg::store
