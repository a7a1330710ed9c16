#include "core/scoped_schema.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace lg::core {
namespace {

using Allowed = std::optional<std::set<std::string>>;  // nullopt: every value

// The values of one select (or of status) a lead matching `filter` can have, as far as the
// filter's equality conditions tell. In an `all` filter every condition must hold, so the sets
// intersect; in an `any` filter a lead may match through a condition elsewhere, so a value set is
// only certain when every condition is an equality on this same target, and then they unite.
Allowed AllowedValues(const CompiledFilter& filter, CompiledCondition::Target target, const std::string& slug) {
  auto on_target = [&](const CompiledCondition& c) { return c.target == target && c.slug == slug; };
  auto is_equality = [](const CompiledCondition& c) { return c.op == FilterOp::kEq || c.op == FilterOp::kIn; };
  bool all = filter.match == FilterMatch::kAll || filter.conditions.size() == 1;
  Allowed allowed;
  if (all) {
    for (const auto& c : filter.conditions) {
      if (!on_target(c) || !is_equality(c)) continue;
      std::set<std::string> values(c.texts.begin(), c.texts.end());
      if (allowed) {
        std::erase_if(*allowed, [&](const std::string& v) { return !values.contains(v); });
      } else {
        allowed = std::move(values);
      }
    }
    return allowed;
  }
  if (filter.conditions.empty()) return std::set<std::string>{};  // `any` of nothing matches nothing
  for (const auto& c : filter.conditions) {
    if (!on_target(c) || !is_equality(c)) return std::nullopt;
    if (!allowed) allowed.emplace();
    allowed->insert(c.texts.begin(), c.texts.end());
  }
  return allowed;
}

}  // namespace

Campaign RestrictToFilter(const Campaign& campaign, const CompiledFilter* filter) {
  Campaign view = campaign;
  if (!filter) return view;
  for (auto& select : view.selects) {
    Allowed allowed = AllowedValues(*filter, CompiledCondition::Target::kSelect, select.slug);
    if (!allowed) continue;
    std::erase_if(select.options, [&](const SelectOption& o) { return !allowed->contains(o.slug); });
  }
  Allowed statuses = AllowedValues(*filter, CompiledCondition::Target::kStatus, "status");
  if (statuses) {
    std::erase_if(view.statuses, [&](const LeadStatus& s) { return !statuses->contains(s.slug); });
  }
  return view;
}

Campaign WithoutRetired(Campaign campaign) {
  std::erase_if(campaign.fields, [](const Field& field) { return field.retired; });
  for (auto& select : campaign.selects) {
    std::erase_if(select.options, [](const SelectOption& option) { return option.retired; });
  }
  std::erase_if(campaign.statuses, [](const LeadStatus& status) { return status.retired; });
  return campaign;
}

}  // namespace lg::core
