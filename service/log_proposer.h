#pragma once
// Cluster mode's write path: a node that takes a change names it (this node's id and a sequence
// never used before), syncs it to its outbox, appends it to the replicated log and waits for its
// own applier to apply it, then answers with what the apply decided. The outbox closes the
// log's durability gap (a quorum may hold an entry in memory only): after a restart every
// command still in the outbox is appended again, and the applier applies a command once however
// many copies the log holds. A command stays in the outbox for a while after it is applied
// (PruneOutbox), so a log that loses what its servers had not yet written to disk gets it back.
//
// Proposals are batched: one thread syncs every command taken meanwhile to the outbox in one
// commit, and a few others each append what was synced by then as one log entry
// (core::EncodeCommandBatch; several appends in flight, since each waits a quorum round), so a
// busy node pays the disk's sync and the log's round once for many commands. Nobody's thread
// waits for an apply: the outcome reaches a callback.

#include <any>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/command.h"
#include "core/lead_id_generator.h"
#include "core/status.h"
#include "replog/replicated_log.h"
#include "service/log_applier.h"
#include "store/db.h"

namespace lg::service {

class LogProposer {
 public:
  LogProposer(store::Db& db, replog::ReplicatedLog& log, LogApplier& applier, uint32_t node);
  ~LogProposer();  // Stop
  LogProposer(const LogProposer&) = delete;
  LogProposer& operator=(const LogProposer&) = delete;

  // Appends every command the outbox still holds (after a restart, in proposal order) and sets
  // the sequence floor above every sequence this node used. Before the first Propose; again
  // when the log went back (LogApplier::rewinds): the log's de-duplication drops what it still
  // holds, and the applier skips what was applied.
  core::Status Recover(std::chrono::milliseconds wait);

  // Drops the outbox's commands proposed more than `keep` ago that this node has applied. Until
  // then a command stays, though applied: the log's servers may hold it in memory only (nats-server
  // 2.9 writes to disk every two minutes), and a majority losing it must not lose it.
  core::Status PruneOutbox(std::chrono::milliseconds keep);

  // Proposes `command` (its origin and sequence are set here); `done` hears, once, the outcome
  // its apply decided on this node. kUnavailable (503) when the log takes no append within `wait`
  // or the apply does not come within it: a command synced to the outbox stays there and may
  // still be applied, as after a cut connection (a client retries with its Idempotency-Key).
  // The same when this node stops applying meanwhile (shutdown).
  // A command whose encoding exceeds the log's largest record is refused at once: 413
  // payload_too_large (raise nats-server's max_payload for larger bulks).
  void Propose(core::Command command, std::chrono::milliseconds wait, LogApplier::OutcomeCallback done);
  // The same, waiting for the outcome.
  core::Result<std::any> Propose(core::Command command, std::chrono::milliseconds wait);
  // The largest body a command can carry (the log's largest record, less room for the header).
  size_t max_body_bytes() const;

  // Stops taking proposals; those not yet appended hear 503. Before the applier stops.
  void Stop();

 private:
  struct Proposal {
    uint64_t sequence = 0;
    std::string bytes;  // core::EncodeCommand's
  };
  // Syncs what was proposed meanwhile to the outbox in one commit, then hands it to AppendLoop.
  void SyncLoop();
  // Appends what was synced, as few log entries as the log's record size allows (on each of
  // kAppenders threads).
  void AppendLoop();
  // Answers 503 to the proposals whose wait is over (they may still be applied).
  void ExpireOverdue();
  // Tells the proposers of `batch` why their commands will not be applied (for now).
  void Fail(const std::vector<Proposal>& batch, const core::Status& why);

  store::Db& db_;
  replog::ReplicatedLog& log_;
  LogApplier& applier_;
  const uint32_t node_;
  // Sequences: time-ordered and unique like lead ids (one node, so no node bits).
  core::LeadIdGenerator sequences_;

  std::mutex mu_;
  std::condition_variable to_sync_ready_, to_append_ready_;
  std::deque<Proposal> to_sync_;
  std::deque<Proposal> to_append_;
  std::multimap<std::chrono::steady_clock::time_point, uint64_t> deadlines_;  // sequence by deadline
  std::chrono::milliseconds append_wait_{10000};                              // the longest wait a proposal asked for
  bool stop_ = false;
  std::thread syncer_;
  std::vector<std::thread> appenders_;
};

}  // namespace lg::service
