#include "core/apply_scope.h"

#include <algorithm>

#include "core/lead_id_generator.h"
#include "core/sha256.h"

namespace lg::core {
namespace {

thread_local ApplyScope* current_scope = nullptr;

}  // namespace

ApplyScope::ApplyScope(ApplyClock& clock, int64_t proposed_at, uint64_t first_id, unsigned origin,
                       std::string random_key, std::string command_id)
    : clock_(clock),
      first_id_(first_id),
      origin_(origin & LeadIdGenerator::kMaxNode),
      random_key_(std::move(random_key)),
      command_id_(std::move(command_id)),
      previous_(current_scope) {
  clock_.time = std::max(clock_.time, proposed_at);
  current_scope = this;
}

ApplyScope::~ApplyScope() { current_scope = previous_; }

ApplyScope* ApplyScope::Current() { return current_scope; }

uint64_t ApplyScope::NextId() {
  constexpr int kNodeBits = LeadIdGenerator::kNodeBits;
  // The smallest id above the last one that carries the origin's node bits.
  const uint64_t after_last = (((clock_.last_id >> kNodeBits) + 1) << kNodeBits) | origin_;
  const uint64_t at_time = LeadIdGenerator::FirstIdAt(clock_.time) | origin_;
  const uint64_t proposed = (first_id_ >> kNodeBits << kNodeBits) | origin_;
  const uint64_t id = std::max({after_last, at_time, proposed});
  clock_.last_id = id;
  // Counted as written at the newest stamp whether or not it names a lead written there: at
  // worst an update of an older lead in the same millisecond moves to the next one.
  clock_.stamp_id = std::max(clock_.stamp_id, id);
  return id;
}

int64_t ApplyScope::Stamp(int64_t floor, uint64_t existing_id) {
  int64_t stamp = std::max({clock_.time, floor, clock_.stamp});
  // An existing lead keeps its id: at the newest stamp it must sort after the leads already
  // written there, else it takes the next millisecond.
  if (existing_id != 0 && stamp == clock_.stamp && existing_id <= clock_.stamp_id) stamp = clock_.stamp + 1;
  if (stamp != clock_.stamp) clock_.stamp_id = 0;
  clock_.stamp = stamp;
  clock_.stamp_id = std::max(clock_.stamp_id, existing_id);  // a new lead's id is counted by NextId
  return stamp;
}

void ApplyScope::RandomBytes(unsigned char* out, size_t size) {
  while (size > 0) {
    const std::string counter = std::to_string(random_counter_++);
    const std::string block = HmacSha256(random_key_, {"leadgate apply random\n", command_id_, "\n", counter});
    const size_t take = std::min(size, block.size());
    std::copy_n(reinterpret_cast<const unsigned char*>(block.data()), take, out);
    out += take;
    size -= take;
  }
}

}  // namespace lg::core
