#include "service/lead_erasure.h"

#include <simdjson.h>

#include <algorithm>

#include "auth/policy.h"
#include "core/filter_rules.h"
#include "core/json_reader.h"
#include "core/lead_id_generator.h"
#include "core/lead_json.h"
#include "core/metrics.h"
#include "core/person_keys.h"
#include "core/time_util.h"
#include "core/tombstone.h"

namespace lg::service {
namespace {

struct ErasureRequest {
  std::vector<std::string> person_keys;
  std::optional<uint64_t> campaign_id;
  bool dry_run = false;
};

core::Result<ErasureRequest> ParseErasure(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  ErasureRequest request;
  core::FieldErrors errors;
  bool person = false;
  for (auto [key, value] : obj) {
    const std::string name(key);
    std::string text;
    if (key == "email" || key == "phone") {
      if (!core::ReadString(value, name, errors, text)) continue;
      person = true;
      auto person_key = key == "email" ? core::EmailPersonKey(text) : core::PhonePersonKey(text);
      if (!person_key) {
        errors.Add(name, key == "email" ? "invalid_email" : "invalid_phone",
                   key == "email" ? "must be an e-mail address" : "must be a phone number: 6 to 20 digits");
        continue;
      }
      request.person_keys.push_back(std::move(*person_key));
    } else if (key == "campaign_id") {
      uint64_t id = 0;
      if (value.get_uint64().get(id) || id == 0) {
        errors.Add(name, "invalid_type", "must be a campaign id");
        continue;
      }
      request.campaign_id = id;
    } else if (key == "dry_run") {
      core::ReadBool(value, name, errors, request.dry_run);
    } else {
      errors.Add(name, "unknown_attribute", "is not an erasure attribute");
    }
  }
  if (!person && errors.empty()) errors.Add("email", "required", "an e-mail address or a phone number is required");
  LG_RETURN_IF_ERROR(errors.ToStatus());
  return request;
}

core::metrics::Counter& Erased(std::string_view reason) {
  return core::metrics::Registry::Global().GetCounter("leadgate_erasure_leads_total", "Leads deleted, by reason",
                                                      core::metrics::Label("reason", reason));
}

// Who deletes when a campaign's retention does.
const auth::Principal kRetention{0, "retention", core::Permission::kAdmin};

}  // namespace

core::Result<LeadErasure::Found> LeadErasure::Locate(const core::Campaign& campaign, const core::CompiledFilter* scope,
                                                     uint64_t lead_id, core::Lead& lead) const {
  LG_ASSIGN_OR_RETURN(auto stored, leads_.GetJson(core::CampaignId(campaign.id), core::LeadId(lead_id)));
  if (!stored) return Found::kAbsent;
  LG_ASSIGN_OR_RETURN(lead, core::DecodeLead(*stored));
  return scope && !core::Matches(*scope, lead) ? Found::kOutOfScope : Found::kInScope;
}

core::Result<LeadErasure::Found> LeadErasure::DeleteOne(const auth::Principal& principal,
                                                        const core::Campaign& campaign,
                                                        const core::CompiledFilter* scope, uint64_t lead_id,
                                                        std::string_view reason) {
  std::lock_guard lock(lock_for_(lead_id));
  core::Lead lead;
  LG_ASSIGN_OR_RETURN(Found found, Locate(campaign, scope, lead_id, lead));
  if (found != Found::kInScope) return found;
  // Permission only once the lead is known to be in scope: out of scope is a 404.
  LG_RETURN_IF_ERROR(auth::RequireLeadDelete(principal));
  UpdateSequencer::Scope write(sequencer_, core::NowMillis(), lead.updated_at, lead.id);
  const std::vector<uint64_t> in_filters = filters_.Matching(campaign.id, lead);
  LG_RETURN_IF_ERROR(leads_.Delete(campaign, lead, write.stamped(), in_filters, [&](store::WriteUnit& unit) {
    LG_RETURN_IF_ERROR(idempotency_.AddForgetLead(unit, core::CampaignId(campaign.id), core::LeadId(lead.id)));
    return events_.AddDeleted(unit, lead, write.stamped(), core::EncodeTombstone(lead, write.stamped(), in_filters));
  }));
  if (on_deleted_) on_deleted_(campaign, lead);
  Erased(reason).Add();
  return Found::kDeleted;
}

core::Status LeadErasure::Delete(const auth::Principal& principal, core::CampaignId campaign_id, core::LeadId lead_id) {
  if (auto visible = campaigns_.Get(principal, campaign_id.value()); !visible.has_value()) return visible.error();
  CompiledFilterPtr scope = visibility_.ScopeFilter(principal);
  // The pass before the schema: the index entries removed are the ones the campaign implies
  // while no re-index of its duplicate rules runs.
  CampaignWriters::Pass pass = writers_.Enter(campaign_id.value());
  LG_ASSIGN_OR_RETURN(CampaignPtr campaign, campaigns_.Get(principal, campaign_id.value()));
  const std::string target =
      "lead " + std::to_string(lead_id.value()) + " of campaign " + std::to_string(campaign_id.value());
  LG_ASSIGN_OR_RETURN(Found found, DeleteOne(principal, *campaign, scope.get(), lead_id.value(), "request"));
  switch (found) {
    case Found::kDeleted:
      audit_.Record("lead_deleted", principal, target);
      return core::Status::Ok();
    case Found::kOutOfScope:
      audit_.Record("out_of_scope", principal, target);
      break;
    case Found::kAbsent:
    case Found::kInScope:  // not returned by DeleteOne
      break;
  }
  return core::Status::NotFound("No such lead.");
}

core::Result<ErasureResult> LeadErasure::Erase(const auth::Principal& principal, std::string_view body) {
  LG_ASSIGN_OR_RETURN(ErasureRequest request, ParseErasure(body));
  std::vector<CampaignPtr> targets;
  if (request.campaign_id) {
    LG_ASSIGN_OR_RETURN(CampaignPtr campaign, campaigns_.Get(principal, *request.campaign_id));
    targets.push_back(std::move(campaign));
  } else {
    targets = campaigns_.List(principal);
  }
  LG_RETURN_IF_ERROR(auth::RequireLeadDelete(principal));
  CompiledFilterPtr scope = visibility_.ScopeFilter(principal);
  ErasureResult result;
  result.dry_run = request.dry_run;
  for (const CampaignPtr& listed : targets) {
    CampaignWriters::Pass pass = writers_.Enter(listed->id);
    CampaignPtr campaign = campaigns_.Find(listed->id);
    if (!campaign) continue;
    std::vector<uint64_t> ids;
    for (const auto& person_key : request.person_keys) {
      LG_ASSIGN_OR_RETURN(auto found, leads_.FindPerson(campaign->id, person_key));
      ids.insert(ids.end(), found.begin(), found.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    size_t deleted = 0;
    for (uint64_t id : ids) {
      if (request.dry_run) {
        core::Lead lead;
        LG_ASSIGN_OR_RETURN(Found found, Locate(*campaign, scope.get(), id, lead));
        if (found == Found::kInScope) result.leads.push_back({campaign->id, id});
        continue;
      }
      LG_ASSIGN_OR_RETURN(Found found, DeleteOne(principal, *campaign, scope.get(), id, "person"));
      if (found != Found::kDeleted) continue;
      result.leads.push_back({campaign->id, id});
      ++deleted;
    }
    if (!request.dry_run && deleted > 0) {
      audit_.Record("leads_erased", principal, "campaign " + std::to_string(campaign->id),
                    std::to_string(deleted) + " leads of one person");
    }
  }
  if (!request.dry_run && result.leads.empty()) {
    audit_.Record("leads_erased", principal,
                  request.campaign_id ? "campaign " + std::to_string(*request.campaign_id) : "every campaign",
                  "no lead matched");
  }
  return result;
}

core::Result<size_t> LeadErasure::EraseCreatedBefore(const core::Campaign& campaign, int64_t created_before, size_t max,
                                                     const std::function<bool()>& before_each) {
  // Ids grow with creation time: the leads created before a moment have the ids below its first.
  const uint64_t first_kept = core::LeadIdGenerator::FirstIdAt(created_before);
  LG_ASSIGN_OR_RETURN(std::vector<uint64_t> due,
                      leads_.OldestIds(core::CampaignId(campaign.id), core::LeadId(first_kept), max));
  CampaignWriters::Pass pass = writers_.Enter(campaign.id);
  CampaignPtr current = campaigns_.Find(campaign.id);
  if (!current) return size_t{0};
  size_t deleted = 0;
  for (uint64_t id : due) {
    if (before_each && !before_each()) break;
    LG_ASSIGN_OR_RETURN(Found found, DeleteOne(kRetention, *current, nullptr, id, "retention"));
    if (found == Found::kDeleted) ++deleted;
  }
  if (deleted > 0) {
    audit_.Record("leads_erased", kRetention, "campaign " + std::to_string(campaign.id),
                  std::to_string(deleted) + " leads past the campaign's retention_days");
  }
  return deleted;
}

}  // namespace lg::service
