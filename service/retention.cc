#include "service/retention.h"

#include "core/log.h"
#include "core/metrics.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

constexpr int64_t kDayMillis = 24LL * 3600 * 1000;

core::metrics::Counter& TombstonesDropped() {
  static auto& dropped = core::metrics::Registry::Global().GetCounter(
      "leadgate_erasure_tombstones_dropped_total", "Tombstones of deleted leads dropped after their retention");
  return dropped;
}

}  // namespace

Retention::Retention(CampaignService& campaigns, LeadService& leads, store::LeadRepo& lead_repo,
                     RetentionSettings settings)
    : campaigns_(campaigns), leads_(leads), lead_repo_(lead_repo), settings_(settings) {
  if (settings_.interval.count() > 0) thread_ = std::thread([this] { Loop(); });
}

Retention::~Retention() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<Retention::Pass> Retention::RunOnce(int64_t now_millis) {
  Pass pass;
  for (const CampaignPtr& campaign : campaigns_.All()) {
    if (!campaign->retention_days) continue;
    const size_t room = settings_.batch - pass.leads_erased;
    if (room == 0) {
      pass.more = true;
      break;
    }
    LG_ASSIGN_OR_RETURN(
        size_t erased, leads_.EraseCreatedBefore(*campaign, now_millis - *campaign->retention_days * kDayMillis, room));
    pass.leads_erased += erased;
    if (erased == room) pass.more = true;
  }
  auto campaign_of = [this](uint64_t id) { return campaigns_.Find(id); };
  LG_ASSIGN_OR_RETURN(
      pass.tombstones_dropped,
      lead_repo_.DropTombstones(campaign_of, now_millis - settings_.tombstone_retention.count(), settings_.batch));
  TombstonesDropped().Add(pass.tombstones_dropped);
  if (pass.tombstones_dropped == settings_.batch) pass.more = true;
  return pass;
}

void Retention::Loop() {
  std::unique_lock lock(mu_);
  auto pause = settings_.interval;
  while (!wake_.wait_for(lock, pause, [this] { return stopping_; })) {
    lock.unlock();
    auto pass = RunOnce(core::NowMillis());
    if (!pass.has_value()) {
      core::log::Warn("retention_failed", {{"detail", pass.error().detail()}});
    } else if (pass->leads_erased > 0 || pass->tombstones_dropped > 0) {
      core::log::Info("retention_pass", {{"leads_erased", std::to_string(pass->leads_erased)},
                                         {"tombstones_dropped", std::to_string(pass->tombstones_dropped)}});
    }
    // A full batch goes on after a short breath; otherwise the next look is an interval away.
    pause = pass.has_value() && pass->more ? std::chrono::milliseconds(50) : settings_.interval;
    lock.lock();
  }
}

}  // namespace lg::service
