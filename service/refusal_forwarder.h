#pragma once
// Cluster mode's refusal counters, the same on every node: the refused submissions a node answers
// (validation, duplicates, rate limits: service/lead_stats.h) are added up here and sent through
// the log every 500 ms as one command, and every node adds them to its statistics when it applies
// it. The counts travel summed per campaign, token, hour and reason, so a vendor sending
// thousands of bad leads costs one small command per interval. When the cluster does not take a
// command within the write timeout, this node counts it itself (its own statistics then hold
// those refusals, the others do not).

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "service/batch_sender.h"
#include "service/lead_service.h"
#include "service/lead_stats.h"
#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "store/db.h"

namespace lg::service {

class RefusalForwarder {
 public:
  // Registers its command kind on `applier` (before it starts) and becomes `leads`' forwarder.
  RefusalForwarder(LeadService& leads, store::Db& db, LogProposer& proposer, LogApplier& applier,
                   std::chrono::milliseconds wait);
  ~RefusalForwarder();  // sends what it holds, then stops
  RefusalForwarder(const RefusalForwarder&) = delete;
  RefusalForwarder& operator=(const RefusalForwarder&) = delete;

  // Distinct counters held at most (a flood of distinct reasons): beyond it, counted here at once.
  static constexpr size_t kMaxHeld = 10000;

 private:
  using Key = std::tuple<uint64_t, uint64_t, uint32_t, std::string>;  // campaign, token, hour, reason
  using Held = std::map<Key, uint64_t>;
  void Send(const Held& held);

  LeadService& leads_;
  store::Db& db_;
  LogProposer& proposer_;
  const std::chrono::milliseconds wait_;
  BatchSender<Held> batches_;
};

}  // namespace lg::service
