#pragma once
// Webhook endpoints: who may make, see and change which (POST/GET/PATCH/DELETE /v2/webhooks),
// their signing secrets (shown at creation and by reveal; rotation keeps the old one signing
// beside the new one for an overlap), and which campaigns want lead events (LeadEvents).
//  - An admin token manages every endpoint, of any campaign, with any of its saved filters.
//  - Any other token manages its own endpoints only (another's answers 404): they deliver what
//    the token sees (its campaign, its filter, its restricted schema, masked fields), so the
//    campaign is the token's own (an account-level token names one) and the filter is the
//    token's; they go when the token is revoked (OnTokenRevoked).
//  - Every change is audited; a secret never is, nor shown in any answer but creation, reveal
//    and rotation.
// Thread-safe; blocks on synced writes.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "auth/secret_box.h"
#include "core/status.h"
#include "core/webhook_endpoint.h"
#include "service/audit_service.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "service/lead_events.h"
#include "store/counter_repo.h"
#include "store/webhook_repo.h"

namespace lg::service {

struct WebhookWithSecret {
  core::WebhookEndpoint endpoint;
  std::string secret;  // "whsec_…"
};

class WebhookService {
 public:
  WebhookService(store::WebhookRepo& repo, store::CounterRepo& counters, const auth::SecretBox& box,
                 CampaignService& campaigns, FilterService& filters, LeadEvents& events, AuditService& audit)
      : repo_(repo),
        counters_(counters),
        box_(box),
        campaigns_(campaigns),
        filters_(filters),
        events_(events),
        audit_(audit) {}

  // Reads the endpoints (once, at open) and tells LeadEvents which campaigns want events.
  core::Status Load();

  core::Result<WebhookWithSecret> Create(const auth::Principal& principal, std::string_view body);
  std::vector<core::WebhookEndpoint> List(const auth::Principal& principal) const;
  core::Result<core::WebhookEndpoint> Get(const auth::Principal& principal, uint64_t id) const;
  core::Result<core::WebhookEndpoint> Patch(const auth::Principal& principal, uint64_t id, std::string_view body);
  core::Status Delete(const auth::Principal& principal, uint64_t id);
  // The secret that signs now (the newest).
  core::Result<WebhookWithSecret> Reveal(const auth::Principal& principal, uint64_t id);
  // A new secret; the current ones keep signing until `overlap_hours` (0..168, default 24) from
  // now. Body: {} or {"overlap_hours": N}.
  core::Result<WebhookWithSecret> Rotate(const auth::Principal& principal, uint64_t id, std::string_view body);

  // Disables an endpoint for `reason` (e.g. "offboarded"), audited as `principal`'s.
  core::Status Disable(const auth::Principal& principal, uint64_t id, std::string reason);
  // The endpoints of a revoked (or deleted) token go with it.
  void OnTokenRevoked(uint64_t token_id);
  // The server's own change of an endpoint (deliveries: disable on 410 or days of failures,
  // record a run of failures): `change` edits the current version and says whether it changed
  // anything. Audited as the server's when it disables. NotFound for a deleted endpoint.
  core::Status Update(uint64_t id, const std::function<bool(core::WebhookEndpoint&)>& change);
  // Told (on the deleting thread, no lock held) of each endpoint deleted: its log goes with it.
  void SetOnDeleted(std::function<void(uint64_t id)> on_deleted) { on_deleted_ = std::move(on_deleted); }

  // Every endpoint, for the deliveries; the keys (raw) of its secrets signing at `now_millis`.
  std::vector<core::WebhookEndpoint> All() const;
  std::vector<std::string> SigningKeys(const core::WebhookEndpoint& endpoint, int64_t now_millis) const;

 private:
  core::Result<core::WebhookEndpoint> Visible(const auth::Principal& principal, uint64_t id) const;
  core::Status CheckScope(const auth::Principal& principal, core::WebhookEndpoint& endpoint,
                          const core::WebhookEndpointInput& input) const;
  WebhookWithSecret WithNewSecret(core::WebhookEndpoint endpoint, int64_t now_millis) const;
  core::Status Store(const core::WebhookEndpoint& endpoint);
  void Forget(uint64_t id);
  void RefreshWanted(uint64_t campaign_id);  // under mu_

  store::WebhookRepo& repo_;
  store::CounterRepo& counters_;
  const auth::SecretBox& box_;
  CampaignService& campaigns_;
  FilterService& filters_;
  LeadEvents& events_;
  AuditService& audit_;
  std::function<void(uint64_t id)> on_deleted_;
  std::mutex write_mu_;  // read-modify-writes of one endpoint (a request's and the deliveries')
  mutable std::mutex mu_;
  std::map<uint64_t, core::WebhookEndpoint> endpoints_;
};

}  // namespace lg::service
