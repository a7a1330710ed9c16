#include "core/lead_id_generator.h"

#include <algorithm>

namespace lg::core {

uint64_t LeadIdGenerator::Next(int64_t now_millis) {
  uint64_t candidate_base = FirstIdAt(now_millis);
  uint64_t last = last_.load(std::memory_order_relaxed);
  for (;;) {
    // More than 4096 ids in one millisecond borrow from the next millisecond, keeping order.
    uint64_t next = std::max(candidate_base, last + 1);
    if (last_.compare_exchange_weak(last, next, std::memory_order_relaxed)) return next;
  }
}

void LeadIdGenerator::Raise(uint64_t floor) {
  uint64_t last = last_.load(std::memory_order_relaxed);
  while (last < floor && !last_.compare_exchange_weak(last, floor, std::memory_order_relaxed)) {
  }
}

}  // namespace lg::core
