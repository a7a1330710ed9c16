#include "service/log_applier.h"

#include <exception>

#include "core/log.h"
#include "core/metrics.h"
#include "core/time_util.h"
#include "store/apply_progress.h"
#include "store/commit_capture.h"

namespace lg::service {
namespace {

// Entries read at once, and how long a read waits for the next entry before looking at stop_.
constexpr size_t kReadBatch = 256;
constexpr auto kReadWait = std::chrono::milliseconds(200);
// Between reads of a log that does not answer (an election, a server gone).
constexpr auto kRetryPause = std::chrono::milliseconds(100);
// How long the log may be quiet before the applier asks whether it went back.
constexpr auto kIdleCheck = std::chrono::seconds(2);
// How long a look at one entry of the log may wait for it.
constexpr auto kProbeWait = std::chrono::seconds(2);
// Between tries of an entry that could not be applied.
constexpr auto kApplyRetryPause = std::chrono::seconds(1);

core::metrics::Histogram& ProposalToApplySeconds() {
  static auto& seconds = core::metrics::Registry::Global().GetHistogram(
      "leadgate_cluster_proposal_seconds",
      "Time from this node proposing a command to applying it here: outbox sync, the log's quorum, the apply", "",
      core::metrics::LatencyBuckets());
  return seconds;
}

}  // namespace

LogApplier::~LogApplier() { Stop(); }

void LogApplier::Handle(const std::string& kind, Handler handler, AfterCommit after_commit) {
  handlers_[kind] = {std::move(handler), std::move(after_commit)};
}

core::Status LogApplier::Start() {
  auto state = store::ReadAppliedState(db_);
  if (!state.has_value()) return state.error();
  clock_ = state->clock;
  applied_time_.store(clock_.time, std::memory_order_release);
  applied_.store(state->position, std::memory_order_release);
  checked_.store(false, std::memory_order_release);
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
  return core::Status::Ok();
}

void LogApplier::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  // Proposals still waiting hear at once that this node will not apply them (503).
  std::map<uint64_t, OutcomeCallback> waiting;
  {
    std::lock_guard lock(mu_);
    waiting.swap(expected_);
  }
  for (auto& [sequence, callback] : waiting) {
    callback(core::Status(core::ErrorKind::kUnavailable, "cluster_unavailable",
                          "This node stopped applying the cluster's log before the change was applied here."));
  }
}

bool LogApplier::Reached(uint64_t position) const {
  return checked_.load(std::memory_order_acquire) && applied() >= position;
}

bool LogApplier::WaitFor(uint64_t position, std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  return advanced_.wait_for(lock, limit, [&] { return Reached(position); });
}

void LogApplier::Expect(uint64_t sequence, OutcomeCallback callback) {
  std::lock_guard lock(mu_);
  expected_[sequence] = std::move(callback);
}

LogApplier::OutcomeCallback LogApplier::Withdraw(uint64_t sequence) {
  std::lock_guard lock(mu_);
  auto it = expected_.find(sequence);
  if (it == expected_.end()) return {};
  OutcomeCallback callback = std::move(it->second);
  expected_.erase(it);
  return callback;
}

size_t LogApplier::waiting() const {
  std::lock_guard lock(mu_);
  return expected_.size();
}

core::Status LogApplier::health() const {
  std::lock_guard lock(mu_);
  return health_;
}

void LogApplier::SetHealth(core::Status why) {
  std::lock_guard lock(mu_);
  if (!why.ok() && why.detail() != health_.detail()) {
    core::log::Error("log_apply_stopped", {{"position", std::to_string(applied() + 1)}, {"detail", why.detail()}});
  }
  health_ = std::move(why);
}

void LogApplier::Run() {
  // At start, and after the log was away (its servers may have come back from older copies), the
  // log is checked to still hold what this store applied before anything more is applied.
  bool verify = true;
  auto idle_since = std::chrono::steady_clock::now();
  while (!stop_) {
    if (verify) {
      checked_.store(false, std::memory_order_release);
      core::Status followed = FollowLogThatWentBack();
      if (!followed.ok()) {
        std::this_thread::sleep_for(kRetryPause);  // the log does not answer yet
        continue;
      }
      verify = false;
      {
        std::lock_guard lock(mu_);
        checked_.store(true, std::memory_order_release);
      }
      advanced_.notify_all();
    }
    auto entries = log_.Read(applied() + 1, {.max = kReadBatch, .wait = kReadWait});
    if (!entries.has_value()) {
      if (entries.error().code() == "log_truncated") {
        // What this node needs next is gone from the log: it must start over from a copy of
        // another node's store.
        SetHealth(entries.error());
        return;
      }
      verify = true;
      std::this_thread::sleep_for(kRetryPause);  // no leader yet: the log comes back
      continue;
    }
    if (entries->empty()) {
      // Quiet: the log may have gone back meanwhile (and even grown past this node's position
      // again with other entries), so it is checked again now and then.
      if (std::chrono::steady_clock::now() - idle_since > kIdleCheck) {
        idle_since = std::chrono::steady_clock::now();
        verify = true;
      }
      continue;
    }
    idle_since = std::chrono::steady_clock::now();
    for (const replog::Entry& entry : *entries) {
      core::Status applied = ApplyEntry(entry);
      SetHealth(applied);
      if (!applied.ok()) {
        // Never skipped: the same entry again after a pause (re-read from the log).
        for (auto waited = std::chrono::milliseconds(0); waited < kApplyRetryPause && !stop_; waited += kReadWait) {
          std::this_thread::sleep_for(kReadWait);
        }
        break;
      }
    }
  }
}

