#include "core/service/lead_service.h"

#include "auth/policy.h"
#include "core/filter_rules.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "core/query_plan.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status LeadNotFound() { return core::Status::NotFound("No such lead."); }

}  // namespace

CompiledFilterPtr LeadService::ScopeFilter(const auth::Principal& principal) const {
  if (!principal.filter_id) return nullptr;
  CompiledFilterPtr compiled = filters_.Compiled(*principal.filter_id);
  // A token whose filter is gone sees nothing rather than everything.
  if (!compiled) {
    static const auto kNothing =
        std::make_shared<const core::CompiledFilter>(core::CompiledFilter{core::FilterMatch::kAny, {}});
    return kNothing;
  }
  return compiled;
}

core::Status LeadService::OutOfScope(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const {
  audit_.Record("out_of_scope", principal,
                "lead " + std::to_string(lead_id) + " of campaign " + std::to_string(campaign_id));
  return LeadNotFound();
}

core::Status LeadService::CheckInScope(const core::CompiledFilter* scope, const core::Lead& lead) const {
  if (!scope) return core::Status::Ok();
  if (auto field = core::FirstMismatch(*scope, lead)) {
    return core::Status(core::ErrorKind::kUnprocessable, "outside_token_scope",
                        "The lead would fall outside what this token may write.",
                        {{*field, "outside_token_scope", "this value is outside the token's scope"}});
  }
  return core::Status::Ok();
}

core::Result<CreatedLead> LeadService::Create(const auth::Principal& principal,
                                              std::optional<uint64_t> path_campaign_id, std::string_view body) {
  core::LeadInput input;
  LG_RETURN_IF_ERROR(core::ParseLeadInput(body, input));

  std::optional<uint64_t> campaign_id = path_campaign_id;
  if (!campaign_id) campaign_id = input.campaign_id ? input.campaign_id : principal.campaign_id;
  if (!campaign_id) {
    if (!input.campaign_id_present) {
      return core::Status::Invalid({{"campaign_id", "required", "is required (or use /v2/campaigns/{id}/leads)"}});
    }
    return input.errors.ToStatus();
  }
  if (path_campaign_id && input.campaign_id && *input.campaign_id != *path_campaign_id) {
    input.errors.Add("campaign_id", "campaign_mismatch", "differs from the campaign in the URL");
  }
  auto campaign = campaigns_.Get(principal, *campaign_id);
  if (!campaign.ok()) return campaign.status();
  // Permission after scope: a campaign outside the token's scope is a 404 even for `read`.
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));

  CompiledFilterPtr scope = ScopeFilter(principal);
  core::LeadPresets pins;
  if (scope) pins = core::PinnedBy(*scope);
  core::Lead lead;
  lead.campaign_id = *campaign_id;
  LG_RETURN_IF_ERROR(core::ApplyLeadInput(**campaign, input, core::LeadWrite::kCreate, lead, &pins));
  int64_t now = core::NowMillis();
  lead.id = ids_.Next(now);
  lead.created_by = {principal.token_id, principal.name};
  UpdateSequencer::Scope write(sequencer_, now);
  lead.created_at = lead.updated_at = write.stamped();
  LG_RETURN_IF_ERROR(CheckInScope(scope.get(), lead));
  std::string json = core::EncodeLead(lead);
  LG_RETURN_IF_ERROR(leads_.Put(**campaign, lead, json, nullptr));
  return CreatedLead{lead.campaign_id, lead.id, std::move(json)};
}

core::Result<std::string> LeadService::Get(const auth::Principal& principal, uint64_t campaign_id,
                                           uint64_t lead_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.ok()) return campaign.status();
  auto json = leads_.GetJson(campaign_id, lead_id);
  if (!json) return LeadNotFound();
  if (CompiledFilterPtr scope = ScopeFilter(principal)) {
    auto lead = core::DecodeLead(*json);
    if (!lead.ok()) return lead.status();
    if (!core::Matches(*scope, *lead)) return OutOfScope(principal, campaign_id, lead_id);
  }
  return std::move(*json);
}

