#include "store/group_committer.h"

#include <chrono>

#include "core/log.h"
#include "core/metrics.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

GroupCommitter::GroupCommitter(Db& db, size_t max_queued)
    : db_(db), max_queued_(max_queued), thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void GroupCommitter::Submit(std::unique_ptr<WriteUnit> unit, Done done) {
  bool was_idle;
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= max_queued_) {
      core::metrics::Rejected("commit_queue").Add();
      done({core::ErrorKind::kUnavailable, "overloaded",
            "The server has too many writes waiting for the disk; retry shortly."});
      return;
    }
    was_idle = queue_.empty();
    queue_.push_back({std::move(unit), std::move(done)});
  }
  // A busy committer takes the whole queue when its current group is done: no wake-up needed.
  if (was_idle) wake_.notify_one();
}

void GroupCommitter::Run() {
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to commit
      group.swap(queue_);
      busy_ = true;
    }
    static auto& units = core::metrics::Registry::Global().GetHistogram(
        "leadgate_group_commit_units", "Writes committed together in one group (one WAL record, one fsync)", "",
        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
    static auto& latency = core::metrics::Registry::Global().GetHistogram(
        "leadgate_group_commit_seconds", "Time to commit one group, its fsync included", "",
        core::metrics::LatencyBuckets());
    const auto started = std::chrono::steady_clock::now();
    core::Status status = CommitGroup(group);
    latency.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    units.Observe(static_cast<double>(group.size()));
    // A store that cannot write (disk full) logged that itself, once per attempt to write.
    if (!status.ok() && status.kind() != core::ErrorKind::kUnavailable)
      core::log::Error("group_commit_failed", {{"detail", status.detail()}, {"units", std::to_string(group.size())}});
    for (Pending& pending : group) {
      try {
        pending.done(status);
      } catch (const std::exception& e) {  // one caller's bug must not stop every later commit
        core::log::Error("commit_callback_failed", {{"what", e.what()}});
      }
    }
    group.clear();
    {
      std::lock_guard lock(mu_);
      busy_ = false;
      ++groups_;
      if (queue_.empty()) idle_.notify_all();
    }
  }
}

uint64_t GroupCommitter::groups() const {
  std::lock_guard lock(mu_);
  return groups_;
}

void GroupCommitter::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return !busy_ && queue_.empty(); });
}

core::Status GroupCommitter::CommitGroup(std::vector<Pending>& group) {
  if (group.size() == 1) return db_.Commit(*group.front().unit);
  // One batch for the whole group: one WAL record, one fsync, all or nothing.
  size_t bytes = 0;
  for (const Pending& pending : group) bytes += pending.unit->size_bytes();
  WriteUnit all(db_, bytes);
  for (const Pending& pending : group) all.Append(*pending.unit);
  return db_.Commit(all);
}

}  // namespace lg::store
