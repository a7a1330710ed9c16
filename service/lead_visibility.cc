#include "service/lead_visibility.h"

#include "core/lead_json.h"
#include "core/query_plan.h"

namespace lg::service {
namespace {

bool RecordHasValue(std::string_view json, const core::CompiledCondition& condition) {
  bool is_status = condition.target == core::CompiledCondition::Target::kStatus;
  return core::LeadHasValue(json, is_status ? "" : condition.slug, condition.texts.front());
}

}  // namespace

TokenScopePtr LeadVisibility::CompileScope(const auth::Principal& principal) const {
  if (!principal.filter_id) return nullptr;
  TokenScopePtr scope = filters_.Scope(*principal.filter_id);
  if (!scope) {
    static const auto kNothing = std::make_shared<const TokenScope>(
        std::make_shared<const core::CompiledFilter>(core::CompiledFilter{core::FilterMatch::kAny, {}}), nullptr);
    return kNothing;
  }
  return scope;
}

TokenScopePtr LeadVisibility::ScopeOf(const auth::Principal& principal) const {
  if (!principal.filter_id) return nullptr;
  // Only the services attach scopes, and only this kind.
  if (auto attached = std::dynamic_pointer_cast<const TokenScope>(principal.scope)) return attached;
  return CompileScope(principal);
}

CompiledFilterPtr LeadVisibility::ScopeFilter(const auth::Principal& principal) const {
  TokenScopePtr scope = ScopeOf(principal);
  return scope ? scope->filter : nullptr;
}

core::Result<bool> LeadVisibility::InScope(const core::CompiledFilter& scope, std::string_view json) {
  if (const core::CompiledCondition* only = core::SoleValueCondition(scope)) return RecordHasValue(json, *only);
  auto lead = core::DecodeLead(json);
  if (!lead.has_value()) return lead.error();
  return core::Matches(scope, *lead);
}

bool LeadVisibility::NeedsMasking(const auth::Principal& principal, const core::CompiledFilter* scope,
                                  std::string_view json) {
  return scope && (core::EncodedDoubletOf(json) || core::EncodedCreator(json) != principal.token_id);
}

core::Result<std::string> LeadVisibility::AsSeenBy(const auth::Principal& principal, const core::CompiledFilter* scope,
                                                   uint64_t campaign_id, std::string json) const {
  if (!scope) return json;
  if (core::EncodedCreator(json) != principal.token_id) json = core::WithoutCreator(std::move(json));
  std::optional<uint64_t> earlier = core::EncodedDoubletOf(json);
  if (!earlier) return json;
  LG_ASSIGN_OR_RETURN(auto earlier_json, leads_.GetJson(core::CampaignId(campaign_id), core::LeadId(*earlier)));
  bool visible = false;
  if (earlier_json) {
    LG_ASSIGN_OR_RETURN(visible, InScope(*scope, *earlier_json));
  }
  return visible ? std::move(json) : core::WithoutDoubletOf(std::move(json));
}

std::string LeadVisibility::AsCreatorSees(std::string json, bool duplicate_visible) {
  return duplicate_visible ? std::move(json) : core::WithoutDoubletOf(std::move(json));
}

}  // namespace lg::service
