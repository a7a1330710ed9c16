#pragma once
// Gathers what a documentation page shows: for a docs link, its token's campaign cut down to the
// token's filter and what its permission allows; for the account docs, every campaign. A revoked
// or expired token's docs, and an unknown link, are 404. Generated on each request, so a schema
// change shows at once.

#include <string>
#include <string_view>

#include "auth/principal.h"
#include "auth/rate_limiter.h"
#include "core/status.h"
#include "docs/docs_model.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "service/token_service.h"

namespace lg::service {

struct DocsSettings {
  std::string account_name;
  std::string account_slug;
  std::string base_url;
  bool account_docs_require_admin = true;
  int64_t body_limit_bytes = 0;
  // Requests one client address may make to the public documentation (docs links, and the account
  // docs when public), unknown links included; the HTTP layer (net/docs_handlers.cc) enforces it.
  auth::RateLimit public_limit{2, 60};
};

class DocsService {
 public:
  DocsService(const TokenService& tokens, const CampaignService& campaigns, const FilterService& filters,
              DocsSettings settings)
      : tokens_(tokens), campaigns_(campaigns), filters_(filters), settings_(std::move(settings)) {}

  core::Result<docs::DocsRequest> ForDocsLink(std::string_view docs_id) const;
  // `principal` is null for an anonymous request; required (admin) when the setting says so.
  core::Result<docs::DocsRequest> ForAccount(std::string_view account_slug, const auth::Principal* principal) const;

  const DocsSettings& settings() const { return settings_; }

 private:
  docs::DocsRequest Base() const;

  const TokenService& tokens_;
  const CampaignService& campaigns_;
  const FilterService& filters_;
  DocsSettings settings_;
};

}  // namespace lg::service
