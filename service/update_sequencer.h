#pragma once
// Hands out updated_at times so a client syncing by updated_at never misses a lead.
//
// Writes commit in parallel (to share fsyncs), so a write stamped at t1 may become visible after
// one stamped at t2 > t1. A reader that had already moved past t2 would never see it. So every
// write registers its time until it is durable, and readers only read below the watermark: the
// oldest time still in flight. Times handed out are never below a watermark already given to a
// reader, so nothing can appear behind a reader's back. Thread-safe.

#include <cstdint>
#include <mutex>
#include <set>

namespace lg::service {

class UpdateSequencer {
 public:
  // A time to stamp (>= `floor`) for a write of lead `existing_id` (0: new leads), registered as
  // in flight until End(). While a replicated command is applied on this thread (cluster mode),
  // the time its scope stamps (core::ApplyScope::Stamp), the same on every node.
  int64_t Begin(int64_t now_millis, int64_t floor = 0, uint64_t existing_id = 0);
  void End(int64_t stamped);
  // Exclusive upper bound of updated_at times that are safe to read.
  int64_t Watermark(int64_t now_millis);

  // Begin/End for one write.
  class Scope {
   public:
    Scope(UpdateSequencer& sequencer, int64_t now_millis, int64_t floor = 0, uint64_t existing_id = 0)
        : sequencer_(sequencer), stamped_(sequencer.Begin(now_millis, floor, existing_id)) {}
    ~Scope() { sequencer_.End(stamped_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    int64_t stamped() const { return stamped_; }

   private:
    UpdateSequencer& sequencer_;
    int64_t stamped_;
  };

 private:
  std::mutex mu_;
  std::multiset<int64_t> in_flight_;
  int64_t max_watermark_ = 0;
};

}  // namespace lg::service
