#include "service/log_proposer.h"

#include <future>

#include "core/log.h"
#include "core/metrics.h"
#include "core/sha256.h"
#include "core/time_util.h"
#include "store/apply_progress.h"
#include "store/outbox_repo.h"
#include "store/write_unit.h"

namespace lg::service {
namespace {

using Clock = std::chrono::steady_clock;

// How often the syncing thread looks for proposals whose wait is over.
constexpr auto kExpiryCheck = std::chrono::milliseconds(50);
// Appends in flight at once: each waits for the log's quorum round (a few milliseconds) and
// holds every command synced before it started.
constexpr int kAppenders = 4;
// Between appends of commands the log did not take.
constexpr auto kAppendRetryPause = std::chrono::milliseconds(500);

core::Status Unavailable(const std::string& detail) {
  return core::Status(core::ErrorKind::kUnavailable, "cluster_unavailable", detail);
}

core::metrics::Histogram& PublishSeconds() {
  static auto& seconds = core::metrics::Registry::Global().GetHistogram(
      "leadgate_cluster_publish_seconds",
      "Time for the replicated log to take one entry of proposed commands (a quorum holds it)", "",
      core::metrics::LatencyBuckets());
  return seconds;
}

core::metrics::Histogram& CommandsPerEntry() {
  static auto& commands = core::metrics::Registry::Global().GetHistogram(
      "leadgate_cluster_commands_per_entry", "Commands this node appended together as one log entry", "",
      {1, 2, 4, 8, 16, 32, 64, 128, 256});
  return commands;
}

// A batch's name in the log: the same for the same commands (an append retried adds nothing),
// different for any other set (a republished outbox groups its commands otherwise).
std::string BatchId(uint32_t node, const std::vector<uint64_t>& sequences) {
  std::string listed;
  for (uint64_t sequence : sequences) listed.append(std::to_string(sequence)).push_back(',');
  return std::to_string(node) + "-" + std::to_string(sequences.front()) + "-" + std::to_string(sequences.size()) + "-" +
         core::Sha256({listed}).substr(0, 8);
}

// Groups encoded commands into records no larger than `max_bytes` each, in order.
std::vector<replog::Record> ToRecords(uint32_t node, const std::vector<std::pair<uint64_t, std::string_view>>& commands,
                                      size_t max_bytes) {
  std::vector<replog::Record> records;
  std::vector<std::string_view> batch;
  std::vector<uint64_t> sequences;
  size_t bytes = core::kBatchOverhead;
  auto flush = [&] {
    if (batch.empty()) return;
    records.push_back({BatchId(node, sequences), core::EncodeCommandBatch(batch)});
    batch.clear();
    sequences.clear();
    bytes = core::kBatchOverhead;
  };
  for (const auto& [sequence, encoded] : commands) {
    const size_t size = encoded.size() + core::kBatchOverheadPerCommand;
    if (!batch.empty() && bytes + size > max_bytes) flush();
    batch.push_back(encoded);
    sequences.push_back(sequence);
    bytes += size;
  }
  flush();
  return records;
}

}  // namespace

LogProposer::LogProposer(store::Db& db, replog::ReplicatedLog& log, LogApplier& applier, uint32_t node)
    : db_(db), log_(log), applier_(applier), node_(node) {
  syncer_ = std::thread([this] { SyncLoop(); });
  for (int i = 0; i < kAppenders; ++i) appenders_.emplace_back([this] { AppendLoop(); });
}

LogProposer::~LogProposer() { Stop(); }

void LogProposer::Stop() {
  std::vector<Proposal> left;
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  to_sync_ready_.notify_all();
  to_append_ready_.notify_all();
  syncer_.join();
  for (std::thread& appender : appenders_) appender.join();
  left.insert(left.end(), std::make_move_iterator(to_sync_.begin()), std::make_move_iterator(to_sync_.end()));
  left.insert(left.end(), std::make_move_iterator(to_append_.begin()), std::make_move_iterator(to_append_.end()));
  Fail(left, Unavailable("This node stopped before the change reached the cluster's log."));
}

core::Status LogProposer::Recover(std::chrono::milliseconds wait) {
  auto outbox = store::ReadOutbox(db_);
  if (!outbox.has_value()) return outbox.error();
  auto highest = store::HighestApplied(db_, node_);
  if (!highest.has_value()) return highest.error();
  uint64_t floor = *highest;
  std::vector<std::pair<uint64_t, std::string_view>> commands;
  for (const auto& entry : *outbox) {
    floor = std::max(floor, entry.sequence);
    commands.emplace_back(entry.sequence, entry.command);
  }
  sequences_.Raise(floor);
  if (commands.empty()) return core::Status::Ok();
  auto appended = log_.Append(ToRecords(node_, commands, log_.MaxRecordBytes()), wait);
  return appended.has_value() ? core::Status::Ok() : appended.error();
}

size_t LogProposer::max_body_bytes() const {
  constexpr size_t kHeaderRoom = 4096;  // the command's header line: kind, ids, path, headers
  const size_t max = log_.MaxRecordBytes();
  return max > kHeaderRoom ? max - kHeaderRoom : 0;
}

core::Status LogProposer::PruneOutbox(std::chrono::milliseconds keep) {
  // Sequences are time-ordered ids: only the entries proposed before the horizon are read.
  auto old = store::ReadOutbox(db_, core::LeadIdGenerator::FirstIdAt(core::NowMillis() - keep.count()));
  if (!old.has_value()) return old.error();
  store::WriteUnit unit(db_);
  for (const auto& entry : *old) {
    auto applied = store::WasApplied(db_, node_, entry.sequence);
    if (!applied.has_value()) return applied.error();
    if (*applied) store::StageOutboxDone(unit, entry.sequence);
  }
  if (unit.empty()) return core::Status::Ok();
  return db_.Commit(unit, /*sync=*/false);
}

void LogProposer::Propose(core::Command command, std::chrono::milliseconds wait, LogApplier::OutcomeCallback done) {
  command.origin = node_;
  const int64_t now = core::NowMillis();
  command.proposed_at = now;
  // The first id it may create, as this node would issue it; the apply keeps ids above every
  // earlier one (core::ApplyScope::NextId).
  command.first_id = core::LeadIdGenerator::FirstIdAt(now) | (node_ & core::LeadIdGenerator::kMaxNode);
  std::unique_lock lock(mu_);
  if (stop_) {
    lock.unlock();
    done(Unavailable("This node is stopping."));
    return;
  }
  // Under the lock, so the queue holds sequences in order.
  command.sequence = sequences_.Next(now);
  Proposal proposal{command.sequence, core::EncodeCommand(command)};
  const size_t max = log_.MaxRecordBytes();
  if (proposal.bytes.size() + core::kBatchOverhead + core::kBatchOverheadPerCommand > max) {
    lock.unlock();
    done(core::Status(core::ErrorKind::kBodyTooLarge, "payload_too_large",
                      "The request is larger than the cluster's log takes (" + std::to_string(max) +
                          " bytes with its header; raise max_payload in the nats-server configuration)."));
    return;
  }
  applier_.Expect(command.sequence, std::move(done));
  deadlines_.emplace(Clock::now() + wait, command.sequence);
  append_wait_ = std::max(append_wait_, wait);
  to_sync_.push_back(std::move(proposal));
  lock.unlock();
  to_sync_ready_.notify_one();
}

core::Result<std::any> LogProposer::Propose(core::Command command, std::chrono::milliseconds wait) {
  auto outcome = std::make_shared<std::promise<core::Result<LogApplier::Outcome>>>();
  std::future<core::Result<LogApplier::Outcome>> future = outcome->get_future();
  Propose(std::move(command), wait,
          [outcome](core::Result<LogApplier::Outcome> result) { outcome->set_value(std::move(result)); });
  core::Result<LogApplier::Outcome> result = future.get();
  if (!result.has_value()) return result.error();
  return std::move(result->value);
}

void LogProposer::SyncLoop() {
  std::unique_lock lock(mu_);
  while (true) {
    to_sync_ready_.wait_for(lock, kExpiryCheck, [&] { return stop_ || !to_sync_.empty(); });
    if (stop_) return;
    lock.unlock();
    ExpireOverdue();
    lock.lock();
    if (to_sync_.empty()) continue;
    std::vector<Proposal> batch(std::make_move_iterator(to_sync_.begin()), std::make_move_iterator(to_sync_.end()));
    to_sync_.clear();
    lock.unlock();

    size_t bytes = 0;
    for (const Proposal& proposal : batch) bytes += proposal.bytes.size() + 64;
    store::WriteUnit unit(db_, bytes);
    for (const Proposal& proposal : batch) store::StageOutbox(unit, proposal.sequence, proposal.bytes);
    // Synced, so the commands survive this machine's crash; a sync of its own, so the applier's
    // commits meanwhile do not wait for this disk write (as they would in a synced commit's group).
    core::Status synced = db_.Commit(unit, /*sync=*/false);
    if (synced.ok()) synced = db_.SyncWal();
    lock.lock();
    if (!synced.ok()) {
      lock.unlock();
      Fail(batch, synced);
      lock.lock();
      continue;
    }
    for (Proposal& proposal : batch) to_append_.push_back(std::move(proposal));
    to_append_ready_.notify_one();  // one appender takes it all
  }
}

void LogProposer::AppendLoop() {
  std::unique_lock lock(mu_);
  while (true) {
    to_append_ready_.wait(lock, [&] { return stop_ || !to_append_.empty(); });
    if (stop_) return;
    std::vector<Proposal> batch(std::make_move_iterator(to_append_.begin()), std::make_move_iterator(to_append_.end()));
    to_append_.clear();
    const auto wait = append_wait_;
    lock.unlock();

    std::vector<std::pair<uint64_t, std::string_view>> commands;
    commands.reserve(batch.size());
    for (const Proposal& proposal : batch) commands.emplace_back(proposal.sequence, proposal.bytes);
    std::vector<replog::Record> records = ToRecords(node_, commands, log_.MaxRecordBytes());
    CommandsPerEntry().Observe(static_cast<double>(batch.size()) / static_cast<double>(records.size()));
    // Synced to the outbox, so appended until the log takes them (the same ids: what it took
    // already adds nothing); their proposers hear 503 when their wait is over (ExpireOverdue).
    while (true) {
      const auto appending = Clock::now();
      auto appended = log_.Append(records, wait);
      if (appended.has_value()) {
        const double seconds = std::chrono::duration<double>(Clock::now() - appending).count();
        for (size_t i = 0; i < records.size(); ++i) PublishSeconds().Observe(seconds);
        break;
      }
      core::log::Warn("log_append_failed",
                      {{"commands", std::to_string(batch.size())}, {"detail", appended.error().detail()}});
      lock.lock();
      to_append_ready_.wait_for(lock, kAppendRetryPause, [&] { return stop_; });
      const bool stopping = stop_;
      lock.unlock();
      if (stopping) break;
    }
    lock.lock();
  }
}

void LogProposer::ExpireOverdue() {
  std::vector<uint64_t> overdue;
  {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    auto end = deadlines_.upper_bound(now);
    for (auto it = deadlines_.begin(); it != end; ++it) overdue.push_back(it->second);
    deadlines_.erase(deadlines_.begin(), end);
  }
  for (uint64_t sequence : overdue) {
    if (auto done = applier_.Withdraw(sequence)) {
      done(Unavailable("The change is not applied on this node yet; it may still be applied."));
    }
  }
}

void LogProposer::Fail(const std::vector<Proposal>& batch, const core::Status& why) {
  for (const Proposal& proposal : batch) {
    if (auto done = applier_.Withdraw(proposal.sequence)) done(why);
  }
}

}  // namespace lg::service
