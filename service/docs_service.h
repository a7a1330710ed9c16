#pragma once
// Gathers what a documentation page shows: for a docs link, its token's campaign cut down to the
// token's filter and what its permission allows; for the account docs, every campaign. A revoked
// or expired token's docs, and an unknown link, are 404. Looked up afresh on each request (cheap:
// shared schema pointers), with a key naming every version it depends on, so a cache of rendered
// pages (net/docs_cache.h) can serve repeats and a schema change still shows at once.

#include <string>
#include <string_view>

#include "apidocs/docs_model.h"
#include "auth/principal.h"
#include "auth/rate_limiter.h"
#include "core/status.h"
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
  // account_docs_require_admin also covers the docs links of tokens without a filter, which list
  // every option just like the account docs.
  auth::RateLimit public_limit{2, 60};
  // The event stream's and long-poll's limits the pages state (the config's stream.* values).
  apidocs::DocsLiveFeed live_feed;
  std::string time_zone = "UTC";  // account.time_zone, which the statistics' days are in
};

// What one documentation page is made from, looked up at one instant. `key` names all of it: the
// docs link and the token fields the page shows (name, permission, rate limit, whether it may
// delete leads), each campaign's id and version (Campaign::updated_at, new on every schema
// change), the filter's id and version; so equal keys mean equal pages, and any change that
// alters the page alters the key.
struct DocsSource {
  std::string key;
  apidocs::DocsRequest request;  // everything but the campaigns
  std::vector<CampaignPtr> campaigns;
  CompiledFilterPtr filter;  // null: no filter, every option shown
};

class DocsService {
 public:
  DocsService(const TokenService& tokens, const CampaignService& campaigns, const FilterService& filters,
              DocsSettings settings)
      : tokens_(tokens), campaigns_(campaigns), filters_(filters), settings_(std::move(settings)) {}

  // The source of a docs link's pages; 404 for an unknown, revoked or expired link. A token
  // without a filter sees every vendor's option, so its docs are the account docs' kind: while
  // account_docs_require_admin holds they need an admin `principal` (401 for null, 403 for
  // another token); a filtered token's docs link is public. `principal` is null when no token
  // was sent.
  core::Result<DocsSource> SourceForDocsLink(std::string_view docs_id, const auth::Principal* principal) const;
  // `principal` is null for an anonymous request; required (admin) when the setting says so.
  core::Result<DocsSource> SourceForAccount(std::string_view account_slug, const auth::Principal* principal) const;
  // The page model of `source` (copies and cuts down its schemas).
  static apidocs::DocsRequest Build(const DocsSource& source);

  // Source and Build in one.
  core::Result<apidocs::DocsRequest> ForDocsLink(std::string_view docs_id, const auth::Principal* principal) const;
  core::Result<apidocs::DocsRequest> ForAccount(std::string_view account_slug, const auth::Principal* principal) const;

  const DocsSettings& settings() const { return settings_; }

 private:
  apidocs::DocsRequest Base() const;
  // Pages that list every option (the account docs, an unfiltered token's docs link) need an admin
  // token while account_docs_require_admin holds: 401 without a token, 403 for another one.
  core::Status RequireAdminWhenConfigured(const auth::Principal* principal) const;

  const TokenService& tokens_;
  const CampaignService& campaigns_;
  const FilterService& filters_;
  DocsSettings settings_;
};

}  // namespace lg::service
