#include "service/lead_visibility.h"

#include <charconv>

#include "core/lead_json.h"
#include "core/query_plan.h"

namespace lg::service {
namespace {

// `created_by` and `doublet_of` are the last members of a stored lead (core::EncodeLead), and a
// quote inside a JSON string is always escaped, so the last match of each pattern is the member.
constexpr std::string_view kDoubletMember = "\"doublet_of\":";
constexpr std::string_view kNoDoublet = "\"doublet_of\":null}";
constexpr std::string_view kCreatorMember = R"(,"created_by":{"token_id":)";
constexpr std::string_view kNoCreator = ",\"created_by\":null,";

std::optional<uint64_t> NumberAfter(std::string_view json, size_t at) {
  uint64_t value = 0;
  if (std::from_chars(json.data() + at, json.data() + json.size(), value).ec != std::errc()) return std::nullopt;
  return value;
}

std::optional<uint64_t> DoubletOf(std::string_view json) {
  if (json.ends_with(kNoDoublet)) return std::nullopt;
  size_t at = json.rfind(kDoubletMember);
  if (at == std::string_view::npos) return std::nullopt;
  return NumberAfter(json, at + kDoubletMember.size());
}

std::optional<uint64_t> CreatorOf(std::string_view json) {
  size_t at = json.rfind(kCreatorMember);
  if (at == std::string_view::npos) return std::nullopt;
  return NumberAfter(json, at + kCreatorMember.size());
}

std::string WithoutDoublet(std::string json) {
  size_t at = json.rfind(kDoubletMember);
  if (at == std::string::npos) return json;
  json.resize(at);
  json.append(kNoDoublet);
  return json;
}

std::string WithoutCreator(std::string json) {
  size_t at = json.rfind(kCreatorMember);
  if (at == std::string::npos) return json;
  // {"token_id":N,"name":"..."}: past the digits, then the name string to its closing quote.
  size_t pos = at + kCreatorMember.size();
  while (pos < json.size() && json[pos] >= '0' && json[pos] <= '9') ++pos;
  constexpr std::string_view kName = R"(,"name":")";
  if (json.compare(pos, kName.size(), kName) != 0) return json;
  for (pos += kName.size(); pos < json.size() && json[pos] != '"'; ++pos) {
    if (json[pos] == '\\') ++pos;
  }
  if (pos + 2 >= json.size() || json[pos + 1] != '}' || json[pos + 2] != ',') return json;
  json.replace(at, pos + 3 - at, kNoCreator);
  return json;
}

bool RecordHasValue(std::string_view json, const core::CompiledCondition& condition) {
  bool is_status = condition.target == core::CompiledCondition::Target::kStatus;
  return core::LeadHasValue(json, is_status ? "" : condition.slug, condition.texts.front());
}

}  // namespace

CompiledFilterPtr LeadVisibility::ScopeFilter(const auth::Principal& principal) const {
  if (!principal.filter_id) return nullptr;
  CompiledFilterPtr compiled = filters_.Compiled(*principal.filter_id);
  if (!compiled) {
    static const auto kNothing =
        std::make_shared<const core::CompiledFilter>(core::CompiledFilter{core::FilterMatch::kAny, {}});
    return kNothing;
  }
  return compiled;
}

core::Result<bool> LeadVisibility::InScope(const core::CompiledFilter& scope, std::string_view json) {
  if (const core::CompiledCondition* only = core::SoleValueCondition(scope)) return RecordHasValue(json, *only);
  auto lead = core::DecodeLead(json);
  if (!lead.has_value()) return lead.error();
  return core::Matches(scope, *lead);
}

bool LeadVisibility::NeedsMasking(const auth::Principal& principal, const core::CompiledFilter* scope,
                                  std::string_view json) {
  return scope && (DoubletOf(json) || CreatorOf(json) != principal.token_id);
}

core::Result<std::string> LeadVisibility::AsSeenBy(const auth::Principal& principal, const core::CompiledFilter* scope,
                                                   uint64_t campaign_id, std::string json) const {
  if (!scope) return json;
  if (CreatorOf(json) != principal.token_id) json = WithoutCreator(std::move(json));
  std::optional<uint64_t> earlier = DoubletOf(json);
  if (!earlier) return json;
  LG_ASSIGN_OR_RETURN(auto earlier_json, leads_.GetJson(campaign_id, *earlier));
  bool visible = false;
  if (earlier_json) {
    LG_ASSIGN_OR_RETURN(visible, InScope(*scope, *earlier_json));
  }
  return visible ? std::move(json) : WithoutDoublet(std::move(json));
}

std::string LeadVisibility::AsCreatorSees(std::string json, bool doublet_visible) {
  return doublet_visible ? std::move(json) : WithoutDoublet(std::move(json));
}

}  // namespace lg::service
