#include "app/cluster_catch_up.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "app/cluster_options.h"
#include "core/log.h"
#include "store/apply_progress.h"
#include "store/db.h"
#include "store/outbox_repo.h"
#include "store/write_unit.h"

namespace lg::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// How long the catch-up looks for a node that gives a copy, and each look.
constexpr auto kFindCopyWait = std::chrono::seconds(60);
constexpr auto kFetchWait = std::chrono::seconds(10);

// Where this node's store stands.
struct Standing {
  uint64_t applied = 0;
  std::vector<store::OutboxEntry> outbox;
};

core::Result<Standing> ReadStanding(const std::string& store_dir) {
  if (!fs::exists(store_dir)) return Standing{};
  LG_ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(store_dir));
  LG_ASSIGN_OR_RETURN(store::AppliedState state, store::ReadAppliedState(*db));
  LG_ASSIGN_OR_RETURN(std::vector<store::OutboxEntry> outbox, store::ReadOutbox(*db));
  return Standing{state.position, std::move(outbox)};
}

// Makes the fetched copy this node's: the source's outbox out, this node's in. Its position.
core::Result<uint64_t> AdoptCopy(const std::string& copy_dir, const std::vector<store::OutboxEntry>& own_outbox) {
  LG_ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(copy_dir));
  LG_ASSIGN_OR_RETURN(std::vector<store::OutboxEntry> theirs, store::ReadOutbox(*db));
  store::WriteUnit unit(*db);
  // In this order: a sequence of ours equal to one of theirs stays (the last change of a key wins).
  for (const auto& entry : theirs) store::StageOutboxDone(unit, entry.sequence);
  for (const auto& entry : own_outbox) store::StageOutbox(unit, entry.sequence, entry.command);
  if (!unit.empty()) LG_RETURN_IF_ERROR(db->Commit(unit));
  LG_ASSIGN_OR_RETURN(store::AppliedState state, store::ReadAppliedState(*db));
  return state.position;
}

core::Status SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return core::Status::Internal("cannot sync directory " + dir.string());
  }
  ::close(fd);
  return core::Status::Ok();
}

core::Status Rename(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return core::Status::Internal("cannot rename " + from.string() + " to " + to.string() + ": " + ec.message());
  return core::Status::Ok();
}

// The log as it stands, retried while its servers elect a leader.
core::Result<replog::LogStatus> LogStanding(const core::Config& config) {
  LG_ASSIGN_OR_RETURN(std::unique_ptr<replog::ReplicatedLog> log, replog::OpenNatsLog(LogOptionsFrom(config)));
  const auto deadline = Clock::now() + kFetchWait;
  core::Result<replog::LogStatus> status = log->Status();
  while (!status.has_value() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = log->Status();
  }
  return status;
}

}  // namespace

core::Status CatchUpFromCopy(const core::Config& config, const std::string& store_dir) {
  const fs::path store(store_dir);
  const fs::path replaced = store_dir + ".replaced", copy = store_dir + ".copy";
  // A swap cut short: the old store comes back, and what follows decides again.
  std::error_code ec;
  if (!fs::exists(store) && fs::exists(replaced)) LG_RETURN_IF_ERROR(Rename(replaced, store));
  fs::remove_all(replaced, ec);
  fs::remove_all(copy, ec);

  LG_ASSIGN_OR_RETURN(replog::LogStatus log, LogStanding(config));
  // A log that still starts at its first entry and is short asks for no copy whatever the store
  // holds: the store is then not opened twice at start (its write-ahead log replayed twice).
  const auto copy_after = static_cast<uint64_t>(config.cluster_copy_after_entries);
  if (log.first_position <= 1 && log.last_position <= copy_after) return core::Status::Ok();
  LG_ASSIGN_OR_RETURN(Standing standing, ReadStanding(store_dir));
  const bool left_behind = log.last_position > 0 && log.first_position > standing.applied + 1;
  const bool empty_and_far = standing.applied == 0 && standing.outbox.empty() && log.last_position > copy_after;
  if (!left_behind && !empty_and_far) return core::Status::Ok();
  core::log::Info("catching_up_from_copy", {{"applied", std::to_string(standing.applied)},
                                            {"log_first", std::to_string(log.first_position)},
                                            {"log_last", std::to_string(log.last_position)}});

  LG_ASSIGN_OR_RETURN(std::unique_ptr<replog::CheckpointExchange> copies,
                      replog::OpenNatsCheckpointExchange(CopyOptionsFrom(config)));
  const auto deadline = Clock::now() + kFindCopyWait;
  core::Result<replog::FetchedCheckpoint> fetched = copies->Fetch(copy.string(), kFetchWait);
  while (!fetched.has_value() && Clock::now() < deadline) {
    core::log::Warn("copy_not_fetched", {{"detail", fetched.error().detail()}});
    fetched = copies->Fetch(copy.string(), kFetchWait);
  }
  if (!fetched.has_value()) {
    // An empty store can still apply the whole log; one the log left behind cannot.
    if (!left_behind) return core::Status::Ok();
    return core::Status(core::ErrorKind::kUnavailable, "no_copy",
                        "this node is behind what the replicated log keeps (applied " +
                            std::to_string(standing.applied) + ", the log starts at " +
                            std::to_string(log.first_position) +
                            ") and no other node gave a copy of its store: start another node first (" +
                            fetched.error().detail() + ")");
  }
  LG_ASSIGN_OR_RETURN(uint64_t position, AdoptCopy(copy.string(), standing.outbox));
  if (position + 1 < log.first_position) {
    fs::remove_all(copy, ec);
    return core::Status(core::ErrorKind::kUnavailable, "no_copy",
                        "the copy node " + std::to_string(fetched->from_node) + " gave is behind the log too (at " +
                            std::to_string(position) + "); retry once that node has caught up");
  }
  if (fs::exists(store)) LG_RETURN_IF_ERROR(Rename(store, replaced));
  LG_RETURN_IF_ERROR(Rename(copy, store));
  LG_RETURN_IF_ERROR(SyncDirectory(store.parent_path()));
  fs::remove_all(replaced, ec);
  core::log::Info("caught_up_from_copy", {{"from_node", std::to_string(fetched->from_node)},
                                          {"files", std::to_string(fetched->files)},
                                          {"bytes", std::to_string(fetched->bytes)},
                                          {"position", std::to_string(position)},
                                          {"outbox_kept", std::to_string(standing.outbox.size())}});
  return core::Status::Ok();
}

}  // namespace lg::app
