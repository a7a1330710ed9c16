#pragma once
// Cluster mode's audit log, complete on every node: the events a node records outside a
// replicated command (failed authentications, out-of-scope reads) are gathered and sent through
// the log every 200 ms as one command, and every node records them when it applies it. When the
// cluster does not take them within the write timeout, this node records them itself (its own
// audit log then holds them, the others do not).

#include <chrono>
#include <deque>

#include "service/audit_service.h"
#include "service/batch_sender.h"
#include "service/log_applier.h"
#include "service/log_proposer.h"

namespace lg::service {

class AuditForwarder {
 public:
  // Registers its command kind on `applier` (before it starts) and becomes `audit`'s forwarder.
  AuditForwarder(AuditService& audit, LogProposer& proposer, LogApplier& applier, std::chrono::milliseconds wait);
  ~AuditForwarder();  // sends what it holds, then stops
  AuditForwarder(const AuditForwarder&) = delete;
  AuditForwarder& operator=(const AuditForwarder&) = delete;

  static constexpr size_t kMaxHeld = 10000;  // beyond it events are recorded here at once

 private:
  void Send(const std::deque<AuditService::Fields>& events);

  AuditService& audit_;
  LogProposer& proposer_;
  const std::chrono::milliseconds wait_;
  BatchSender<std::deque<AuditService::Fields>> batches_;
};

}  // namespace lg::service
