#include "service/campaign_writers.h"

namespace lg::service {

CampaignWriters::Pass& CampaignWriters::Pass::operator=(Pass&& other) noexcept {
  if (this != &other) {
    if (state_) state_->Leave();
    state_ = std::exchange(other.state_, nullptr);
  }
  return *this;
}

CampaignWriters::Pass::~Pass() {
  if (state_) state_->Leave();
}

void CampaignWriters::State::Leave() {
  // The last pass out wakes a rebuild waiting to start.
  if (passes.fetch_sub(1) == 1 && closed.load()) {
    std::lock_guard lock(mu);
    changed.notify_all();
  }
}

CampaignWriters::State& CampaignWriters::StateOf(uint64_t campaign_id) {
  {
    std::shared_lock lock(mu_);
    if (auto it = states_.find(campaign_id); it != states_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto& state = states_[campaign_id];
  if (!state) state = std::make_unique<State>();
  return *state;
}

std::optional<CampaignWriters::Pass> CampaignWriters::TryEnter(uint64_t campaign_id) {
  State& state = StateOf(campaign_id);
  // Counted first, then the flag read; a rebuild sets the flag first, then reads the count (both
  // sequentially consistent): one of the two always sees the other.
  state.passes.fetch_add(1);
  if (state.closed.load()) {
    state.Leave();
    return std::nullopt;
  }
  return Pass(&state);
}

CampaignWriters::Pass CampaignWriters::Enter(uint64_t campaign_id) {
  State& state = StateOf(campaign_id);
  for (;;) {
    if (auto pass = TryEnter(campaign_id)) return std::move(*pass);
    std::unique_lock lock(state.mu);
    state.changed.wait(lock, [&] { return !state.closed.load(); });
  }
}

core::Status CampaignWriters::Exclusively(uint64_t campaign_id, const std::function<core::Status()>& rebuild) {
  State& state = StateOf(campaign_id);
  std::lock_guard one_at_a_time(state.rebuilding);
  state.closed.store(true);
  {
    std::unique_lock lock(state.mu);
    state.changed.wait(lock, [&] { return state.passes.load() == 0; });
  }
  core::Status status = core::Status::Ok();
  try {
    status = rebuild();
  } catch (...) {
    state.closed.store(false);
    state.changed.notify_all();
    throw;
  }
  {
    std::lock_guard lock(state.mu);
    state.closed.store(false);
  }
  state.changed.notify_all();
  return status;
}

std::mutex& CampaignWriters::DuplicateLock(uint64_t campaign_id) { return StateOf(campaign_id).duplicates; }

}  // namespace lg::service
