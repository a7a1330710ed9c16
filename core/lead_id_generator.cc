#include "core/lead_id_generator.h"

#include <algorithm>

#include "core/apply_scope.h"

namespace lg::core {

uint64_t LeadIdGenerator::Next(int64_t now_millis) {
  // A command being applied (cluster mode) takes the id every node gives it.
  if (ApplyScope* applying = ApplyScope::Current()) return applying->NextId();
  const uint64_t candidate_base = FirstIdAt(now_millis) | node_;
  uint64_t last = last_.load(std::memory_order_relaxed);
  for (;;) {
    // More ids in one millisecond than the sequence holds borrow from the next one, keeping order.
    uint64_t next = std::max(candidate_base, After(last));
    if (last_.compare_exchange_weak(last, next, std::memory_order_relaxed)) return next;
  }
}

void LeadIdGenerator::Raise(uint64_t floor) {
  uint64_t last = last_.load(std::memory_order_relaxed);
  while (last < floor && !last_.compare_exchange_weak(last, floor, std::memory_order_relaxed)) {
  }
}

}  // namespace lg::core
