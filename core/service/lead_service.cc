#include "core/service/lead_service.h"

#include "auth/policy.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status LeadNotFound() { return core::Status::NotFound("No such lead."); }

}  // namespace

core::Result<CreatedLead> LeadService::Create(const auth::Principal& principal,
                                              std::optional<uint64_t> path_campaign_id, std::string_view body) {
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
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

  core::Lead lead;
  lead.campaign_id = *campaign_id;
  LG_RETURN_IF_ERROR(core::ApplyLeadInput(**campaign, input, core::LeadWrite::kCreate, lead));
  int64_t now = core::NowMillis();
  lead.id = ids_.Next(now);
  lead.created_at = lead.updated_at = now;
  lead.created_by = {principal.token_id, principal.name};
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
  return std::move(*json);
}

core::Result<std::string> LeadService::Patch(const auth::Principal& principal, uint64_t campaign_id,
                                             uint64_t lead_id, std::string_view body) {
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.ok()) return campaign.status();
  core::LeadInput input;
  LG_RETURN_IF_ERROR(core::ParseLeadInput(body, input));
  if (input.campaign_id_present) input.errors.Add("campaign_id", "read_only", "a lead cannot change campaign");

  std::lock_guard lock(LockFor(lead_id));
  auto stored = leads_.GetJson(campaign_id, lead_id);
  if (!stored) return LeadNotFound();
  auto previous = core::DecodeLead(*stored);
  if (!previous.ok()) return previous.status();
  core::Lead lead = *previous;
  LG_RETURN_IF_ERROR(core::ApplyLeadInput(**campaign, input, core::LeadWrite::kPatch, lead));
  lead.updated_at = std::max(core::NowMillis(), previous->updated_at);
  std::string json = core::EncodeLead(lead);
  LG_RETURN_IF_ERROR(leads_.Put(**campaign, lead, json, &*previous));
  return json;
}

core::Result<LeadPage> LeadService::List(const auth::Principal& principal, uint64_t campaign_id,
                                         const core::ListQuery& query) const {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.ok()) return campaign.status();
  auto page = leads_.ListNewestFirst(campaign_id, query.before_id, query.limit);
  LeadPage out;
  out.limit = query.limit;
  out.leads_json = std::move(page.leads_json);
  if (page.has_more) out.next_cursor = core::EncodeCursor(page.last_id);
  return out;
}

}  // namespace lg::service
