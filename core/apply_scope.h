#pragma once
// What a replicated-log command is applied under, in cluster mode. Every node applies the same
// commands in the same order and must reach the same state, so while one is applied on a thread
// whatever would differ between nodes comes from here instead: the time (NowMillis), new ids
// (LeadIdGenerator::Next), updated_at stamps (service::UpdateSequencer) and random bytes (token
// secrets, docs links). Each is derived from the command and from what the commands before it
// used (ApplyClock, stored with the applied position), never from this machine's clock or
// random source. At most one scope per thread at a time; not shared between threads.

#include <cstddef>
#include <cstdint>
#include <string>

namespace lg::core {

// Carried from one applied command to the next, and stored with the applied position.
struct ApplyClock {
  int64_t time = 0;       // the time the last command was applied at (never goes back)
  uint64_t last_id = 0;   // the highest id issued
  int64_t stamp = 0;      // the newest updated_at stamped
  uint64_t stamp_id = 0;  // the highest lead id written with `stamp`
  bool operator==(const ApplyClock&) const = default;
};

class ApplyScope {
 public:
  // `proposed_at` and `first_id`: what the proposing node chose (its clock, its next id);
  // `origin`: its node id, stamped into every id issued. `random_key` (the cluster's shared key)
  // and `command_id` seed the random bytes: HMAC-SHA-256(key, command id, counter), the same on
  // every node and unknown to anyone without the key.
  ApplyScope(ApplyClock& clock, int64_t proposed_at, uint64_t first_id, unsigned origin, std::string random_key,
             std::string command_id);
  ~ApplyScope();
  ApplyScope(const ApplyScope&) = delete;
  ApplyScope& operator=(const ApplyScope&) = delete;

  // The scope applying on this thread, or null.
  static ApplyScope* Current();

  // The command's time: as proposed, but never before the previous command's.
  int64_t now() const { return clock_.time; }
  // The next id: time-ordered, above every id issued before, with the origin's node bits.
  uint64_t NextId();
  // An updated_at stamp at or after `floor` for a write of lead `existing_id` (0: a new lead,
  // whose id NextId issues after this). Readers of the sync feed order leads by (updated_at, id)
  // and every write lands after every lead already stored in that order, so a reader that went
  // past some point never misses a lead written later.
  int64_t Stamp(int64_t floor, uint64_t existing_id);
  // `size` random bytes (see the constructor).
  void RandomBytes(unsigned char* out, size_t size);

 private:
  ApplyClock& clock_;
  const uint64_t first_id_;
  const unsigned origin_;
  const std::string random_key_;
  const std::string command_id_;
  uint64_t random_counter_ = 0;
  ApplyScope* previous_;
};

}  // namespace lg::core
