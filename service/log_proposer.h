#pragma once
// Cluster mode's write path: a node that takes a change names it (this node's id and a sequence
// never used before), syncs it to its outbox, appends it to the replicated log and waits for its
// own applier to apply it, then answers with what the apply decided. The outbox closes the
// log's durability gap (a quorum may hold an entry in memory only): after a restart every
// command still in the outbox is appended again, and the applier applies a command once however
// many copies the log holds. A command stays in the outbox for a while after it is applied
// (PruneOutbox), so a log that loses what its servers had not yet written to disk gets it back.

#include <any>
#include <chrono>
#include <cstdint>

#include "core/command.h"
#include "core/lead_id_generator.h"
#include "core/status.h"
#include "replog/replicated_log.h"
#include "service/log_applier.h"
#include "store/db.h"

namespace lg::service {

class LogProposer {
 public:
  LogProposer(store::Db& db, replog::ReplicatedLog& log, LogApplier& applier, uint32_t node)
      : db_(db), log_(log), applier_(applier), node_(node) {}

  // Appends every command the outbox still holds (after a restart, in proposal order) and sets
  // the sequence floor above every sequence this node used. Before the first Propose; again
  // when the log went back (LogApplier::rewinds): the log's de-duplication drops what it still
  // holds, and the applier skips what was applied.
  core::Status Recover(std::chrono::milliseconds wait);

  // Drops the outbox's commands proposed more than `keep` ago that this node has applied. Until
  // then a command stays, though applied: the log's servers may hold it in memory only (nats-server
  // 2.9 writes to disk every two minutes), and a majority losing it must not lose it.
  core::Status PruneOutbox(std::chrono::milliseconds keep);

  // Proposes `command` (its origin and sequence are set here) and returns the outcome its apply
  // decided on this node. kUnavailable (503) when the log takes no append within `wait` or the
  // apply does not come within it: the command stays in the outbox and may still be applied, as
  // after a cut connection (a client retries with its Idempotency-Key). The same when the
  // applier is destroyed meanwhile (shutdown); it must not be destroyed before a Propose that
  // has not yet waited for it.
  // A command whose encoding exceeds the log's largest record is refused at once: 413
  // payload_too_large (raise nats-server's max_payload for larger bulks).
  core::Result<std::any> Propose(core::Command command, std::chrono::milliseconds wait);
  // The largest body a command can carry (the log's largest record, less room for the header).
  size_t max_body_bytes() const;

 private:
  store::Db& db_;
  replog::ReplicatedLog& log_;
  LogApplier& applier_;
  const uint32_t node_;
  // Sequences: time-ordered and unique like lead ids (one node, so no node bits).
  core::LeadIdGenerator sequences_;
};

}  // namespace lg::service
