#pragma once
// Lead ids: (milliseconds since 2026-01-01 << 12) | sequence. They grow in creation order, stay
// below 2^53 (safe as a JavaScript number) for 2^41 ms, until the year 2095, and sort newest-last
// as big-endian keys. (Counting from 1970 would cross 2^53 in 2039.)
// In cluster mode each node stamps its node id (1..kMaxNode) into the low kNodeBits of the
// sequence, so ids proposed by different nodes in the same millisecond never collide and still
// sort by time (256 ids per millisecond per node; more borrow from the next millisecond).
// Thread-safe and lock-free.

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace lg::core {

class LeadIdGenerator {
 public:
  static constexpr int kSequenceBits = 12;
  static constexpr int64_t kEpochMillis = 1767225600000;  // 2026-01-01T00:00:00Z

  static constexpr int kNodeBits = 4;
  static constexpr unsigned kMaxNode = (1u << kNodeBits) - 1;

  // `floor`: the highest id already issued (from the store), so ids keep growing after a restart
  // even if the clock went back. `node`: 0 on a single node (every sequence bit counts), else the
  // cluster node id, 1..kMaxNode (the caller validates it).
  explicit LeadIdGenerator(uint64_t floor = 0, unsigned node = 0) : node_(node & kMaxNode), last_(floor) {}

  // While a replicated-log command is applied on this thread: the id the command's scope issues
  // (core/apply_scope.h), the same on every node.
  uint64_t Next(int64_t now_millis);
  void Raise(uint64_t floor);

  // The node an id was proposed by (0: a single node's, or from before cluster mode).
  static unsigned NodeOf(uint64_t id) { return static_cast<unsigned>(id & kMaxNode); }
  // The first id a moment can have, and the moment of an id (Unix milliseconds).
  static uint64_t FirstIdAt(int64_t unix_millis) {
    return static_cast<uint64_t>(std::max<int64_t>(0, unix_millis - kEpochMillis)) << kSequenceBits;
  }
  static int64_t MillisOf(uint64_t id) { return static_cast<int64_t>(id >> kSequenceBits) + kEpochMillis; }

 private:
  // The smallest id above `id` that carries this node's stamp.
  uint64_t After(uint64_t id) const { return node_ ? ((id >> kNodeBits) + 1) << kNodeBits | node_ : id + 1; }

  const unsigned node_;
  std::atomic<uint64_t> last_;
};

}  // namespace lg::core
