#pragma once
// Erases what the campaigns keep no longer, in the background:
//  - leads created longer ago than their campaign's retention_days, each as a lead deletion
//    erases it (index entries, Idempotency-Key records, tombstone, disk purge; LeadErasure);
//  - tombstones older than the tombstone retention (erasure.tombstone_retention_days), with
//    their entries in the sync feed.
// In bounded batches: each lead is its own synced deletion, holding only that lead's lock, paced
// to `leads_per_second` (unpaced, a deletion a fsync, they took the disk from the writes around
// them: tools/bench-retention), and a pass stops after `batch` leads, so writes go on between
// them; the thread runs passes until nothing is due, then waits `interval`.
// /metrics: leadgate_erasure_leads_total{reason="retention"} (LeadErasure) and
// leadgate_erasure_tombstones_dropped_total.
// In cluster mode every node must delete the same leads at the same log position, so the passes
// are not run by a local timer there: each node's background loop proposes a pass as a command
// when its store holds something due (service/replicated_retention.h), and every node runs it
// when it applies it, at the command's time.
// Thread-safe; RunOnce blocks on the store.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "service/campaign_service.h"
#include "service/lead_service.h"
#include "store/lead_repo.h"

namespace lg::service {

struct RetentionSettings {
  std::chrono::milliseconds tombstone_retention = std::chrono::hours(24 * 30);
  std::chrono::milliseconds interval{0};  // 0: no thread started by the constructor (see RunInBackground)
  size_t batch = 500;                     // leads (and tombstones) per pass
  // Deletions a second, spread evenly, so the synced deletions leave the disk to the writes
  // around them (0: as fast as the disk takes them).
  double leads_per_second = 0;
};

class Retention {
 public:
  Retention(CampaignService& campaigns, LeadService& leads, store::LeadRepo& lead_repo, RetentionSettings settings);
  ~Retention();
  Retention(const Retention&) = delete;
  Retention& operator=(const Retention&) = delete;

  struct Pass {
    size_t leads_erased = 0;
    size_t tombstones_dropped = 0;
    bool more = false;  // a batch was full: more may be due
  };
  // One pass over every campaign at `now_millis`, with this server's settings or `limits`
  // (their tombstone retention and batch; the interval does not matter).
  core::Result<Pass> RunOnce(int64_t now_millis);
  core::Result<Pass> RunOnce(int64_t now_millis, const RetentionSettings& limits);
  // Whether a pass at `now_millis` would erase or drop anything (a few key reads).
  core::Result<bool> Due(int64_t now_millis) const;
  const RetentionSettings& settings() const { return settings_; }

  // Runs `pass` on a thread of its own every `interval`, again after a short breath while a pass
  // says more is due, until StopBackground. The constructor does so with RunOnce at this
  // machine's time when settings.interval is set. One background loop at a time.
  using PassRunner = std::function<core::Result<Pass>()>;
  void RunInBackground(std::chrono::milliseconds interval, PassRunner pass);
  void StopBackground();

 private:
  void Loop(std::chrono::milliseconds interval, const PassRunner& pass);
  // Waits for the next deletion's turn at `leads_per_second`; false once stopping.
  bool Pace(double leads_per_second);

  CampaignService& campaigns_;
  LeadService& leads_;
  store::LeadRepo& lead_repo_;
  const RetentionSettings settings_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point next_turn_;  // of the next paced deletion
  std::thread thread_;                               // last: started once the rest is ready
};

}  // namespace lg::service
