#pragma once
// What the HTTP handlers need: the services and the public base URL. Owned by Application.

#include <chrono>
#include <functional>
#include <string>

#include "auth/rate_limiter.h"
#include "service/audit_service.h"
#include "service/authenticator.h"
#include "service/backup_service.h"
#include "service/campaign_service.h"
#include "service/docs_service.h"
#include "service/filter_service.h"
#include "service/lead_service.h"
#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "service/stats_service.h"
#include "service/token_service.h"
#include "service/webhook_dispatcher.h"
#include "service/webhook_service.h"

namespace lg::net {

class AsyncSlots;
class WorkerPool;

// Cluster mode's parts the HTTP layer uses (net/cluster_routes.h).
struct ClusterLink {
  service::LogProposer& proposer;
  service::LogApplier& applier;
  WorkerPool& position_waits;            // threads that wait for a position a request asks for
  std::chrono::milliseconds write_wait;  // the longest a write waits for the log and its apply (then 503)
  std::chrono::milliseconds read_wait;   // the longest a request waits for Leadgate-Min-Position (then 503)
  // GET /v2/admin/cluster: the log's leader, replicas and length, and this node's position (JSON).
  std::function<core::Result<std::string>()> status;
};

// The sync feed for clients that wait for changes: GET .../leads/events (net/lead_stream_handler.h)
// and a list's wait= long-poll.
struct LiveFeedSettings {
  size_t max_streams_per_token = 5;              // open event streams of one token; one more: 429 too_many_streams
  std::chrono::seconds heartbeat{15};            // an idle stream sends a comment this often
  int64_t max_wait_seconds = 60;                 // the largest wait= of a list
  std::chrono::milliseconds poll_interval{200};  // how often a waiting reader checks for changes
};

struct ApiContext {
  WorkerPool& workers;     // for handlers that may block on the disk
  WorkerPool& readers;     // for reads whose cost grows with the data (lists, counts, stats)
  AsyncSlots& bulk_slots;  // bulk creates running at once (each holds a batch in memory)
  service::CampaignService& campaigns;
  service::FilterService& filters;
  service::LeadService& leads;
  service::TokenService& tokens;
  service::WebhookService& webhooks;
  service::WebhookDispatcher& webhook_deliveries;
  const service::StatsService& stats;
  service::AuditService& audit;
  service::BackupService& backups;
  const service::DocsService& docs;
  const service::Authenticator& authenticator;
  auth::RateLimiter& token_limiter;         // per token
  auth::RateLimiter& auth_failure_limiter;  // per client address, failed authentications only
  auth::RateLimit auth_failure_limit;
  std::string base_url;  // e.g. "http://127.0.0.1:8080", no trailing slash
  // Whether the server can serve (GET /readyz): an error while it cannot, e.g. the store failing.
  std::function<core::Status()> readiness;
  // GET /metrics for admin tokens only (security.metrics_require_admin); false: no token needed.
  bool metrics_require_admin = true;
  // Set in cluster mode: kEveryNode routes go through the replicated log. Null on a single node.
  ClusterLink* cluster = nullptr;
  LiveFeedSettings live_feed;
};

}  // namespace lg::net
