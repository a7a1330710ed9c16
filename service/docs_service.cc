#include "service/docs_service.h"

#include <algorithm>
#include <optional>

#include "auth/policy.h"
#include "core/filter_rules.h"
#include "core/scoped_schema.h"
#include "core/time_util.h"
#include "core/webhook_endpoint.h"

namespace lg::service {
namespace {

core::Status DocsNotFound() { return core::Status::NotFound("No such documentation."); }

// Appends length-prefixed parts, so no name can be mistaken for a separator: ("ab", "c") and
// ("a", "bc") give different keys.
class KeyWriter {
 public:
  explicit KeyWriter(std::string& out) : out_(out) {}
  KeyWriter& Text(std::string_view text) {
    out_ += std::to_string(text.size());
    out_ += ':';
    out_ += text;
    return *this;
  }
  KeyWriter& Number(int64_t n) { return Text(std::to_string(n)); }
  KeyWriter& Number(uint64_t n) { return Text(std::to_string(n)); }

 private:
  std::string& out_;
};

// Whether a token may delete and erase leads, by the rule the API itself applies
// (auth::RequireLeadDelete), so the docs offer deletion exactly where it does not answer 403.
bool CanDelete(core::Permission permission, std::optional<uint64_t> campaign_id, bool can_delete_leads) {
  auth::Principal principal;
  principal.permission = permission;
  principal.campaign_id = campaign_id;
  principal.can_delete_leads = can_delete_leads;
  return auth::RequireLeadDelete(principal).ok();
}

void AddCampaigns(KeyWriter& key, const std::vector<CampaignPtr>& campaigns) {
  key.Text("campaigns").Number(static_cast<uint64_t>(campaigns.size()));
  for (const auto& campaign : campaigns) key.Number(campaign->id).Number(campaign->updated_at);
}

}  // namespace

core::Status DocsService::RequireAdminWhenConfigured(const auth::Principal* principal) const {
  if (!settings_.account_docs_require_admin) return core::Status::Ok();
  if (!principal) return core::Status::Unauthenticated();
  return auth::RequireAdmin(*principal);
}

apidocs::DocsRequest DocsService::Base() const {
  apidocs::DocsRequest request;
  request.webhooks.event_types.assign(core::kLeadEventTypes.begin(), core::kLeadEventTypes.end());
  request.account_name = settings_.account_name;
  request.base_url = settings_.base_url;
  request.body_limit_bytes = settings_.body_limit_bytes;
  request.live_feed = settings_.live_feed;
  request.time_zone = settings_.time_zone;
  request.rate_per_second = tokens_.settings().default_rate_per_second;
  request.rate_burst = tokens_.settings().default_burst;
  return request;
}

core::Result<DocsSource> DocsService::SourceForDocsLink(std::string_view docs_id,
                                                        const auth::Principal* principal) const {
  auto token = tokens_.FindByDocsId(docs_id, core::NowMillis());
  if (!token) return DocsNotFound();
  if (!token->filter_id) LG_RETURN_IF_ERROR(RequireAdminWhenConfigured(principal));
  DocsSource source;
  apidocs::DocsRequest& request = source.request;
  request = Base();
  request.title = token->name;
  request.docs_path = "/docs/" + token->docs_id;
  request.permission = token->permission;
  request.can_delete = CanDelete(token->permission, token->campaign_id, token->can_delete_leads);
  if (token->rate_per_second) request.rate_per_second = *token->rate_per_second;
  if (token->rate_burst) request.rate_burst = *token->rate_burst;
  request.webhooks.manages_all = token->permission == core::Permission::kAdmin;
  request.campaign_scoped = token->campaign_id.has_value();
  request.admin_api = token->permission == core::Permission::kAdmin;

  if (token->campaign_id) {
    if (CampaignPtr c = campaigns_.Find(*token->campaign_id)) source.campaigns.push_back(c);
  } else {
    source.campaigns = campaigns_.All();
  }
  KeyWriter key(source.key);
  key.Text("link").Text(token->docs_id).Number(token->id).Text(token->name);
  key.Number(static_cast<int64_t>(token->permission)).Number(request.rate_per_second).Number(request.rate_burst);
  key.Number(static_cast<int64_t>(request.can_delete));  // can_delete_leads may change on a live token
  if (token->filter_id) {
    // The version is read before the compiled filter, which is therefore at least as new: a page
    // built from a newer filter than its key says is only ever found by requests as old as it.
    FilterPtr filter = filters_.Find(*token->filter_id);
    source.filter = filters_.Compiled(*token->filter_id);
    // A token whose filter is gone sees nothing, so its docs show nothing either.
    if (!filter || !source.filter) return DocsNotFound();
    key.Text("filter").Number(filter->id).Number(filter->updated_at);
  }
  AddCampaigns(key, source.campaigns);
  return source;
}

core::Result<DocsSource> DocsService::SourceForAccount(std::string_view account_slug,
                                                       const auth::Principal* principal) const {
  if (account_slug != settings_.account_slug) return DocsNotFound();
  LG_RETURN_IF_ERROR(RequireAdminWhenConfigured(principal));
  DocsSource source;
  apidocs::DocsRequest& request = source.request;
  request = Base();
  request.title = settings_.account_name + " API";
  request.docs_path = "/a/" + settings_.account_slug + "/api-documentation";
  request.permission = core::Permission::kReadWrite;
  request.account_level = true;
  request.admin_api = true;
  request.webhooks.manages_all = true;  // the admin's way of managing endpoints is documented too
  request.can_delete = CanDelete(request.permission, std::nullopt, false);
  source.campaigns = campaigns_.All();
  KeyWriter key(source.key);
  key.Text("account");
  AddCampaigns(key, source.campaigns);
  return source;
}

apidocs::DocsRequest DocsService::Build(const DocsSource& source) {
  apidocs::DocsRequest request = source.request;
  for (const auto& campaign : source.campaigns) {
    apidocs::DocsCampaign entry;
    // What new writes may use: retired fields, options and statuses are not offered.
    entry.schema = core::WithoutRetired(core::RestrictToFilter(*campaign, source.filter.get()));
    if (source.filter) entry.pinned = core::PinnedBy(*source.filter);
    entry.filtered = source.filter != nullptr;
    request.campaigns.push_back(std::move(entry));
  }
  return request;
}

core::Result<apidocs::DocsRequest> DocsService::ForDocsLink(std::string_view docs_id,
                                                            const auth::Principal* principal) const {
  LG_ASSIGN_OR_RETURN(DocsSource source, SourceForDocsLink(docs_id, principal));
  return Build(source);
}

core::Result<apidocs::DocsRequest> DocsService::ForAccount(std::string_view account_slug,
                                                           const auth::Principal* principal) const {
  LG_ASSIGN_OR_RETURN(DocsSource source, SourceForAccount(account_slug, principal));
  return Build(source);
}

}  // namespace lg::service
