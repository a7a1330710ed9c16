#pragma once
// Lead ids: (milliseconds since 2026-01-01 << 12) | sequence. They grow in creation order, stay
// below 2^53 (safe as a JavaScript number) for 2^41 ms, until the year 2095, and sort newest-last
// as big-endian keys. (Counting from 1970 would cross 2^53 in 2039.)
// Thread-safe and lock-free.

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace lg::core {

class LeadIdGenerator {
 public:
  static constexpr int kSequenceBits = 12;
  static constexpr int64_t kEpochMillis = 1767225600000;  // 2026-01-01T00:00:00Z

  // `floor`: the highest id already issued (from the store), so ids keep growing after a restart
  // even if the clock went back.
  explicit LeadIdGenerator(uint64_t floor = 0) : last_(floor) {}

  uint64_t Next(int64_t now_millis);
  void Raise(uint64_t floor);

  // The first id a moment can have, and the moment of an id (Unix milliseconds).
  static uint64_t FirstIdAt(int64_t unix_millis) {
    return static_cast<uint64_t>(std::max<int64_t>(0, unix_millis - kEpochMillis)) << kSequenceBits;
  }
  static int64_t MillisOf(uint64_t id) { return static_cast<int64_t>(id >> kSequenceBits) + kEpochMillis; }

 private:
  std::atomic<uint64_t> last_;
};

}  // namespace lg::core