core::Result<bool> LogApplier::HoldsApplied(uint64_t position) {
  auto entries = log_.Read(position, {.max = 1, .wait = kProbeWait});
  if (!entries.has_value()) {
    // Aged out of the log: nothing to compare, and nothing this node could read again either.
    if (entries.error().code() == "log_truncated") return true;
    return entries.error();
  }
  if (entries->empty() || entries->front().position != position) return false;
  auto commands = core::SplitCommandBatch(entries->front().payload);
  if (!commands.has_value()) return false;
  auto command = core::DecodeCommand(commands->front());
  if (!command.has_value()) return false;
  auto at = store::AppliedAt(db_, command->origin, command->sequence);
  if (!at.has_value()) return at.error();
  return *at && **at == position;
}

core::Status LogApplier::FollowLogThatWentBack() {
  const uint64_t position = applied();
  if (position == 0) return core::Status::Ok();
  auto status = log_.Status();
  if (!status.has_value()) return status.error();
  if (status->last_position >= position) {
    auto same = HoldsApplied(position);
    if (!same.has_value()) return same.error();
    if (*same) return core::Status::Ok();
  }
  // The last position whose entry is still the one applied there: the log up to it is the one
  // this node followed (positions before the first kept one cannot be compared, and are taken
  // as such). A binary search: the log is what it was up to some point, then something else.
  uint64_t low = status->first_position > 0 ? status->first_position - 1 : 0;
  uint64_t high = std::min(position, status->last_position);
  while (low < high) {
    const uint64_t middle = low + (high - low + 1) / 2;
    auto same = HoldsApplied(middle);
    if (!same.has_value()) return same.error();
    if (*same) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  core::log::Error("log_went_back", {{"applied", std::to_string(position)},
                                     {"log_holds_up_to", std::to_string(low)},
                                     {"detail",
                                      "the log's servers lost entries they had acknowledged; applying again "
                                      "after the last entry they still hold (commands applied before change "
                                      "nothing)"}});
  applied_.store(low, std::memory_order_release);
  rewinds_.fetch_add(1);
  return core::Status::Ok();
}

core::Status LogApplier::ApplyEntry(const replog::Entry& entry) {
  auto batch = core::SplitCommandBatch(entry.payload);
  if (!batch.has_value()) return batch.error();
  for (size_t i = 0; i < batch->size(); ++i) {
    auto command = core::DecodeCommand((*batch)[i]);
    if (!command.has_value()) return command.error();
    LG_RETURN_IF_ERROR(ApplyCommand(*command, entry.position, i + 1 == batch->size()));
  }
  return core::Status::Ok();
}

core::Status LogApplier::ApplyCommand(const core::Command& command, uint64_t position, bool last) {
  auto handler = handlers_.find(command.kind);
  if (handler == handlers_.end()) {
    return core::Status::Internal("entry " + std::to_string(position) + " holds a command of kind \"" + command.kind +
                                  "\", which this leadgate does not know: upgrade it");
  }
  auto already = store::WasApplied(db_, command.origin, command.sequence);
  if (!already.has_value()) return already.error();

  store::WriteUnit unit(db_);
  std::any outcome = AlreadyApplied{};
  // Where the command was applied, or seen again: what FollowLogThatWentBack compares.
  store::StageApplied(unit, position, command.origin, command.sequence);
  // Until its last command is in, the entry is not applied: a restart applies it again from its
  // first command, and those applied already change nothing.
  store::AppliedState next{last ? position : position - 1, clock_};
  if (!*already) {
    try {
      core::ApplyScope scope(next.clock, command.proposed_at, command.first_id, command.origin, random_key_,
                             command.Id());
      store::CommitCapture capture(db_, unit);
      outcome = handler->second.apply(command, unit);
    } catch (const std::exception& e) {  // a bug: stop here rather than apply half of it
      return core::Status::Internal("applying entry " + std::to_string(position) + " (" + command.kind +
                                    ") failed: " + e.what());
    }
  }
  store::StageAppliedState(unit, next);
  LG_RETURN_IF_ERROR(db_.Commit(unit, /*sync=*/false));
  clock_ = next.clock;
  applied_time_.store(clock_.time, std::memory_order_release);
  if (!*already && handler->second.after_commit) handler->second.after_commit(outcome);

  OutcomeCallback callback;
  {
    std::lock_guard lock(mu_);
    if (last) {
      applied_.store(position, std::memory_order_release);
      // Applying goes on: whoever sees the new position sees a healthy applier too.
      health_ = core::Status::Ok();
    }
    if (command.origin == node_) {
      if (auto it = expected_.find(command.sequence); it != expected_.end()) {
        callback = std::move(it->second);
        expected_.erase(it);
      }
    }
    if (last) advanced_.notify_all();
  }
  if (callback) {
    ProposalToApplySeconds().Observe(static_cast<double>(core::NowMillis() - command.proposed_at) / 1000.0);
    callback(Outcome{std::move(outcome), position});
  }
  return core::Status::Ok();
}

}  // namespace lg::service
