#include "app/application.h"

#include <algorithm>
#include <filesystem>

#include "app/cluster_catch_up.h"
#include "app/cluster_node.h"
#include "app/first_admin.h"
#include "app/server_keys.h"
#include "app/webhook_delivery.h"
#include "auth/rate_limiter.h"
#include "auth/secret_box.h"
#include "auth/token_hasher.h"
#include "core/log.h"
#include "core/sha256.h"
#include "net/api.h"
#include "net/async_slots.h"
#include "net/http_server.h"
#include "net/router.h"
#include "net/worker_pool.h"
#include "service/docs_service.h"
#include "service/services.h"
#include "store/db.h"
#include "store/token_repo.h"

namespace lg::app {
namespace {

// The identity the server itself acts under (seeding the demo).
const auth::Principal kSystem{
    0, "leadgate", core::Permission::kAdmin, std::nullopt, std::nullopt, std::nullopt, std::nullopt, "local"};

service::ServiceSettings SettingsFrom(const core::Config& config) {
  service::ServiceSettings settings;
  settings.leads.bulk_max_leads = static_cast<size_t>(config.bulk_max_leads);
  // A bulk's lead is held to the single create's limit (the bulk route's own covers the body).
  settings.leads.bulk_item_limit_bytes = static_cast<size_t>(config.body_limit_bytes);
  settings.tokens = service::TokenSettings{config.reveal_tokens, config.token_rate_per_second, config.token_burst};
  // Tests shorten the window to milliseconds (Config::idempotency_retention_ms_for_tests).
  settings.idempotency_retention = config.idempotency_retention_ms_for_tests > 0
                                       ? std::chrono::milliseconds(config.idempotency_retention_ms_for_tests)
                                       : std::chrono::hours(config.idempotency_retention_hours);
  settings.audit_retention = std::chrono::hours(24 * config.audit_retention_days);
  settings.disk_purge_interval = std::chrono::seconds(config.erasure_disk_purge_seconds);
  settings.retention.tombstone_retention = std::chrono::hours(24 * config.erasure_tombstone_retention_days);
  // A local timer cannot make every node delete at one log position: in cluster mode the node
  // proposes passes instead (service/replicated_retention.h).
  if (!config.cluster_enabled)
    settings.retention.interval = std::chrono::seconds(config.erasure_retention_interval_seconds);
  settings.retention.leads_per_second = static_cast<double>(config.erasure_retention_leads_per_second);
  settings.time_zone = config.time_zone;
  settings.json_max_depth = static_cast<int>(config.json_max_depth);
  settings.backup_dir =
      config.backup_dir.empty() ? (std::filesystem::path(config.data_dir) / "backups").string() : config.backup_dir;
  return settings;
}

// How many tokens the store holds (read before the key file is, so without the keys).
core::Result<size_t> StoredTokens(store::Db& db) {
  store::TokenRepo tokens(db);
  LG_RETURN_IF_ERROR(tokens.Load());
  return tokens.List().size();
}

}  // namespace

// Declaration order is construction order; destruction runs the other way.
struct Application::Parts {
  core::Config config;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<auth::TokenHasher> hasher;
  std::unique_ptr<auth::SecretBox> box;
  std::unique_ptr<service::Services> services;
  // Cluster mode only; stops applying before the services it applies into go away.
  std::unique_ptr<ClusterNode> cluster;
  std::unique_ptr<WebhookDelivery> webhooks;  // delivers from the services' store (through the cluster's log)
  auth::RateLimiter token_limiter;
  auth::RateLimiter auth_failure_limiter;
  std::unique_ptr<service::DocsService> docs;
  // Before the server: a session destroyed with it may still hold a slot.
  std::unique_ptr<net::AsyncSlots> bulk_slots;
  std::unique_ptr<net::Api> api;
  std::unique_ptr<net::HttpServer> server;
  // Declared after the server, so destroyed before it: a task still running at shutdown posts
  // its completion to a reactor that still exists.
  std::unique_ptr<net::WorkerPool> workers;
  std::unique_ptr<net::WorkerPool> readers;
  std::string base_url;
};

core::Result<std::unique_ptr<Application>> Application::Open(const core::Config& config, MissingKeyFile missing_key,
                                                             rocksdb::Env* store_env) {
  namespace fs = std::filesystem;
  // Every setting is checked before the data directory is touched: a bad one leaves no store,
  // key file or admin token behind (LoadConfig checks the same; a Config may come from elsewhere).
  LG_RETURN_IF_ERROR(core::ValidateConfig(config));
  std::unique_ptr<Application> app(new Application());
  auto p = std::make_unique<Parts>();
  p->config = config;
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) return core::Status::Internal("cannot create data directory " + config.data_dir + ": " + ec.message());
  fs::permissions(config.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  const std::string store_dir = (fs::path(config.data_dir) / "db").string();
  // New, wiped or left behind by the log: from another node's copy (then the log after it).
  if (config.cluster_enabled) LG_RETURN_IF_ERROR(CatchUpFromCopy(config, store_dir));
  auto db = store::Db::Open(store_dir, config.durability == "os" ? store::Durability::kOs : store::Durability::kFsync,
                            static_cast<size_t>(config.max_queued_writes), store_env);
  if (!db.has_value()) return db.error();
  p->db = std::move(db).value();
  // A missing key file next to tokens made with it is a lost key (a restore without it, a wrong
  // security.key_file), not a first start: a new key would silently turn every token into a 401.
  const std::string key_path = config.KeyFilePath();
  size_t orphaned_tokens = 0;
  if (std::error_code missing; !fs::exists(key_path, missing) && !missing) {
    LG_ASSIGN_OR_RETURN(orphaned_tokens, StoredTokens(*p->db));
    if (orphaned_tokens > 0 && missing_key == MissingKeyFile::kRefuse) {
      return core::Status(core::ErrorKind::kConflict, "key_file_missing",
                          "key file " + key_path + " is missing, but the store holds " +
                              std::to_string(orphaned_tokens) + (orphaned_tokens == 1 ? " token" : " tokens") +
                              " made with it: put the original key file back (it is never part of a "
                              "backup), or start once with `leadgate serve --new-key` to make a new key file and a "
                              "new admin token (every existing token then stops working)");
    }
  }
  auto keys = ServerKeys::LoadOrCreate(key_path);
  if (!keys.has_value()) return keys.error();
  p->hasher = std::make_unique<auth::TokenHasher>(keys->hash_key);
  p->box = std::make_unique<auth::SecretBox>(keys->encryption_key);
  auto services = service::Services::Open(*p->db, *p->hasher, *p->box, SettingsFrom(config));
  if (!services.has_value()) return services.error();
  p->services = std::move(services).value();
  const std::string admin_token_path = (fs::path(config.data_dir) / "admin-token").string();
  if (config.cluster_enabled) {
    // Every node derives commands' random bytes (token secrets) from the key file they share.
    const std::string random_key = core::HmacSha256(keys->hash_key, {"leadgate cluster apply random"});
    // Left behind by the log while running: stop, so the service manager starts it again (and it
    // catches up from a copy, above).
    auto start_over = [app = app.get()] {
      app->restart_needed_ = true;
      app->Stop();
    };
    LG_ASSIGN_OR_RETURN(p->cluster, ClusterNode::Open(config, *p->db, *p->services, random_key, start_over));
    // The first admin token is a command of the log (ClusterNode::Start).
  } else if (orphaned_tokens > 0) {
    core::log::Warn("new_key_file_created",
                    {{"file", key_path}, {"tokens_no_longer_valid", std::to_string(orphaned_tokens)}});
    LG_RETURN_IF_ERROR(MintAdminForNewKey(p->services->tokens, admin_token_path));
  } else {
    LG_RETURN_IF_ERROR(EnsureFirstAdmin(p->services->tokens, admin_token_path));
  }
  LG_ASSIGN_OR_RETURN(p->webhooks, WebhookDelivery::Open(config, *p->services, p->cluster.get()));
  app->parts_ = std::move(p);
  return app;
}

Application::~Application() {
  // The applier runs the HTTP layer's handlers: stopped before that goes away.
  if (parts_ && parts_->cluster) parts_->cluster->Stop();
  // Commits still queued report to services (and sessions) that must outlive them.
  if (parts_ && parts_->db) parts_->db->WaitForCommits();
}

core::Status Application::Start() {
  Parts& p = *parts_;
  service::Services& s = *p.services;
  net::HttpServerOptions options;
  options.listen = p.config.listen;
  options.port = static_cast<uint16_t>(p.config.port);
  options.io_threads = static_cast<int>(p.config.io_threads);
  options.body_limit_bytes = static_cast<size_t>(p.config.body_limit_bytes);
  // Each route says what body it takes (net::Body): none, the default limit, or a bulk's, read
  // and stored as it arrives in bounded memory. The route found here is the one admission and
  // the handler use.
  options.body_rule = [this, body_limit = options.body_limit_bytes,
                       bulk_limit = static_cast<size_t>(p.config.bulk_body_limit_bytes)](net::HttpRequest& request) {
    switch (parts_->api->BodyOf(request)) {
      case net::Body::kNone:
        return net::BodyRule{0, false};
      case net::Body::kDefault:
        return net::BodyRule{body_limit, false};
      case net::Body::kBulkStreamed:
        return net::BodyRule{bulk_limit, true};
    }
    return net::BodyRule{body_limit, false};
  };
  options.header_limit_bytes = static_cast<size_t>(p.config.header_limit_bytes);
  options.read_timeout = std::chrono::milliseconds(p.config.read_timeout_ms);
  options.header_timeout = std::chrono::milliseconds(p.config.header_timeout_ms);
  options.max_connections = static_cast<size_t>(p.config.max_connections);
  options.max_connections_per_client = static_cast<size_t>(p.config.max_connections_per_client);
  options.max_requests_per_client = static_cast<size_t>(p.config.max_requests_per_client);
  options.trusted_proxies = p.config.trusted_proxies;
  // Authentication, routing and rate limits answer from the headers, before any body is read.
  options.admit = [this](net::HttpRequest& request) { return parts_->api->Admit(request); };
  p.server = std::make_unique<net::HttpServer>(
      options, [this](const net::HttpRequest& request) { return parts_->api->Handle(request); });
  LG_RETURN_IF_ERROR(p.server->Start());

  core::Config effective = p.config;
  effective.port = p.server->port();
  p.base_url = effective.BaseUrl();
  p.docs = std::make_unique<service::DocsService>(
      s.tokens, s.campaigns, s.filters,
      service::DocsSettings{p.config.account_name, p.config.account_slug, p.base_url,
                            p.config.account_docs_require_admin, p.config.body_limit_bytes,
                            auth::RateLimit{static_cast<double>(p.config.docs_requests_per_minute) / 60.0,
                                            static_cast<double>(p.config.docs_burst)},
                            apidocs::DocsLiveFeed{p.config.stream_max_per_token, p.config.stream_heartbeat_seconds,
                                                  p.config.stream_max_wait_seconds},
                            p.config.time_zone});
  p.workers = std::make_unique<net::WorkerPool>(static_cast<int>(p.config.worker_threads));
  p.readers = std::make_unique<net::WorkerPool>(static_cast<int>(p.config.read_threads));
  // Bulks at once: half the workers, so the other writes (creates checking duplicate rules,
  // PATCHes) always find a worker free; the other bulks wait before reading their body.
  p.bulk_slots =
      std::make_unique<net::AsyncSlots>(std::max<size_t>(1, static_cast<size_t>(p.config.worker_threads) / 2));
  // What a create must read from the store (its key's record, duplicate rules) is read there.
  s.leads.SetOffload([workers = p.workers.get()](std::function<void()> work) { return workers->Run(std::move(work)); });
  const net::LiveFeedSettings live_feed{.max_streams_per_token = static_cast<size_t>(p.config.stream_max_per_token),
                                        .heartbeat = std::chrono::seconds(p.config.stream_heartbeat_seconds),
                                        .max_wait_seconds = p.config.stream_max_wait_seconds};
  p.api = std::make_unique<net::Api>(
      net::ApiContext{*p.workers,
                      *p.readers,
                      *p.bulk_slots,
                      s.campaigns,
                      s.filters,
                      s.leads,
                      s.tokens,
                      s.webhooks,
                      p.webhooks->dispatcher(),
                      s.stats,
                      s.audit,
                      s.backups,
                      *p.docs,
                      s.authenticator,
                      p.token_limiter,
                      p.auth_failure_limiter,
                      auth::RateLimit{static_cast<double>(p.config.auth_failures_per_minute) / 60.0,
                                      static_cast<double>(p.config.auth_failure_burst)},
                      p.base_url,
                      [this] { return Readiness(); },
                      p.config.metrics_require_admin,
                      p.cluster ? &p.cluster->link() : nullptr,
                      live_feed});
  // After the routes registered their command kinds: applying may start.
  if (p.cluster) LG_RETURN_IF_ERROR(p.cluster->Start(admin_token_path()));
  p.webhooks->Start();
  core::log::Info("listening", {{"address", p.config.listen}, {"port", std::to_string(p.server->port())}});
  return core::Status::Ok();
}

core::Status Application::Readiness() {
  if (parts_->server && parts_->server->draining()) {
    return {core::ErrorKind::kUnavailable, "draining", "The server is shutting down."};
  }
  LG_RETURN_IF_ERROR(parts_->db->Health());
  if (parts_->cluster) return parts_->cluster->Readiness();
  return core::Status::Ok();
}

uint16_t Application::port() const { return parts_->server ? parts_->server->port() : 0; }
std::string Application::base_url() const { return parts_->base_url; }

void Application::Run() { parts_->server->Run(); }

void Application::Stop() {
  if (parts_->server) parts_->server->Stop();
}

core::Result<service::DemoSeed> Application::SeedDemo() {
  service::Services& s = *parts_->services;
  return service::SeedDemo(s.campaigns, s.filters, s.tokens, kSystem);
}

std::string Application::admin_token_path() const {
  return (std::filesystem::path(parts_->config.data_dir) / "admin-token").string();
}

}  // namespace lg::app
