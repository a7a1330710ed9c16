#include "service/campaign_service.h"

#include <algorithm>

#include "auth/policy.h"
#include "core/campaign_json.h"
#include "core/campaign_patch.h"
#include "core/campaign_rules.h"
#include "core/duplicate_rule.h"
#include "core/json_reader.h"
#include "core/log.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status CampaignNotFound() { return core::Status::NotFound("No such campaign."); }

// Validation runs over the whole campaign, so errors name paths like `fields[2].slug`; a request
// that added one element should hear about the members of its own body (`slug`).
core::Result<CampaignPtr> RelativeToBody(core::Result<CampaignPtr> result, const std::string& element_path) {
  if (result.has_value() || element_path.empty() || result.error().errors().empty()) return result;
  const core::Status& status = result.error();
  std::vector<core::FieldError> errors = status.errors();
  std::string prefix = element_path + ".";
  for (auto& error : errors) {
    if (error.field.starts_with(prefix)) error.field.erase(0, prefix.size());
  }
  return core::Status(status.kind(), status.code(), status.detail(), std::move(errors));
}

}  // namespace

core::Status CampaignService::Load() {
  LG_ASSIGN_OR_RETURN(auto campaigns, repo_.List());
  std::unique_lock lock(cache_mu_);
  for (auto& campaign : campaigns) {
    uint64_t id = campaign.id;
    campaign.json_max_depth = json_max_depth_;
    cache_[id] = std::make_shared<const core::Campaign>(std::move(campaign));
  }
  return core::Status::Ok();
}

CampaignPtr CampaignService::Find(uint64_t campaign_id) const {
  std::shared_lock lock(cache_mu_);
  auto it = cache_.find(campaign_id);
  return it == cache_.end() ? nullptr : it->second;
}

core::Result<CampaignPtr> CampaignService::Get(const auth::Principal& principal, uint64_t campaign_id) const {
  CampaignPtr campaign = Find(campaign_id);
  if (campaign && !auth::CanSeeCampaign(principal, campaign_id)) {
    audit_.Record("out_of_scope", principal, "campaign " + std::to_string(campaign_id));
    return CampaignNotFound();
  }
  if (!campaign) return CampaignNotFound();
  return campaign;
}

std::vector<CampaignPtr> CampaignService::List(const auth::Principal& principal) const {
  std::vector<CampaignPtr> out;
  std::shared_lock lock(cache_mu_);
  for (const auto& [id, campaign] : cache_) {
    if (auth::CanSeeCampaign(principal, id)) out.push_back(campaign);
  }
  return out;
}

std::vector<CampaignPtr> CampaignService::All() const {
  std::vector<CampaignPtr> out;
  {
    std::shared_lock lock(cache_mu_);
    for (const auto& [id, campaign] : cache_) out.push_back(campaign);
  }
  std::sort(out.begin(), out.end(), [](const CampaignPtr& a, const CampaignPtr& b) { return a->id < b->id; });
  return out;
}

core::Result<CampaignPtr> CampaignService::Store(core::Campaign campaign) {
  campaign.AssignInternalIds();
  // A new version every write, even two in one millisecond: compiled filters are cached per
  // campaign version (FilterService::Compiled).
  campaign.updated_at = std::max(core::NowMillis(), campaign.updated_at + 1);
  LG_RETURN_IF_ERROR(core::ValidateCampaign(campaign));
  LG_RETURN_IF_ERROR(repo_.Put(campaign));
  campaign.json_max_depth = json_max_depth_;
  auto published = std::make_shared<const core::Campaign>(std::move(campaign));
  std::unique_lock lock(cache_mu_);
  cache_[published->id] = published;
  return CampaignPtr(published);
}

core::Result<CampaignPtr> CampaignService::Create(const auth::Principal& principal, std::string_view body) {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  auto decoded = core::DecodeCampaign(body, core::CampaignForm::kApi);
  if (!decoded.has_value()) return decoded.error();
  core::Campaign campaign = std::move(decoded).value();
  for (size_t i = 0; i < campaign.statuses.size(); ++i) {
    if (campaign.statuses[i].order == 0) campaign.statuses[i].order = static_cast<int>(i) + 1;
  }
  // Validate before taking an id, so a rejected document does not use one up.
  LG_RETURN_IF_ERROR(core::ValidateCampaign(campaign));
  std::lock_guard lock(write_mu_);
  auto id = counters_.Next("campaign");
  if (!id.has_value()) return id.error();
  campaign.id = *id;
  campaign.created_at = core::NowMillis();
  auto stored = Store(std::move(campaign));
  if (stored.has_value()) {
    audit_.Record("campaign_created", principal, "campaign " + std::to_string((*stored)->id));
  }
  return stored;
}

core::Result<CampaignPtr> CampaignService::Mutate(const auth::Principal& principal, uint64_t campaign_id,
                                                  const std::function<core::Status(core::Campaign&)>& change) {
  // Existence and scope first: a token scoped elsewhere must not learn that the campaign exists.
  auto visible = Get(principal, campaign_id);
  if (!visible.has_value()) return visible.error();
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  std::lock_guard lock(write_mu_);
  CampaignPtr current = Find(campaign_id);
  if (!current) return CampaignNotFound();
  core::Campaign next = *current;
  LG_RETURN_IF_ERROR(change(next));
  // Leads are indexed per rule signature: rules that now compare otherwise need re-indexing.
  bool members_changed = core::DuplicateSignatures(*current) != core::DuplicateSignatures(next);
  auto stored = Store(std::move(next));
  if (stored.has_value()) {
    audit_.Record("campaign_changed", principal, "campaign " + std::to_string(campaign_id));
    if (members_changed && rules_changed_) LG_RETURN_IF_ERROR(rules_changed_(**stored));
  }
  return stored;
}