core::Result<std::string> LeadService::Patch(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id,
                                             std::string_view body) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.ok()) return campaign.status();
  core::LeadInput input;
  LG_RETURN_IF_ERROR(core::ParseLeadInput(body, input));
  if (input.campaign_id_present) input.errors.Add("campaign_id", "read_only", "a lead cannot change campaign");
  CompiledFilterPtr scope = ScopeFilter(principal);

  std::lock_guard lock(LockFor(lead_id));
  auto stored = leads_.GetJson(campaign_id, lead_id);
  if (!stored) return LeadNotFound();
  auto previous = core::DecodeLead(*stored);
  if (!previous.ok()) return previous.status();
  if (scope && !core::Matches(*scope, *previous)) return OutOfScope(principal, campaign_id, lead_id);
  // Permission is checked only once the lead is known to be in scope: out-of-scope is a 404.
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
  core::Lead lead = *previous;
  LG_RETURN_IF_ERROR(core::ApplyLeadInput(**campaign, input, core::LeadWrite::kPatch, lead));
  UpdateSequencer::Scope write(sequencer_, core::NowMillis(), previous->updated_at);
  lead.updated_at = write.stamped();
  LG_RETURN_IF_ERROR(CheckInScope(scope.get(), lead));
  std::string json = core::EncodeLead(lead);
  LG_RETURN_IF_ERROR(leads_.Put(**campaign, lead, json, &*previous));
  return json;
}

core::Result<LeadPage> LeadService::List(const auth::Principal& principal, uint64_t campaign_id,
                                         const std::multimap<std::string, std::string>& params) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.ok()) return campaign.status();
  auto query = core::ParseListQuery(params, **campaign);
  if (!query.ok()) return query.status();
  core::CompiledFilter conditions;
  if (!query->conditions.conditions.empty()) {
    auto compiled = core::CompileFilter(**campaign, query->conditions);
    if (!compiled.ok()) return compiled.status();
    conditions = std::move(compiled).value();
  }
  CompiledFilterPtr scope = ScopeFilter(principal);
  core::ScanPlan plan = core::PlanScan(scope.get(), conditions, query->sort);

  LeadPage page;
  page.limit = query->limit;
  page.page = query->page;
  size_t skip = query->page ? (*query->page - 1) * query->limit : 0;
  bool has_more = false;
  core::ListCursor last;
  last.sort = query->sort;
  // Decodes a candidate, keeps it when it matches everything; false stops the scan.
  auto take = [&](uint64_t lead_id, int64_t updated_at, std::string_view json) {
    auto lead = core::DecodeLead(json);
    if (!lead.ok() || (scope && !core::Matches(*scope, *lead)) || !core::Matches(conditions, *lead)) return true;
    // An updated-time entry whose record has moved on since is stale: the newer version has its
    // own entry later in the scan, so skipping keeps the sync order and shows each version once.
    if (updated_at != 0 && lead->updated_at != updated_at) return true;
    if (page.leads_json.size() == query->limit) {
      has_more = true;  // a further match exists, so the next page is not empty
      return false;
    }
    if (skip > 0) {
      --skip;
      return true;
    }
    page.leads_json.emplace_back(json);
    last.lead_id = lead_id;
    last.updated_at = updated_at;
    return true;
  };
  auto newest = [&](uint64_t lead_id, std::string_view json) { return take(lead_id, 0, json); };
  std::optional<uint64_t> before;
  if (query->cursor) before = query->cursor->lead_id;
  switch (plan.source) {
    case core::ScanPlan::Source::kSelectIndex:
      leads_.ScanOptionNewestFirst(campaign_id, plan.select_id, plan.value_id, before, newest);
      break;
    case core::ScanPlan::Source::kStatusIndex:
      leads_.ScanStatusNewestFirst(campaign_id, plan.value_id, before, newest);
      break;
    case core::ScanPlan::Source::kCampaign:
      leads_.ScanNewestFirst(campaign_id, before, newest);
      break;
    case core::ScanPlan::Source::kUpdatedIndex: {
      std::optional<std::pair<int64_t, uint64_t>> after;
      if (query->cursor) after = std::make_pair(query->cursor->updated_at, query->cursor->lead_id);
      leads_.ScanUpdatedAscending(
          campaign_id, after, sequencer_.Watermark(core::NowMillis()),
          [&](int64_t updated_at, uint64_t lead_id, std::string_view json) { return take(lead_id, updated_at, json); });
      break;
    }
  }
  if (has_more) {
    if (query->page) {
      page.next_page = *query->page + 1;
    } else {
      page.next_cursor = core::EncodeCursor(last);
    }
  }
  return page;
}

}  // namespace lg::service
