#include "service/services.h"

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
      audit(audit_repo),
      campaigns(campaign_repo, counters, audit),
      filters(filter_repo, counters, token_repo, campaigns, audit),
      idempotency(idempotency_repo, settings.idempotency_retention),
      leads(campaigns, filters, db, lead_repo, idempotency, ids, audit, settings.leads),
      tokens(token_repo, counters, hasher, box, campaigns, filters, audit, settings.tokens),
      authenticator(token_repo, hasher) {
  campaigns.OnDuplicateRulesChanged(
      [this](const core::Campaign& campaign) { return lead_repo.ReindexDoublets(campaign); });
  // New ids stay above every stored lead's, whatever the clock did while the server was down.
  for (const auto& campaign : campaigns.All()) ids.Raise(lead_repo.MaxLeadId(campaign->id));
}

}  // namespace lg::service
