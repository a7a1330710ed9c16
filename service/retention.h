#pragma once
// Erases what the campaigns keep no longer, in the background:
//  - leads created longer ago than their campaign's retention_days, each as a lead deletion
//    erases it (index entries, Idempotency-Key records, tombstone, disk purge; LeadErasure);
//  - tombstones older than the tombstone retention (erasure.tombstone_retention_days), with
//    their entries in the sync feed.
// In bounded batches: each lead is its own synced deletion, holding only that lead's lock, and a
// pass stops after `batch` leads, so writes go on between them; the thread runs passes until
// nothing is due, then waits `interval`.
// /metrics: leadgate_erasure_leads_total{reason="retention"} (LeadErasure) and
// leadgate_erasure_tombstones_dropped_total. Single node only: in cluster mode every node must
// delete the same leads at the same log position, which a local timer cannot give (the server
// does not start it there).
// Thread-safe; RunOnce blocks on the store.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "service/campaign_service.h"
#include "service/lead_service.h"
#include "store/lead_repo.h"

namespace lg::service {

struct RetentionSettings {
  std::chrono::milliseconds tombstone_retention = std::chrono::hours(24 * 30);
  std::chrono::milliseconds interval{0};  // 0: no thread (RunOnce is called by the owner)
  size_t batch = 500;                     // leads (and tombstones) per pass
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
  // One pass over every campaign at `now_millis`.
  core::Result<Pass> RunOnce(int64_t now_millis);

 private:
  void Loop();

  CampaignService& campaigns_;
  LeadService& leads_;
  store::LeadRepo& lead_repo_;
  const RetentionSettings settings_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is ready
};

}  // namespace lg::service
