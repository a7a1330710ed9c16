#include "service/update_sequencer.h"

#include <algorithm>

#include "core/apply_scope.h"

namespace lg::service {

int64_t UpdateSequencer::Begin(int64_t now_millis, int64_t floor, uint64_t existing_id) {
  core::ApplyScope* applying = core::ApplyScope::Current();
  std::lock_guard lock(mu_);
  // Applied commands are stamped from the log alone: the watermarks this node's readers were
  // given must not make it differ from the others. They need none: each applied command commits
  // whole, after every one before it, and sorts after every lead already stored.
  int64_t stamped = applying ? applying->Stamp(floor, existing_id) : std::max({now_millis, floor, max_watermark_});
  in_flight_.insert(stamped);
  return stamped;
}

void UpdateSequencer::End(int64_t stamped) {
  std::lock_guard lock(mu_);
  in_flight_.erase(in_flight_.find(stamped));
  ++settled_.count;
  settled_.max_stamped = std::max(settled_.max_stamped, stamped);
}

int64_t UpdateSequencer::Watermark(int64_t now_millis) {
  std::lock_guard lock(mu_);
  // Everything stamped before `now` is durable unless still in flight; new stamps are >= the
  // watermark we return, so later writes always land above what this reader reads.
  int64_t watermark = in_flight_.empty() ? now_millis : std::min(now_millis, *in_flight_.begin());
  watermark = std::max(watermark, max_watermark_);
  max_watermark_ = watermark;
  return watermark;
}

SettledWrites UpdateSequencer::Settled() {
  std::lock_guard lock(mu_);
  return settled_;
}

}  // namespace lg::service
