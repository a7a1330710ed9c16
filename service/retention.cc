#include "service/retention.h"

#include <cmath>

#include "core/lead_id_generator.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

constexpr double kDayMillis = 24.0 * 3600 * 1000;

// Leads of `campaign` created before this are past its retention at `now_millis`.
int64_t CreatedBefore(const core::Campaign& campaign, int64_t now_millis) {
  return now_millis - std::llround(*campaign.retention_days * kDayMillis);
}

core::metrics::Counter& TombstonesDropped() {
  static auto& dropped = core::metrics::Registry::Global().GetCounter(
      "leadgate_erasure_tombstones_dropped_total", "Tombstones of deleted leads dropped after their retention");
  return dropped;
}

}  // namespace

Retention::Retention(CampaignService& campaigns, LeadService& leads, store::LeadRepo& lead_repo,
                     RetentionSettings settings)
    : campaigns_(campaigns), leads_(leads), lead_repo_(lead_repo), settings_(settings) {
  if (settings_.interval.count() > 0) {
    RunInBackground(settings_.interval, [this] { return RunOnce(core::NowMillis()); });
  }
}

Retention::~Retention() { StopBackground(); }

void Retention::RunInBackground(std::chrono::milliseconds interval, PassRunner pass) {
  StopBackground();
  std::lock_guard lock(mu_);
  stopping_ = false;
  thread_ = std::thread([this, interval, pass = std::move(pass)] { Loop(interval, pass); });
}

void Retention::StopBackground() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<Retention::Pass> Retention::RunOnce(int64_t now_millis) { return RunOnce(now_millis, settings_); }

core::Result<Retention::Pass> Retention::RunOnce(int64_t now_millis, const RetentionSettings& limits) {
  Pass pass;
  for (const CampaignPtr& campaign : campaigns_.All()) {
    if (!campaign->retention_days) continue;
    const size_t room = limits.batch - pass.leads_erased;
    if (room == 0) {
      pass.more = true;
      break;
    }
    // A retention changed (or unset) while the pass runs stops it for this campaign at once; the
    // next pass goes by the new one.
    auto before_each = [this, &limits, id = campaign->id, days = campaign->retention_days] {
      CampaignPtr current = campaigns_.Find(id);
      if (!current || current->retention_days != days) return false;
      return limits.leads_per_second <= 0 || Pace(limits.leads_per_second);
    };
    LG_ASSIGN_OR_RETURN(size_t erased,
                        leads_.EraseCreatedBefore(*campaign, CreatedBefore(*campaign, now_millis), room, before_each));
    pass.leads_erased += erased;
    if (erased == room) pass.more = true;
  }
  auto campaign_of = [this](uint64_t id) { return campaigns_.Find(id); };
  LG_ASSIGN_OR_RETURN(
      pass.tombstones_dropped,
      lead_repo_.DropTombstones(campaign_of, now_millis - limits.tombstone_retention.count(), limits.batch));
  TombstonesDropped().Add(pass.tombstones_dropped);
  if (pass.tombstones_dropped == limits.batch) pass.more = true;
  return pass;
}

bool Retention::Pace(double leads_per_second) {
  const auto now = std::chrono::steady_clock::now();
  const auto gap = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(1.0 / leads_per_second));
  // A turn missed while idle is not made up for by a burst.
  next_turn_ = std::max(next_turn_ + gap, now);
  std::unique_lock lock(mu_);
  return !wake_.wait_until(lock, next_turn_, [this] { return stopping_; });
}

core::Result<bool> Retention::Due(int64_t now_millis) const {
  for (const CampaignPtr& campaign : campaigns_.All()) {
    if (!campaign->retention_days) continue;
    const uint64_t first_kept = core::LeadIdGenerator::FirstIdAt(CreatedBefore(*campaign, now_millis));
    LG_ASSIGN_OR_RETURN(std::vector<uint64_t> oldest,
                        lead_repo_.OldestIds(core::CampaignId(campaign->id), core::LeadId(first_kept), 1));
    if (!oldest.empty()) return true;
  }
  return lead_repo_.HasTombstonesBefore(now_millis - settings_.tombstone_retention.count());
}

void Retention::Loop(std::chrono::milliseconds interval, const PassRunner& run_pass) {
  std::unique_lock lock(mu_);
  auto pause = interval;
  while (!wake_.wait_for(lock, pause, [this] { return stopping_; })) {
    lock.unlock();
    auto pass = run_pass();
    if (!pass.has_value()) {
      core::log::Warn("retention_failed", {{"detail", pass.error().detail()}});
    } else if (pass->leads_erased > 0 || pass->tombstones_dropped > 0) {
      core::log::Info("retention_pass", {{"leads_erased", std::to_string(pass->leads_erased)},
                                         {"tombstones_dropped", std::to_string(pass->tombstones_dropped)}});
    }
    // A full batch goes on after a short breath; otherwise the next look is an interval away.
    pause = pass.has_value() && pass->more ? std::chrono::milliseconds(50) : interval;
    lock.lock();
  }
}

}  // namespace lg::service
