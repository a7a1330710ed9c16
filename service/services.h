#pragma once
// Every use case over one store, wired together once: the repos, the services and the
// authenticator, as the server runs them (app/application.cc) and as in-process tools and tests
// run them. Borrows the store and the keys, which must outlive it; owns the rest. Before
// destroying it, wait for the store's queued commits (Db::WaitForCommits): they report to these
// services. The documentation service is not here: it needs the server's public URL.

#include <chrono>

#include "auth/secret_box.h"
#include "auth/token_hasher.h"
#include "core/lead_id_generator.h"
#include "service/audit_service.h"
#include "service/authenticator.h"
#include "service/backup_service.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "service/idempotency_service.h"
#include "service/lead_events.h"
#include "service/lead_service.h"
#include "service/retention.h"
#include "service/stats_service.h"
#include "service/token_service.h"
#include "service/webhook_service.h"
#include "store/audit_repo.h"
#include "store/campaign_repo.h"
#include "store/counter_repo.h"
#include "store/db.h"
#include "store/disk_purge.h"
#include "store/filter_repo.h"
#include "store/idempotency_repo.h"
#include "store/lead_event_repo.h"
#include "store/lead_repo.h"
#include "store/stats_repo.h"
#include "store/token_repo.h"
#include "store/webhook_delivery_repo.h"
#include "store/webhook_repo.h"

namespace lg::service {

struct ServiceSettings {
  LeadSettings leads;
  TokenSettings tokens;
  std::chrono::milliseconds idempotency_retention = std::chrono::hours(24);
  std::chrono::milliseconds audit_retention = std::chrono::hours(24 * 90);
  std::string backup_dir = "backups";               // where online backups go
  int json_max_depth = core::kDefaultJsonMaxDepth;  // of json field values (limits.json_max_depth)
  // How often deleted leads' bytes are purged from the disk (erasure.disk_purge_seconds); 0: only
  // when DiskPurge::Run is called (tests).
  std::chrono::milliseconds disk_purge_interval{0};
  RetentionSettings retention;    // its interval 0 (the default): no background thread
  std::string time_zone = "UTC";  // account.time_zone: the statistics' days are its
};

struct Services {
  // Wires the parts, loads schemas, filters and tokens into memory and seeds the id generators
  // from the store. Blocks on store reads; fails when the store cannot be read.
  static core::Result<std::unique_ptr<Services>> Open(store::Db& db, const auth::TokenHasher& hasher,
                                                      const auth::SecretBox& box, const ServiceSettings& settings);
  // Wiring only (Open also loads).
  Services(store::Db& db, const auth::TokenHasher& hasher, const auth::SecretBox& box, const ServiceSettings& settings);
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  // Declaration order is construction order: each part borrows only the ones above it.
  store::Db& db;
  store::AuditRepo audit_repo;
  store::CampaignRepo campaign_repo;
  store::CounterRepo counters;
  store::LeadRepo lead_repo;
  store::TokenRepo token_repo;
  store::FilterRepo filter_repo;
  store::IdempotencyRepo idempotency_repo;
  store::LeadEventRepo lead_event_repo;
  store::WebhookRepo webhook_repo;
  store::WebhookDeliveryRepo webhook_deliveries;
  store::StatsRepo stats_repo;
  store::DiskPurge disk_purge;
  AuditService audit;
  BackupService backups;
  CampaignService campaigns;
  FilterService filters;
  core::LeadIdGenerator ids;
  IdempotencyService idempotency;
  LeadEvents lead_events;
  LeadService leads;
  Retention retention;
  StatsService stats;
  TokenService tokens;
  WebhookService webhooks;
  Authenticator authenticator;
};

}  // namespace lg::service
