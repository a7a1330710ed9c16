#pragma once
// Cluster mode's state machine: one thread reads the replicated log from the position after the
// one this store applied last and applies every entry in log order. Each command is decided by
// the handler of its kind from the command and the store as every earlier entry left it, so every
// node reaches the same state; its changes commit in one unit with the new position and the
// command's applied mark (naming the position). A command applied before (a copy republished after a restart) changes
// nothing. The local commit is not synced: after a crash the store resumes from the position it kept, and the log holds
// everything after it.
//
// A handler runs inside the command's apply scope (core/apply_scope.h: its time, ids, stamps and
// random bytes are the same on every node) and a commit capture (store/commit_capture.h: what it
// commits joins the entry's unit), so it may run the same use cases a single node runs.
//
// The log may go back (see FollowLogThatWentBack): the applier checks, at start, after the log was
// away, and when it is quiet, that the log still holds what this store applied.
//
// An entry this node cannot apply (damaged, of a kind it does not know: an older leadgate; a
// handler that throws) or a store that refuses the commit stops the applier at that entry: it
// never skips one, reports why (health()) and tries the entry again every second, so a passing
// cause (a full disk) heals by itself and a lasting one waits for an operator.

#include <any>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/apply_scope.h"
#include "core/command.h"
#include "core/status.h"
#include "replog/replicated_log.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::service {

class LogApplier {
 public:
  // Decides one command and stages its changes into `unit`; returns what the node that proposed
  // it answers (whatever type that kind's proposer expects). Runs on the applier's thread.
  using Handler = std::function<std::any(const core::Command& command, store::WriteUnit& unit)>;
  // Told what a command's handler returned once its changes are committed here (not for a copy
  // applied before), on the applier's thread: what waits for the store to hold them.
  using AfterCommit = std::function<void(const std::any& outcome)>;

  // What a proposer gets for a command the store had applied already (a republished copy).
  struct AlreadyApplied {};
  // Hears the outcome of one of this node's commands: what its apply decided, or kUnavailable
  // when this node stops applying first. Called once, on the applier's thread or the one that
  // stops it, so it must not block.
  struct Outcome {
    std::any value;
    uint64_t position = 0;  // of the entry that holds the command: a client's next read waits for it
  };
  using OutcomeCallback = std::function<void(core::Result<Outcome> outcome)>;

  // `random_key`: the cluster's shared secret the commands' random bytes derive from.
  LogApplier(store::Db& db, replog::ReplicatedLog& log, uint32_t node, std::string random_key = {})
      : db_(db), log_(log), node_(node), random_key_(std::move(random_key)) {}
  ~LogApplier();  // stops
  LogApplier(const LogApplier&) = delete;
  LogApplier& operator=(const LogApplier&) = delete;

  // Before Start only.
  void Handle(const std::string& kind, Handler handler, AfterCommit after_commit = {});

  // Reads the applied position (and its apply clock) and starts applying from the next entry.
  core::Status Start();
  // Stops applying; proposals waiting for an outcome hear kUnavailable at once (503).
  void Stop();

  uint64_t applied() const { return applied_.load(std::memory_order_acquire); }
  // The time of the command applied last (core::ApplyClock::time): commands still to come are
  // applied at this time or later.
  int64_t applied_time() const { return applied_time_.load(std::memory_order_acquire); }
  // Whether this node has applied `position` of the log as it is now: applied() is at least
  // `position` and the log was checked to still hold what this store applied (at start, after
  // the log was away, and now and then). Until the check, applied() may name entries of a log
  // that went back (see FollowLogThatWentBack), so a read waiting for a position waits for it.
  bool Reached(uint64_t position) const;
  // Whether Reached(position) within `limit` (read-your-writes, and the position a client asks a
  // node to reach).
  bool WaitFor(uint64_t position, std::chrono::milliseconds limit);
  // Calls `callback` with the outcome of this node's command `sequence` once it is applied here.
  // Call before the command is appended, so the outcome cannot be missed.
  void Expect(uint64_t sequence, OutcomeCallback callback);
  // Takes back the callback of a command whose proposer gives up (empty once it was called).
  OutcomeCallback Withdraw(uint64_t sequence);
  // This node's proposals waiting for their apply here.
  size_t waiting() const;
  // Ok while applying; else why the applier stopped.
  core::Status health() const;
  // Times the log was found to have gone back (FollowLogThatWentBack): the proposers then append
  // their outboxes again.
  uint64_t rewinds() const { return rewinds_.load(); }

 private:
  void Run();
  // Applies one entry: each of its commands in turn, each committed with its own changes. On an
  // error, what was committed of it stays, and the entry is tried again from its start (the
  // commands applied already are skipped as copies).
  core::Status ApplyEntry(const replog::Entry& entry);
  // Applies one command of the entry at `position`; `last`: the entry's last command, whose
  // commit records the entry as applied.
  core::Status ApplyCommand(const core::Command& command, uint64_t position, bool last);
  // Records why the applier cannot go on (ok: it goes on).
  void SetHealth(core::Status why);
  // Whether the log's entry at `position` is the command this store applied there.
  core::Result<bool> HoldsApplied(uint64_t position);
  // A log whose servers lost entries they had acknowledged (a majority lost its unflushed memory,
  // or was restored from older copies) ends before this node's position, or holds other entries
  // there. Then applying goes on after the last entry the log still holds as it was: commands
  // applied before are known by their names and change nothing, the others are applied. Errors
  // only when the log does not answer.
  core::Status FollowLogThatWentBack();

  store::Db& db_;
  replog::ReplicatedLog& log_;
  const uint32_t node_;
  const std::string random_key_;
  struct KindHandlers {
    Handler apply;
    AfterCommit after_commit;
  };
  std::map<std::string, KindHandlers> handlers_;
  core::ApplyClock clock_;  // the applier thread's only

  std::atomic<uint64_t> applied_{0};
  std::atomic<bool> checked_{false};  // the log holds what applied_ names (Reached)
  std::atomic<int64_t> applied_time_{0};
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> rewinds_{0};
  std::thread thread_;

  mutable std::mutex mu_;
  std::condition_variable advanced_;
  std::map<uint64_t, OutcomeCallback> expected_;  // by this node's sequence
  core::Status health_;
};

}  // namespace lg::service
