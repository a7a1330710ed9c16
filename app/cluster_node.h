#pragma once
// Cluster mode's parts of one node, wired together: the replicated log on NATS JetStream, the
// applier and the proposer over this node's store, the threads requests wait on for a position, a monitor
// that follows the log (its leader and length, for /readyz and /metrics), and the first admin
// token of an empty cluster. Owned by Application when cluster.enabled is true.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/config.h"
#include "core/status.h"
#include "net/api_context.h"
#include "net/worker_pool.h"
#include "replog/checkpoint_exchange.h"
#include "replog/replicated_log.h"
#include "service/audit_forwarder.h"
#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "service/refusal_forwarder.h"
#include "service/replicated_retention.h"
#include "service/replicated_webhook_writes.h"
#include "service/services.h"
#include "service/webhook_lease.h"
#include "store/db.h"

namespace lg::app {

class ClusterNode {
 public:
  // Connects to the log (creating its stream when missing). `random_key`: the cluster's shared
  // secret (derived from the key file every node shares) that commands' random bytes come from.
  // `start_over`: called once should the log no longer hold what this node needs next (it was
  // cut off longer than the stream keeps entries); the node must then be restarted, and catches
  // up from another node's copy at start (app/cluster_catch_up.h).
  static core::Result<std::unique_ptr<ClusterNode>> Open(const core::Config& config, store::Db& db,
                                                         service::Services& services, const std::string& random_key,
                                                         std::function<void()> start_over);
  ~ClusterNode();  // stops applying

  // What the HTTP layer uses. Its routes register their command kinds on link().applier.
  net::ClusterLink& link() { return *link_; }

  // Starts applying (after every kind is registered), appends what the outbox still holds, then
  // waits until this node has applied the log as it was, and mints the first admin token into
  // `admin_token_path` when the cluster holds no token yet. Serves copies of this node's store to
  // nodes that catch up (replog/checkpoint_exchange.h).
  core::Status Start(const std::string& admin_token_path);
  // Stops applying and following the log, and waits for the proposals in flight (they answer
  // 503). Before the HTTP layer whose handlers the applier runs goes away.
  void Stop();

  // Ok, or why this node should not get traffic: its applier stopped at an entry, or it is more
  // than cluster.max_ready_lag entries behind the log (503 catching_up).
  core::Status Readiness() const;

  // Webhook delivery in the cluster: the dispatcher's writes go through the log, and it delivers
  // while this node holds the lease (service/webhook_lease.h).
  service::ReplicatedWebhookWrites& webhook_writes() { return *webhook_writes_; }
  service::WebhookLease& webhook_lease() { return *webhook_lease_; }

  // What `leadgate cluster status` prints: the log's leader, replicas and length, and this node's position.
  core::Result<std::string> StatusJson();

 private:
  ClusterNode() = default;
  void Monitor(const std::stop_token& stop);

  core::Config config_;
  service::Services* services_ = nullptr;
  store::Db* db_ = nullptr;
  std::function<void()> start_over_;
  std::unique_ptr<replog::ReplicatedLog> log_;
  std::unique_ptr<replog::CheckpointExchange> copies_;
  std::unique_ptr<service::LogApplier> applier_;
  std::unique_ptr<service::LogProposer> proposer_;
  std::unique_ptr<net::WorkerPool> position_waits_;
  std::unique_ptr<net::ClusterLink> link_;
  std::unique_ptr<service::AuditForwarder> audit_forwarder_;
  std::unique_ptr<service::RefusalForwarder> refusal_forwarder_;
  std::unique_ptr<service::ReplicatedRetention> retention_;
  std::unique_ptr<service::ReplicatedWebhookWrites> webhook_writes_;
  std::unique_ptr<service::WebhookLease> webhook_lease_;
  std::atomic<uint64_t> log_last_{0};  // the log's newest position, as last seen by the monitor
  std::atomic<bool> log_seen_{false};
  std::atomic<bool> republish_{false};  // the outbox is to be appended again (the monitor does it)
  std::jthread monitor_;
};

}  // namespace lg::app
