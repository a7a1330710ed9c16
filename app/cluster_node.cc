#include "app/cluster_node.h"

#include <filesystem>

#include "app/cluster_options.h"
#include "app/first_admin.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/time_util.h"
#include "replog/nats_log.h"
#include "store/backup.h"

namespace lg::app {
namespace {

// The command that mints the first admin token of an empty cluster.
constexpr const char* kFirstAdminKind = "leadgate.first_admin";
// How often the monitor looks at the log.
constexpr auto kMonitorInterval = std::chrono::milliseconds(500);
// Threads requests asking for a position (Leadgate-Min-Position) wait on, each until it is applied here.
constexpr int kPositionWaitThreads = 64;

core::metrics::Gauge& ApplyLag() {
  static auto& lag = core::metrics::Registry::Global().GetGauge(
      "leadgate_cluster_apply_lag", "Replicated-log entries the log holds that this node has not applied yet");
  return lag;
}

core::metrics::Gauge& OutboxDepth() {
  static auto& depth = core::metrics::Registry::Global().GetGauge(
      "leadgate_cluster_outbox_depth", "Commands this node proposed that wait for their apply here");
  return depth;
}

core::metrics::Counter& LeaderChanges() {
  static auto& changes = core::metrics::Registry::Global().GetCounter(
      "leadgate_cluster_leader_changes_total", "Times this node saw the log's leader change (or go away)");
  return changes;
}

}  // namespace

core::Result<std::unique_ptr<ClusterNode>> ClusterNode::Open(const core::Config& config, store::Db& db,
                                                             service::Services& services, const std::string& random_key,
                                                             std::function<void()> start_over) {
  std::unique_ptr<ClusterNode> node(new ClusterNode());
  node->config_ = config;
  node->services_ = &services;
  node->start_over_ = std::move(start_over);
  LG_ASSIGN_OR_RETURN(node->log_, replog::OpenNatsLog(LogOptionsFrom(config)));
  LG_ASSIGN_OR_RETURN(node->copies_, replog::OpenNatsCheckpointExchange(CopyOptionsFrom(config)));
  node->db_ = &db;
  const auto node_id = static_cast<uint32_t>(config.cluster_node_id);
  node->applier_ = std::make_unique<service::LogApplier>(db, *node->log_, node_id, random_key);
  node->proposer_ = std::make_unique<service::LogProposer>(db, *node->log_, *node->applier_, node_id);
  node->position_waits_ = std::make_unique<net::WorkerPool>(kPositionWaitThreads);
  node->link_ = std::make_unique<net::ClusterLink>(net::ClusterLink{
      *node->proposer_, *node->applier_, *node->position_waits_,
      std::chrono::milliseconds(config.cluster_write_timeout_ms),
      std::chrono::milliseconds(config.cluster_read_wait_ms), [node = node.get()] { return node->StatusJson(); }});
  node->audit_forwarder_ = std::make_unique<service::AuditForwarder>(
      services.audit, *node->proposer_, *node->applier_, std::chrono::milliseconds(config.cluster_write_timeout_ms));
  node->refusal_forwarder_ =
      std::make_unique<service::RefusalForwarder>(services.leads, db, *node->proposer_, *node->applier_,
                                                  std::chrono::milliseconds(config.cluster_write_timeout_ms));
  node->retention_ =
      std::make_unique<service::ReplicatedRetention>(services.retention, *node->proposer_, *node->applier_,
                                                     std::chrono::milliseconds(config.cluster_write_timeout_ms));
  node->webhook_writes_ = std::make_unique<service::ReplicatedWebhookWrites>(
      services.webhook_deliveries, services.lead_events.repo(), services.webhooks, *node->proposer_, *node->applier_,
      std::chrono::milliseconds(config.cluster_write_timeout_ms));
  node->webhook_lease_ =
      std::make_unique<service::WebhookLease>(services.webhook_deliveries, *node->proposer_, *node->applier_, node_id);
  services.idempotency.SetSweepHorizon([applier = node->applier_.get()] { return applier->applied_time(); });
  node->applier_->Handle(kFirstAdminKind, [&services](const core::Command&, store::WriteUnit&) -> std::any {
    return services.tokens.CreateInitialAdmin("Initial admin");
  });
  return node;
}

ClusterNode::~ClusterNode() { Stop(); }

void ClusterNode::Stop() {
  if (copies_) copies_->StopServing();
  audit_forwarder_.reset();  // sends what it holds while the log is still applied here
  refusal_forwarder_.reset();
  if (retention_) retention_->Stop();
  if (webhook_lease_) webhook_lease_->Stop();
  monitor_ = {};  // joins
  if (proposer_) proposer_->Stop();
  if (applier_) applier_->Stop();
  position_waits_.reset();  // joins, once each wait has its answer
}

core::Status ClusterNode::Start(const std::string& admin_token_path) {
  const auto wait = std::chrono::milliseconds(config_.cluster_write_timeout_ms);
  LG_RETURN_IF_ERROR(applier_->Start());
  // The outbox goes in again; while the log has no leader yet (all of it restarting), the monitor
  // keeps trying.
  if (core::Status again = proposer_->Recover(wait); !again.ok()) {
    core::log::Warn("outbox_append_failed", {{"detail", again.detail()}});
    republish_ = true;
  }
  monitor_ = std::jthread([this](const std::stop_token& stop) { Monitor(stop); });
  const std::string scratch = (std::filesystem::path(config_.data_dir) / "copies").string();
  core::Status serving = copies_->Serve(
      [db = db_](const std::string& dir) {
        auto backup = store::CreateBackup(*db, dir);
        return backup.has_value() ? core::Status::Ok() : backup.error();
      },
      scratch);
  if (!serving.ok()) core::log::Warn("copies_not_served", {{"detail", serving.detail()}});

  // The first admin token: once this node has applied the log as it is now, so a cluster that
  // has tokens is never given another.
  const auto catch_up = std::chrono::milliseconds(std::max<int64_t>(config_.cluster_write_timeout_ms, 60000));
  const auto deadline = std::chrono::steady_clock::now() + catch_up;
  core::Result<replog::LogStatus> status = log_->Status();
  while (!status.has_value() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = log_->Status();
  }
  if (!status.has_value()) return status.error();
  if (!applier_->WaitFor(status->last_position, catch_up)) {
    core::Status health = applier_->health();
    return health.ok() ? core::Status(core::ErrorKind::kUnavailable, "catching_up",
                                      "this node did not catch up with the replicated log in time")
                       : health;
  }
  retention_->Start(std::chrono::seconds(config_.erasure_retention_interval_seconds));
  LG_RETURN_IF_ERROR(webhook_lease_->Start());
  if (!services_->token_repo.List().empty()) return core::Status::Ok();
  core::Command command;
  command.kind = kFirstAdminKind;
  LG_ASSIGN_OR_RETURN(std::any outcome, proposer_->Propose(command, wait));
  auto* minted = std::any_cast<core::Result<std::optional<service::IssuedToken>>>(&outcome);
  if (!minted) return core::Status::Ok();  // applied before (a republished copy)
  if (!minted->has_value()) return minted->error();
  if (!**minted) return core::Status::Ok();  // another node's came first
  return WriteFirstAdminToken(***minted, admin_token_path);
}

core::Status ClusterNode::Readiness() const {
  LG_RETURN_IF_ERROR(applier_->health());
  const uint64_t last = log_last_.load();
  const uint64_t applied = applier_->applied();
  if (!log_seen_.load() || (last > applied && last - applied > static_cast<uint64_t>(config_.cluster_max_ready_lag))) {
    return {core::ErrorKind::kUnavailable, "catching_up",
            "This node is catching up with the cluster's log (applied " + std::to_string(applied) + " of " +
                std::to_string(last) + ")."};
  }
  return core::Status::Ok();
}

void ClusterNode::Monitor(const std::stop_token& stop) {
  std::string leader;
  uint64_t rewinds = 0;
  const auto keep = std::chrono::seconds(config_.cluster_outbox_retention_s);
  bool started_over = false;
  while (!stop.stop_requested()) {
    if (!started_over && applier_->health().code() == "log_truncated") {
      // Applying cannot go on: what comes next is gone from the log. A restart fetches a copy.
      core::log::Error("log_left_this_node_behind",
                       {{"applied", std::to_string(applier_->applied())},
                        {"detail",
                         "the log no longer holds the entries this node needs next; restarting to catch up "
                         "from another node's copy"}});
      started_over = true;
      if (start_over_) start_over_();
    }
    if (applier_->rewinds() != rewinds) {
      // The log went back: what this node proposed lately goes in again.
      rewinds = applier_->rewinds();
      republish_ = true;
    }
    if (republish_) {
      core::Status again = proposer_->Recover(std::chrono::milliseconds(config_.cluster_write_timeout_ms));
      if (!again.ok()) core::log::Warn("outbox_append_failed", {{"detail", again.detail()}});
      republish_ = !again.ok();
    }
    if (core::Status pruned = proposer_->PruneOutbox(keep); !pruned.ok()) {
      core::log::Warn("outbox_prune_failed", {{"detail", pruned.detail()}});
    }
    if (auto status = log_->Status(); status.has_value()) {
      log_last_.store(status->last_position);
      log_seen_.store(true);
      if (status->leader != leader) {
        if (!leader.empty()) LeaderChanges().Add();
        leader = status->leader;
      }
      const uint64_t applied = applier_->applied();
      ApplyLag().Set(static_cast<int64_t>(status->last_position > applied ? status->last_position - applied : 0));
    }
    OutboxDepth().Set(static_cast<int64_t>(applier_->waiting()));
    std::mutex mu;
    std::unique_lock lock(mu);
    std::condition_variable_any().wait_for(lock, stop, kMonitorInterval, [] { return false; });
  }
}

core::Result<std::string> ClusterNode::StatusJson() {
  LG_ASSIGN_OR_RETURN(replog::LogStatus status, log_->Status());
  core::JsonWriter out;
  out.BeginObject().Key("enabled").Bool(true).Key("node_id").Int(config_.cluster_node_id);
  out.Key("stream").BeginObject().Key("name").String(status.name).Key("leader").String(status.leader);
  out.Key("replicas").BeginArray();
  for (const auto& replica : status.replicas) out.String(replica);
  out.EndArray();
  out.Key("first_position").Uint(status.first_position).Key("last_position").Uint(status.last_position).EndObject();
  const uint64_t applied = applier_->applied();
  out.Key("applied_position").Uint(applied);
  out.Key("lag").Uint(status.last_position > applied ? status.last_position - applied : 0);
  core::Status health = applier_->health();
  out.Key("applying").Bool(health.ok());
  // Whether this node holds the webhook delivery lease (service/webhook_lease.h).
  out.Key("delivers_webhooks").Bool(webhook_lease_->Held(core::NowMillis()));
  if (!health.ok()) out.Key("stopped_because").String(health.detail());
  out.EndObject();
  return out.Take();
}

}  // namespace lg::app
