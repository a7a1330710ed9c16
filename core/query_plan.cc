#include "core/query_plan.h"

namespace lg::core {
namespace {

using Target = CompiledCondition::Target;

// A condition every matching lead must satisfy, with exactly one indexed value.
const CompiledCondition* FindIndexable(const CompiledFilter* filter, Target target) {
  if (!filter) return nullptr;
  if (filter->match == FilterMatch::kAny && filter->conditions.size() != 1) return nullptr;
  for (const auto& c : filter->conditions) {
    if (c.target == target && IsSingleValue(c)) return &c;
  }
  return nullptr;
}

}  // namespace

const CompiledCondition* SoleValueCondition(const CompiledFilter& filter) {
  if (filter.conditions.size() != 1) return nullptr;
  const CompiledCondition& c = filter.conditions.front();
  bool value_target = c.target == Target::kSelect || c.target == Target::kStatus;
  return value_target && IsSingleValue(c) ? &c : nullptr;
}

ScanPlan PlanScan(const CompiledFilter* token_filter, const CompiledFilter& query, ListSort sort) {
  ScanPlan plan;
  if (sort == ListSort::kUpdatedAscending) {
    plan.source = ScanPlan::Source::kUpdatedIndex;
    return plan;
  }
  for (Target target : {Target::kSelect, Target::kStatus}) {
    const CompiledCondition* c = FindIndexable(token_filter, target);
    if (!c) c = FindIndexable(&query, target);
    if (!c) continue;
    plan.source = target == Target::kSelect ? ScanPlan::Source::kSelectIndex : ScanPlan::Source::kStatusIndex;
    plan.select_id = c->select_id;
    plan.value_id = c->value_ids.front();
    // The one condition of the token's filter and the query together (a token filter of no
    // conditions matches nothing, so it never leaves the query's condition alone).
    if (!token_filter) {
      plan.only_condition = SoleValueCondition(query);
    } else if (query.conditions.empty()) {
      plan.only_condition = SoleValueCondition(*token_filter);
    }
    return plan;
  }
  return plan;
}

}  // namespace lg::core