core::Result<CampaignPtr> CampaignService::Patch(const auth::Principal& principal, uint64_t campaign_id,
                                                 std::string_view body) {
  return Mutate(principal, campaign_id, [&](core::Campaign& c) { return core::ApplyCampaignPatch(body, c); });
}

core::Result<CampaignPtr> CampaignService::AddField(const auth::Principal& principal, uint64_t campaign_id,
                                                    std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    auto field = core::DecodeField(body);
    if (!field.has_value()) return field.error();
    // Selects are validated after fields, so a clash with one would be reported at the select.
    for (const auto& select : c.selects) {
      if (select.slug == field->slug) {
        return core::Status::Invalid({{"slug", "duplicate_slug", "'" + select.slug + "' is already used by a select"}});
      }
    }
    path = core::IndexPath("fields", c.fields.size());
    c.fields.push_back(std::move(field).value());
    return core::Status::Ok();
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::PatchField(const auth::Principal& principal, uint64_t campaign_id,
                                                      std::string_view field_slug, std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    for (size_t i = 0; i < c.fields.size(); ++i) {
      if (c.fields[i].slug != field_slug) continue;
      path = core::IndexPath("fields", i);
      return core::ApplyFieldPatch(body, c.fields[i]);
    }
    return core::Status::NotFound("No such field.");
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::AddSelect(const auth::Principal& principal, uint64_t campaign_id,
                                                     std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    auto select = core::DecodeSelect(body);
    if (!select.has_value()) return select.error();
    path = core::IndexPath("selects", c.selects.size());
    c.selects.push_back(std::move(select).value());
    return core::Status::Ok();
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::AddOption(const auth::Principal& principal, uint64_t campaign_id,
                                                     std::string_view select_slug, std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    for (size_t i = 0; i < c.selects.size(); ++i) {
      auto& select = c.selects[i];
      if (select.slug != select_slug) continue;
      auto option = core::DecodeOption(body);
      if (!option.has_value()) return option.error();
      path = core::IndexPath("selects", i) + "." + core::IndexPath("options", select.options.size());
      select.options.push_back(std::move(option).value());
      return core::Status::Ok();
    }
    return core::Status::NotFound("No such select.");
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::PatchSelect(const auth::Principal& principal, uint64_t campaign_id,
                                                       std::string_view select_slug, std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    for (size_t i = 0; i < c.selects.size(); ++i) {
      if (c.selects[i].slug != select_slug) continue;
      path = core::IndexPath("selects", i);
      return core::ApplySelectPatch(body, c.selects[i]);
    }
    return core::Status::NotFound("No such select.");
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::PatchOption(const auth::Principal& principal, uint64_t campaign_id,
                                                       std::string_view select_slug, std::string_view option_slug,
                                                       std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    for (size_t i = 0; i < c.selects.size(); ++i) {
      auto& select = c.selects[i];
      if (select.slug != select_slug) continue;
      for (size_t j = 0; j < select.options.size(); ++j) {
        if (select.options[j].slug != option_slug) continue;
        path = core::IndexPath("selects", i) + "." + core::IndexPath("options", j);
        return core::ApplyOptionPatch(body, select.options[j]);
      }
      return core::Status::NotFound("No such option.");
    }
    return core::Status::NotFound("No such select.");
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::AddStatus(const auth::Principal& principal, uint64_t campaign_id,
                                                     std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    auto status = core::DecodeStatus(body);
    if (!status.has_value()) return status.error();
    path = core::IndexPath("statuses", c.statuses.size());
    // A new default status takes over: there is always exactly one.
    if (status->is_default) {
      for (auto& s : c.statuses) s.is_default = false;
    }
    if (status->order == 0) status->order = static_cast<int>(c.statuses.size()) + 1;
    c.statuses.push_back(std::move(status).value());
    return core::Status::Ok();
  });
  return RelativeToBody(std::move(result), path);
}

core::Result<CampaignPtr> CampaignService::PatchStatus(const auth::Principal& principal, uint64_t campaign_id,
                                                       std::string_view status_slug, std::string_view body) {
  std::string path;
  auto result = Mutate(principal, campaign_id, [&](core::Campaign& c) -> core::Status {
    auto found = std::find_if(c.statuses.begin(), c.statuses.end(), [&](auto& s) { return s.slug == status_slug; });
    if (found == c.statuses.end()) return core::Status::NotFound("No such status.");
    path = core::IndexPath("statuses", static_cast<size_t>(found - c.statuses.begin()));
    LG_RETURN_IF_ERROR(core::ApplyStatusPatch(body, *found));
    if (found->is_default) {
      for (auto& s : c.statuses) s.is_default = &s == &*found;
    }
    return core::Status::Ok();
  });
  return RelativeToBody(std::move(result), path);
}

}  // namespace lg::service
