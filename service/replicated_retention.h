#pragma once
// Cluster mode's retention (service/retention.h). A local timer cannot make every node delete the
// same leads at the same log position, so each node's background loop looks at its own store every
// interval and, when something is due there, proposes one pass as a command. Every node runs that
// pass when it applies the command: at the command's time (core/apply_scope.h) and with the
// limits the command carries (the proposing node's tombstone retention and batch), so the nodes
// stay alike even if their settings differ. Two nodes proposing at once is harmless: the second
// pass finds what the first erased gone. A pass is one log entry applied in one unit, so its batch
// is kept small (kMaxBatch): other writes wait behind it in the log.

#include <chrono>
#include <cstddef>

#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "service/retention.h"

namespace lg::service {

class ReplicatedRetention {
 public:
  static constexpr size_t kMaxBatch = 100;

  // Registers its command kind on `applier` (before it starts).
  ReplicatedRetention(Retention& retention, LogProposer& proposer, LogApplier& applier, std::chrono::milliseconds wait);
  ~ReplicatedRetention();  // Stop
  ReplicatedRetention(const ReplicatedRetention&) = delete;
  ReplicatedRetention& operator=(const ReplicatedRetention&) = delete;

  // Starts proposing every `interval` (after the node has caught up with the log).
  void Start(std::chrono::milliseconds interval);
  // Stops proposing; waits for a pass in flight.
  void Stop();

 private:
  core::Result<Retention::Pass> ProposePass();

  Retention& retention_;
  LogProposer& proposer_;
  const std::chrono::milliseconds wait_;
};

}  // namespace lg::service
