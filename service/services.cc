#include "service/services.h"

#include "service/lead_stats.h"

namespace lg::service {

Services::Services(store::Db& db, const auth::TokenHasher& hasher, const auth::SecretBox& box,
                   const ServiceSettings& settings)
    : db(db),
      audit_repo(db),
      campaign_repo(db),
      counters(db),
      lead_repo(db),
      token_repo(db),
      filter_repo(db),
      idempotency_repo(db),
      lead_event_repo(db),
      webhook_repo(db),
      webhook_deliveries(db),
      stats_repo(db),
      disk_purge(db, settings.disk_purge_interval),
      audit(audit_repo, settings.audit_retention),
      backups(db, audit, settings.backup_dir),
      campaigns(campaign_repo, counters, audit, settings.json_max_depth),
      filters(filter_repo, counters, token_repo, campaigns, audit),
      idempotency(idempotency_repo, settings.idempotency_retention),
      lead_events(lead_event_repo),
      leads(campaigns, filters, db, lead_repo, idempotency, lead_events, ids, audit, settings.leads),
      retention(campaigns, leads, lead_repo, settings.retention),
      stats(campaigns, leads, stats_repo, token_repo, settings.time_zone),
      tokens(token_repo, counters, hasher, box, campaigns, filters, audit, settings.tokens),
      webhooks(webhook_repo, counters, box, campaigns, filters, lead_events, audit),
      authenticator(token_repo, hasher) {
  campaigns.OnDuplicateRulesChanged(
      [this](const core::Campaign& campaign) { return leads.RebuildDuplicateIndex(campaign); });
  tokens.SetOnRevoked([this](uint64_t token_id) { webhooks.OnTokenRevoked(token_id); });
  leads.SetOnDeleted([this](const core::Campaign& campaign, const core::Lead& lead) {
    for (auto& range : store::LeadRepo::ErasedRanges(campaign, lead)) {
      disk_purge.Add(range.cf, std::move(range.begin), std::move(range.end));
    }
  });
}

core::Result<std::unique_ptr<Services>> Services::Open(store::Db& db, const auth::TokenHasher& hasher,
                                                       const auth::SecretBox& box, const ServiceSettings& settings) {
  auto services = std::make_unique<Services>(db, hasher, box, settings);
  LG_RETURN_IF_ERROR(services->token_repo.Load());
  LG_RETURN_IF_ERROR(services->audit.Load());
  LG_RETURN_IF_ERROR(services->campaigns.Load());
  LG_RETURN_IF_ERROR(services->filters.Load());
  LG_RETURN_IF_ERROR(services->tokens.Load());
  LG_RETURN_IF_ERROR(services->webhooks.Load());
  // A store from before statistics: its leads counted once.
  LG_RETURN_IF_ERROR(LeadStats::BackfillOnce(db, services->campaigns.All()));
  // New ids stay above every stored lead's, whatever the clock did while the server was down.
  for (const auto& campaign : services->campaigns.All()) {
    LG_ASSIGN_OR_RETURN(uint64_t newest, services->lead_repo.MaxLeadId(campaign->id));
    services->ids.Raise(newest);
  }
  return services;
}

}  // namespace lg::service
