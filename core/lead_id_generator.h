#pragma once
// Lead ids: (milliseconds since epoch << 12) | sequence. They grow in creation order, stay below
// 2^53 (safe as a JavaScript number) until the year 2248, and sort newest-last as big-endian keys.
// Thread-safe and lock-free.

#include <atomic>
#include <cstdint>

namespace lg::core {

class LeadIdGenerator {
 public:
  static constexpr int kSequenceBits = 12;

  // `floor`: the highest id already issued (from the store), so ids keep growing after a restart
  // even if the clock went back.
  explicit LeadIdGenerator(uint64_t floor = 0) : last_(floor) {}

  uint64_t Next(int64_t now_millis);
  void Raise(uint64_t floor);

  static int64_t MillisOf(uint64_t id) { return static_cast<int64_t>(id >> kSequenceBits); }

 private:
  std::atomic<uint64_t> last_;
};

}  // namespace lg::core
