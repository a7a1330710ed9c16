#pragma once
// Who may write into a campaign right now, per campaign:
//  - A write pass: every lead write (create, bulk batch, PATCH) holds one from before it reads the
//    campaign's schema until its commit is done. A rebuild of the campaign's duplicate-rule index
//    (its rules now compare other things) closes the campaign to new passes, waits for the ones
//    out to come back, rebuilds, and opens again: no write computes index entries from a schema
//    the rebuild has already left behind. Passes are two atomic operations when no rebuild runs.
//  - The duplicate lock: a new lead's id, its duplicate-rule check, its registration among the
//    leads in flight and the submission of its commit are one step per campaign, so two copies
//    sent at once cannot both pass, and commits reach the store in the order they were decided.
//    Held for a few point reads per lead, never across a commit. Campaigns never share one.
// Thread-safe; campaigns' states live as long as this object.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "core/status.h"

namespace lg::service {

class CampaignWriters {
  struct State;

 public:
  // Leave the campaign when destroyed (on any thread). Move-only.
  class Pass {
   public:
    Pass(Pass&& other) noexcept : state_(std::exchange(other.state_, nullptr)) {}
    Pass& operator=(Pass&& other) noexcept;
    ~Pass();
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    friend class CampaignWriters;
    explicit Pass(State* state) : state_(state) {}
    State* state_;
  };

  // A pass at once, or nullopt while a rebuild runs. Never blocks.
  std::optional<Pass> TryEnter(uint64_t campaign_id);
  // A pass, waiting for a rebuild to end. Blocks.
  Pass Enter(uint64_t campaign_id);
  // Runs `rebuild` with the campaign closed and no pass out (waits for them). One at a time per
  // campaign. Blocks.
  core::Status Exclusively(uint64_t campaign_id, const std::function<core::Status()>& rebuild);

  // The campaign's duplicate lock (see above).
  std::mutex& DuplicateLock(uint64_t campaign_id);

 private:
  struct State {
    std::atomic<int64_t> passes{0};
    std::atomic<bool> closed{false};
    std::mutex mu;  // for the waits below
    std::condition_variable changed;
    std::mutex rebuilding;  // one rebuild at a time
    std::mutex duplicates;
    void Leave();
  };
  State& StateOf(uint64_t campaign_id);

  std::shared_mutex mu_;
  std::unordered_map<uint64_t, std::unique_ptr<State>> states_;
};

}  // namespace lg::service
