#include "service/filter_service.h"

#include "auth/policy.h"
#include "core/filter_json.h"
#include "core/log.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status FilterNotFound() { return core::Status::NotFound("No such filter."); }

}  // namespace

core::Status FilterService::Load() {
  LG_ASSIGN_OR_RETURN(auto filters, repo_.List());
  std::unique_lock lock(mu_);
  for (auto& filter : filters) {
    uint64_t id = filter.id;
    filters_[id] = std::make_shared<const core::Filter>(std::move(filter));
  }
  return core::Status::Ok();
}

FilterPtr FilterService::Find(uint64_t filter_id) const {
  std::shared_lock lock(mu_);
  auto it = filters_.find(filter_id);
  return it == filters_.end() ? nullptr : it->second;
}

std::vector<uint64_t> FilterService::Matching(uint64_t campaign_id, const core::Lead& lead) const {
  std::vector<uint64_t> ids;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, filter] : filters_) {
      if (filter->campaign_id == campaign_id) ids.push_back(id);
    }
  }
  std::erase_if(ids, [&](uint64_t id) {
    CompiledFilterPtr compiled = Compiled(id);
    return !compiled || !core::Matches(*compiled, lead);
  });
  return ids;
}

CompiledFilterPtr FilterService::Compiled(uint64_t filter_id) const {
  TokenScopePtr scope = Scope(filter_id);
  return scope ? scope->filter : nullptr;
}

TokenScopePtr FilterService::Scope(uint64_t filter_id) const {
  FilterPtr filter = Find(filter_id);
  if (!filter) return nullptr;
  CampaignPtr campaign = campaigns_.Find(filter->campaign_id);
  if (!campaign) return nullptr;
  {
    std::shared_lock lock(mu_);
    auto it = compiled_.find(filter_id);
    // Campaigns are immutable and replaced on change: the same object is the same schema.
    if (it != compiled_.end() && it->second.scope->campaign == campaign &&
        it->second.filter_version == filter->updated_at) {
      return it->second.scope;
    }
  }
  auto compiled = core::CompileFilter(*campaign, *filter);
  // A stored filter compiled when it was saved; schemas only grow, so this cannot fail. If it
  // ever did, matching nothing is the safe answer for a scope.
  auto ptr = compiled.has_value()
                 ? std::make_shared<const core::CompiledFilter>(std::move(compiled).value())
                 : std::make_shared<const core::CompiledFilter>(core::CompiledFilter{
                       core::FilterMatch::kAll,
                       {core::CompiledCondition{
                           core::CompiledCondition::Target::kStatus, "status", {}, core::FilterOp::kIn}}});
  auto scope = std::make_shared<const TokenScope>(std::move(ptr), std::move(campaign));
  std::unique_lock lock(mu_);
  compiled_[filter_id] = CacheEntry{filter->updated_at, scope};
  return scope;
}

core::Result<FilterPtr> FilterService::Lookup(const auth::Principal& principal, core::CampaignId campaign_id,
                                              core::FilterId filter_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id.value());  // 404 outside the scope, before 403
  if (!campaign.has_value()) return campaign.error();
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  FilterPtr filter = Find(filter_id.value());
  if (!filter || filter->campaign_id != campaign_id.value()) return FilterNotFound();
  return filter;
}

core::Result<FilterPtr> FilterService::Store(core::Filter filter) {
  CampaignPtr campaign = campaigns_.Find(filter.campaign_id);
  if (!campaign) return FilterNotFound();
  auto compiled = core::CompileFilter(*campaign, filter);
  if (!compiled.has_value()) return compiled.error();
  filter.updated_at = std::max(core::NowMillis(), filter.updated_at + 1);  // a new version every write
  LG_RETURN_IF_ERROR(repo_.Put(filter));
  auto ptr = std::make_shared<const core::Filter>(std::move(filter));
  std::unique_lock lock(mu_);
  filters_[ptr->id] = ptr;
  compiled_.erase(ptr->id);
  return FilterPtr(ptr);
}

core::Result<FilterPtr> FilterService::Create(const auth::Principal& principal, uint64_t campaign_id,
                                              std::string_view body) {
  auto campaign = campaigns_.Get(principal, campaign_id);  // 404 outside the scope, before 403
  if (!campaign.has_value()) return campaign.error();
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  core::Filter filter;
  LG_RETURN_IF_ERROR(core::DecodeFilterInput(body, false, filter));
  filter.campaign_id = campaign_id;
  if (auto compiled = core::CompileFilter(**campaign, filter); !compiled.has_value()) return compiled.error();
  std::lock_guard lock(write_mu_);
  auto id = counters_.Next("filter");
  if (!id.has_value()) return id.error();
  filter.id = *id;
  filter.created_at = core::NowMillis();
  auto stored = Store(std::move(filter));
  if (stored.has_value()) {
    audit_.Record("filter_created", principal,
                  "filter " + std::to_string((*stored)->id) + " of campaign " + std::to_string(campaign_id));
  }
  return stored;
}

core::Result<std::vector<FilterPtr>> FilterService::List(const auth::Principal& principal, uint64_t campaign_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id);  // 404 outside the scope, before 403
  if (!campaign.has_value()) return campaign.error();
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  std::vector<FilterPtr> out;
  std::shared_lock lock(mu_);
  for (const auto& [id, filter] : filters_) {
    if (filter->campaign_id == campaign_id) out.push_back(filter);
  }
  return out;
}

core::Result<FilterPtr> FilterService::Get(const auth::Principal& principal, core::CampaignId campaign_id,
                                           core::FilterId filter_id) const {
  return Lookup(principal, campaign_id, filter_id);
}

core::Result<FilterPtr> FilterService::Patch(const auth::Principal& principal, core::CampaignId campaign_id,
                                             core::FilterId filter_id, std::string_view body) {
  std::lock_guard lock(write_mu_);
  auto current = Lookup(principal, campaign_id, filter_id);
  if (!current.has_value()) return current.error();
  core::Filter next = **current;
  LG_RETURN_IF_ERROR(core::DecodeFilterInput(body, true, next));
  auto stored = Store(std::move(next));
  if (stored.has_value()) {
    audit_.Record("filter_changed", principal, "filter " + std::to_string(filter_id.value()));
  }
  return stored;
}

core::Status FilterService::Delete(const auth::Principal& principal, core::CampaignId campaign_id,
                                   core::FilterId filter_id) {
  std::lock_guard lock(write_mu_);
  auto current = Lookup(principal, campaign_id, filter_id);
  if (!current.has_value()) return current.error();
  std::string users;
  for (const auto& token : tokens_.List()) {
    if (token.filter_id == filter_id.value() && !token.revoked_at)
      users += (users.empty() ? "" : ", ") + std::to_string(token.id);
  }
  if (!users.empty()) {
    return core::Status::Conflict("filter_in_use",
                                  "Tokens " + users + " use this filter; revoke them or change their scope first.");
  }
  LG_RETURN_IF_ERROR(repo_.Delete(campaign_id, filter_id));
  std::unique_lock lock2(mu_);
  filters_.erase(filter_id.value());
  compiled_.erase(filter_id.value());
  audit_.Record("filter_deleted", principal, "filter " + std::to_string(filter_id.value()));
  return core::Status::Ok();
}

}  // namespace lg::service
