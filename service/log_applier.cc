#include "service/log_applier.h"

#include <exception>

#include "core/log.h"
#include "store/apply_progress.h"
#include "store/commit_capture.h"
#include "store/outbox_repo.h"

namespace lg::service {
namespace {

// Entries read at once, and how long a read waits for the next entry before looking at stop_.
constexpr size_t kReadBatch = 256;
constexpr auto kReadWait = std::chrono::milliseconds(200);
// Between reads of a log that does not answer (an election, a server gone).
constexpr auto kRetryPause = std::chrono::milliseconds(100);
// Between tries of an entry that could not be applied.
constexpr auto kApplyRetryPause = std::chrono::seconds(1);

}  // namespace

LogApplier::~LogApplier() { Stop(); }

void LogApplier::Handle(const std::string& kind, Handler handler) { handlers_[kind] = std::move(handler); }

core::Status LogApplier::Start() {
  auto state = store::ReadAppliedState(db_);
  if (!state.has_value()) return state.error();
  clock_ = state->clock;
  applied_time_.store(clock_.time, std::memory_order_release);
  applied_.store(state->position, std::memory_order_release);
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
  return core::Status::Ok();
}

void LogApplier::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  // Proposals still waiting hear at once that this node will not apply them (503).
  std::lock_guard lock(mu_);
  expected_.clear();
}

bool LogApplier::WaitFor(uint64_t position, std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  return advanced_.wait_for(lock, limit, [&] { return applied() >= position; });
}

std::future<std::any> LogApplier::Expect(uint64_t sequence) {
  std::lock_guard lock(mu_);
  return expected_[sequence].get_future();
}

void LogApplier::Forget(uint64_t sequence) {
  std::lock_guard lock(mu_);
  expected_.erase(sequence);
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
  while (!stop_) {
    auto entries = log_.Read(applied() + 1, kReadBatch, kReadWait);
    if (!entries.has_value()) {
      if (entries.error().code() == "log_truncated") {
        // What this node needs next is gone from the log: it must start over from a copy of
        // another node's store.
        SetHealth(entries.error());
        return;
      }
      std::this_thread::sleep_for(kRetryPause);  // no leader yet: the log comes back
      continue;
    }
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

core::Status LogApplier::ApplyEntry(const replog::Entry& entry) {
  auto command = core::DecodeCommand(entry.payload);
  if (!command.has_value()) return command.error();
  auto handler = handlers_.find(command->kind);
  if (handler == handlers_.end()) {
    return core::Status::Internal("entry " + std::to_string(entry.position) + " is a command of kind \"" +
                                  command->kind + "\", which this leadgate does not know: upgrade it");
  }
  auto already = store::WasApplied(db_, command->origin, command->sequence);
  if (!already.has_value()) return already.error();

  store::WriteUnit unit(db_);
  std::any outcome = AlreadyApplied{};
  store::AppliedState next{entry.position, clock_};
  if (!*already) {
    try {
      core::ApplyScope scope(next.clock, command->proposed_at, command->first_id, command->origin, random_key_,
                             command->Id());
      store::CommitCapture capture(db_, unit);
      outcome = handler->second(*command, unit);
    } catch (const std::exception& e) {  // a bug: stop here rather than apply half of it
      return core::Status::Internal("applying entry " + std::to_string(entry.position) + " (" + command->kind +
                                    ") failed: " + e.what());
    }
    store::StageApplied(unit, command->origin, command->sequence);
  }
  if (command->origin == node_) store::StageOutboxDone(unit, command->sequence);
  store::StageAppliedState(unit, next);
  LG_RETURN_IF_ERROR(db_.Commit(unit, /*sync=*/false));
  clock_ = next.clock;
  applied_time_.store(clock_.time, std::memory_order_release);

  std::lock_guard lock(mu_);
  applied_.store(entry.position, std::memory_order_release);
  if (command->origin == node_) {
    if (auto it = expected_.find(command->sequence); it != expected_.end()) {
      it->second.set_value(std::move(outcome));
      expected_.erase(it);
    }
  }
  advanced_.notify_all();
  return core::Status::Ok();
}

}  // namespace lg::service
