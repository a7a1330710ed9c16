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

// The writes that have ended (committed or failed) so far: how many, and the highest time one of
// them stamped. A feed read that took this mark before it began and read below a watermark above
// max_stamped has seen all of them; only a later mark can bring more (what live readers wait on).
struct SettledWrites {
  uint64_t count = 0;
  int64_t max_stamped = 0;
  bool operator==(const SettledWrites&) const = default;
};

// Whether the feed may hold a change that a read missed: the read took mark `before` as it began
// and read below `watermark`; `now` is the mark at present.
inline bool FeedMayHaveMore(const SettledWrites& before, int64_t watermark, const SettledWrites& now) {
  return now != before || before.max_stamped >= watermark;
}

class UpdateSequencer {
 public:
  // A time to stamp (>= `floor`) for a write of lead `existing_id` (0: new leads), registered as
  // in flight until End(). While a replicated command is applied on this thread (cluster mode),
  // the time its scope stamps (core::ApplyScope::Stamp), the same on every node.
  int64_t Begin(int64_t now_millis, int64_t floor = 0, uint64_t existing_id = 0);
  void End(int64_t stamped);
  // Exclusive upper bound of updated_at times that are safe to read.
  int64_t Watermark(int64_t now_millis);
  SettledWrites Settled();

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
  SettledWrites settled_;
};

}  // namespace lg::service
