#include "app/application.h"

#include <filesystem>

#include "app/first_admin.h"
#include "app/server_keys.h"
#include "auth/rate_limiter.h"
#include "auth/secret_box.h"
#include "auth/token_hasher.h"
#include "core/lead_id_generator.h"
#include "core/log.h"
#include "net/api.h"
#include "net/http_server.h"
#include "net/lead_handlers.h"
#include "net/worker_pool.h"
#include "service/audit_service.h"
#include "service/authenticator.h"
#include "service/campaign_service.h"
#include "service/docs_service.h"
#include "service/filter_service.h"
#include "service/idempotency_service.h"
#include "service/lead_service.h"
#include "service/token_service.h"
#include "store/audit_repo.h"
#include "store/campaign_repo.h"
#include "store/counter_repo.h"
#include "store/db.h"
#include "store/filter_repo.h"
#include "store/idempotency_repo.h"
#include "store/lead_repo.h"
#include "store/token_repo.h"

namespace lg::app {
namespace {

// The identity the server itself acts under (seeding the demo).
const auth::Principal kSystem{
    0, "leadgate", core::Permission::kAdmin, std::nullopt, std::nullopt, std::nullopt, std::nullopt, "local"};

}  // namespace

struct Application::Parts {
  core::Config config;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<auth::TokenHasher> hasher;
  std::unique_ptr<auth::SecretBox> box;
  std::unique_ptr<store::AuditRepo> audit_repo;
  std::unique_ptr<service::AuditService> audit;
  auth::RateLimiter token_limiter;
  auth::RateLimiter auth_failure_limiter;
  std::unique_ptr<store::CampaignRepo> campaign_repo;
  std::unique_ptr<store::CounterRepo> counters;
  std::unique_ptr<store::LeadRepo> lead_repo;
  std::unique_ptr<store::TokenRepo> token_repo;
  std::unique_ptr<store::FilterRepo> filter_repo;
  std::unique_ptr<store::IdempotencyRepo> idempotency_repo;
  std::unique_ptr<core::LeadIdGenerator> ids;
  std::unique_ptr<service::CampaignService> campaigns;
  std::unique_ptr<service::FilterService> filters;
  std::unique_ptr<service::IdempotencyService> idempotency;
  std::unique_ptr<service::LeadService> leads;
  std::unique_ptr<service::TokenService> tokens;
  std::unique_ptr<service::Authenticator> authenticator;
  std::unique_ptr<service::DocsService> docs;
  std::unique_ptr<net::Api> api;
  std::unique_ptr<net::HttpServer> server;
  // Declared after the server, so destroyed before it: a task still running at shutdown posts
  // its completion to a reactor that still exists.
  std::unique_ptr<net::WorkerPool> workers;
  std::string base_url;
};

core::Result<std::unique_ptr<Application>> Application::Open(const core::Config& config) {
  namespace fs = std::filesystem;
  std::unique_ptr<Application> app(new Application());
  auto p = std::make_unique<Parts>();
  p->config = config;
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) return core::Status::Internal("cannot create data directory " + config.data_dir + ": " + ec.message());
  fs::permissions(config.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  auto db = store::Db::Open((fs::path(config.data_dir) / "db").string(),
                            config.durability == "os" ? store::Durability::kOs : store::Durability::kFsync);
  if (!db.has_value()) return db.error();
  p->db = std::move(db).value();
  auto keys = ServerKeys::LoadOrCreate(config.KeyFilePath());
  if (!keys.has_value()) return keys.error();
  p->hasher = std::make_unique<auth::TokenHasher>(keys->hash_key);
  p->box = std::make_unique<auth::SecretBox>(keys->encryption_key);
  p->audit_repo = std::make_unique<store::AuditRepo>(*p->db);
  p->audit = std::make_unique<service::AuditService>(*p->audit_repo);

  p->campaign_repo = std::make_unique<store::CampaignRepo>(*p->db);
  p->counters = std::make_unique<store::CounterRepo>(*p->db);
  p->lead_repo = std::make_unique<store::LeadRepo>(*p->db);
  p->token_repo = std::make_unique<store::TokenRepo>(*p->db);
  p->filter_repo = std::make_unique<store::FilterRepo>(*p->db);
  p->campaigns = std::make_unique<service::CampaignService>(*p->campaign_repo, *p->counters, *p->audit);
  p->filters =
      std::make_unique<service::FilterService>(*p->filter_repo, *p->counters, *p->token_repo, *p->campaigns, *p->audit);
  p->campaigns->OnDuplicateRulesChanged(
      [repo = p->lead_repo.get()](const core::Campaign& campaign) { return repo->ReindexDoublets(campaign); });
  p->ids = std::make_unique<core::LeadIdGenerator>();
  for (const auto& campaign : p->campaigns->List(kSystem)) p->ids->Raise(p->lead_repo->MaxLeadId(campaign->id));
  p->idempotency_repo = std::make_unique<store::IdempotencyRepo>(*p->db);
  // Tests shorten the window to milliseconds (Config::idempotency_retention_ms_for_tests).
  std::chrono::milliseconds retention = config.idempotency_retention_ms_for_tests > 0
                                            ? std::chrono::milliseconds(config.idempotency_retention_ms_for_tests)
                                            : std::chrono::hours(config.idempotency_retention_hours);
  p->idempotency = std::make_unique<service::IdempotencyService>(*p->idempotency_repo, retention);
  p->leads = std::make_unique<service::LeadService>(
      *p->campaigns, *p->filters, *p->db, *p->lead_repo, *p->idempotency, *p->ids, *p->audit,
      service::LeadSettings{static_cast<size_t>(config.bulk_max_leads), service::LeadSettings{}.bulk_batch_size});
  p->tokens = std::make_unique<service::TokenService>(
      *p->token_repo, *p->counters, *p->hasher, *p->box, *p->campaigns, *p->filters, *p->audit,
      service::TokenSettings{config.reveal_tokens, config.token_rate_per_second, config.token_burst});
  p->authenticator = std::make_unique<service::Authenticator>(*p->token_repo, *p->hasher);

  LG_RETURN_IF_ERROR(EnsureFirstAdmin(*p->tokens, (fs::path(config.data_dir) / "admin-token").string()));
  app->parts_ = std::move(p);
  return app;
}

Application::~Application() {
  // Commits still queued report to services (and sessions) that must outlive them.
  if (parts_ && parts_->db) parts_->db->WaitForCommits();
}

core::Status Application::Start() {
  Parts& p = *parts_;
  net::HttpServerOptions options;
  options.listen = p.config.listen;
  options.port = static_cast<uint16_t>(p.config.port);
  options.io_threads = static_cast<int>(p.config.io_threads);
  options.body_limit_bytes = static_cast<size_t>(p.config.body_limit_bytes);
  options.body_limit_for = [body_limit = options.body_limit_bytes,
                            bulk_limit = static_cast<size_t>(p.config.bulk_body_limit_bytes)](std::string_view method,
                                                                                              std::string_view path) {
    return net::IsBulkCreate(method, path) ? bulk_limit : body_limit;
  };
  options.header_limit_bytes = static_cast<size_t>(p.config.header_limit_bytes);
  options.read_timeout = std::chrono::milliseconds(p.config.read_timeout_ms);
  p.server = std::make_unique<net::HttpServer>(
      options, [this](const net::HttpRequest& request) { return parts_->api->Handle(request); });
  LG_RETURN_IF_ERROR(p.server->Start());

  core::Config effective = p.config;
  effective.port = p.server->port();
  p.base_url = effective.BaseUrl();
  p.docs = std::make_unique<service::DocsService>(
      *p.tokens, *p.campaigns, *p.filters,
      service::DocsSettings{p.config.account_name, p.config.account_slug, p.base_url,
                            p.config.account_docs_require_admin, p.config.body_limit_bytes});
  p.workers = std::make_unique<net::WorkerPool>(static_cast<int>(p.config.worker_threads));
  p.api = std::make_unique<net::Api>(
      net::ApiContext{*p.workers, *p.campaigns, *p.filters, *p.leads, *p.tokens, *p.audit, *p.docs, *p.authenticator,
                      p.token_limiter, p.auth_failure_limiter,
                      auth::RateLimit{static_cast<double>(p.config.auth_failures_per_minute) / 60.0,
                                      static_cast<double>(p.config.auth_failure_burst)},
                      p.base_url});
  core::log::Info("listening", {{"address", p.config.listen}, {"port", std::to_string(p.server->port())}});
  return core::Status::Ok();
}

uint16_t Application::port() const { return parts_->server ? parts_->server->port() : 0; }
std::string Application::base_url() const { return parts_->base_url; }

void Application::Run() { parts_->server->Run(); }

void Application::Stop() {
  if (parts_->server) parts_->server->Stop();
}

core::Result<service::DemoSeed> Application::SeedDemo() {
  return service::SeedDemo(*parts_->campaigns, *parts_->filters, *parts_->tokens, kSystem);
}

std::string Application::admin_token_path() const {
  return (std::filesystem::path(parts_->config.data_dir) / "admin-token").string();
}

}  // namespace lg::app
