#include "service/docs_service.h"

#include <algorithm>

#include "auth/policy.h"
#include "core/filter_rules.h"
#include "core/scoped_schema.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status DocsNotFound() { return core::Status::NotFound("No such documentation."); }

}  // namespace

docs::DocsRequest DocsService::Base() const {
  docs::DocsRequest request;
  request.account_name = settings_.account_name;
  request.base_url = settings_.base_url;
  request.body_limit_bytes = settings_.body_limit_bytes;
  request.rate_per_second = tokens_.settings().default_rate_per_second;
  request.rate_burst = tokens_.settings().default_burst;
  return request;
}

core::Result<docs::DocsRequest> DocsService::ForDocsLink(std::string_view docs_id) const {
  auto token = tokens_.FindByDocsId(docs_id, core::NowMillis());
  if (!token) return DocsNotFound();
  docs::DocsRequest request = Base();
  request.title = token->name;
  request.docs_path = "/docs/" + token->docs_id;
  request.permission = token->permission;
  if (token->rate_per_second) request.rate_per_second = *token->rate_per_second;
  if (token->rate_burst) request.rate_burst = *token->rate_burst;

  std::vector<CampaignPtr> campaigns;
  if (token->campaign_id) {
    if (CampaignPtr c = campaigns_.Find(*token->campaign_id)) campaigns.push_back(c);
  } else {
    campaigns = campaigns_.All();
  }
  CompiledFilterPtr filter;
  if (token->filter_id) {
    filter = filters_.Compiled(*token->filter_id);
    // A token whose filter is gone sees nothing, so its docs show nothing either.
    if (!filter) return DocsNotFound();
  }
  for (const auto& campaign : campaigns) {
    docs::DocsCampaign entry;
    entry.schema = core::RestrictToFilter(*campaign, filter.get());
    if (filter) entry.pinned = core::PinnedBy(*filter);
    entry.filtered = filter != nullptr;
    request.campaigns.push_back(std::move(entry));
  }
  return request;
}

core::Result<docs::DocsRequest> DocsService::ForAccount(std::string_view account_slug,
                                                        const auth::Principal* principal) const {
  if (account_slug != settings_.account_slug) return DocsNotFound();
  if (settings_.account_docs_require_admin) {
    if (!principal) return core::Status::Unauthorized();
    LG_RETURN_IF_ERROR(auth::RequireAdmin(*principal));
  }
  docs::DocsRequest request = Base();
  request.title = settings_.account_name + " API";
  request.docs_path = "/a/" + settings_.account_slug + "/api-documentation";
  request.permission = core::Permission::kReadWrite;
  request.account_level = true;
  for (const auto& campaign : campaigns_.All()) {
    docs::DocsCampaign entry;
    entry.schema = *campaign;
    request.campaigns.push_back(std::move(entry));
  }
  return request;
}

}  // namespace lg::service
