#include "service/log_proposer.h"

#include <future>

#include "core/metrics.h"
#include "core/time_util.h"
#include "store/apply_progress.h"
#include "store/outbox_repo.h"
#include "store/write_unit.h"

namespace lg::service {
namespace {

core::Status Unavailable(const std::string& detail) {
  return core::Status(core::ErrorKind::kUnavailable, "cluster_unavailable", detail);
}

core::metrics::Histogram& PublishSeconds() {
  static auto& seconds = core::metrics::Registry::Global().GetHistogram(
      "leadgate_cluster_publish_seconds",
      "Time for the replicated log to take one proposed command (a quorum holds it)", "",
      core::metrics::LatencyBuckets());
  return seconds;
}

}  // namespace

core::Status LogProposer::Recover(std::chrono::milliseconds wait) {
  auto outbox = store::ReadOutbox(db_);
  if (!outbox.has_value()) return outbox.error();
  auto highest = store::HighestApplied(db_, node_);
  if (!highest.has_value()) return highest.error();
  uint64_t floor = *highest;
  std::vector<replog::Record> records;
  for (const auto& entry : *outbox) {
    floor = std::max(floor, entry.sequence);
    auto command = core::DecodeCommand(entry.command);
    if (!command.has_value()) return command.error();
    records.push_back({command->Id(), entry.command});
  }
  sequences_.Raise(floor);
  if (records.empty()) return core::Status::Ok();
  auto appended = log_.Append(records, wait);
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

core::Result<std::any> LogProposer::Propose(core::Command command, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  command.origin = node_;
  const int64_t now = core::NowMillis();
  command.sequence = sequences_.Next(now);
  command.proposed_at = now;
  // The first id it may create, as this node would issue it; the apply keeps ids above every
  // earlier one (core::ApplyScope::NextId).
  command.first_id = core::LeadIdGenerator::FirstIdAt(now) | (node_ & core::LeadIdGenerator::kMaxNode);
  const std::string bytes = core::EncodeCommand(command);
  if (bytes.size() > log_.MaxRecordBytes()) {
    return core::Status(core::ErrorKind::kPayloadTooLarge, "payload_too_large",
                        "The request is larger than the cluster's log takes (" + std::to_string(log_.MaxRecordBytes()) +
                            " bytes with its header; raise max_payload in the nats-server configuration).");
  }
  {
    store::WriteUnit unit(db_, bytes.size() + 64);
    store::StageOutbox(unit, command.sequence, bytes);
    LG_RETURN_IF_ERROR(db_.Commit(unit));  // synced: the command survives this machine's crash
  }
  std::future<std::any> outcome = applier_.Expect(command.sequence);
  const auto publishing = std::chrono::steady_clock::now();
  auto appended = log_.Append({{command.Id(), bytes}}, wait);
  PublishSeconds().Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - publishing).count());
  if (!appended.has_value()) {
    applier_.Forget(command.sequence);
    return Unavailable("The cluster did not take the change in time; it may still be applied. " +
                       appended.error().detail());
  }
  if (outcome.wait_until(deadline) != std::future_status::ready) {
    applier_.Forget(command.sequence);
    return Unavailable("The change is in the cluster's log but this node has not applied it yet.");
  }
  try {
    return outcome.get();
  } catch (const std::future_error&) {  // the applier was stopped (shutdown) before applying it
    return Unavailable("This node stopped applying the cluster's log before the change was applied here.");
  }
}

}  // namespace lg::service
