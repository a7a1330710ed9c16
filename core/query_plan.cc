#include "core/query_plan.h"

#include <algorithm>
#include <limits>

#include "core/lead_id_generator.h"

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

// Milliseconds in [from, until).
struct Times {
  int64_t from = 0;
  int64_t until = std::numeric_limits<int64_t>::max();
};

// Narrows `times` to the times every lead matching `filter` has on `target`, from the filter's
// comparisons on it (all of them when they are ANDed, or its only condition).
void NarrowTimes(const CompiledFilter* filter, Target target, Times& times) {
  if (!filter) return;
  if (filter->match == FilterMatch::kAny && filter->conditions.size() != 1) return;
  for (const auto& c : filter->conditions) {
    if (c.target != target || c.times.empty()) continue;
    int64_t t = c.times.front();
    switch (c.op) {
      case FilterOp::kGt:
        times.from = std::max(times.from, t == std::numeric_limits<int64_t>::max() ? t : t + 1);
        break;
      case FilterOp::kGte:
        times.from = std::max(times.from, t);
        break;
      case FilterOp::kLt:
        times.until = std::min(times.until, t);
        break;
      case FilterOp::kLte:
        times.until = std::min(times.until, t == std::numeric_limits<int64_t>::max() ? t : t + 1);
        break;
      default:
        break;
    }
  }
}

void PlanBounds(const CompiledFilter* token_filter, const CompiledFilter& query, ScanPlan& plan) {
  constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
  Times created;
  NarrowTimes(token_filter, Target::kCreatedAt, created);
  NarrowTimes(&query, Target::kCreatedAt, created);
  if (created.from > kCreatedIdSlackMs) plan.from_id = LeadIdGenerator::FirstIdAt(created.from - kCreatedIdSlackMs);
  if (created.until != kNone) {
    plan.before_id = created.until >= kNone - kCreatedIdSlackMs
                         ? std::numeric_limits<uint64_t>::max()
                         : LeadIdGenerator::FirstIdAt(created.until + kCreatedIdSlackMs);
  }
  Times updated{plan.updated_from, kNone};
  NarrowTimes(token_filter, Target::kUpdatedAt, updated);
  NarrowTimes(&query, Target::kUpdatedAt, updated);
  plan.updated_from = updated.from;
  if (updated.until != kNone) plan.updated_until = updated.until;
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
  PlanBounds(token_filter, query, plan);
  if (sort == ListSort::kUpdatedAscending) {
    // Every candidate is decoded and checked (only_condition stays null): a decode also guards
    // the sync order against an entry that disagrees with its record.
    const CompiledCondition* c = FindIndexable(token_filter, Target::kSelect);
    if (!c) c = FindIndexable(&query, Target::kSelect);
    plan.source = c ? ScanPlan::Source::kOptionUpdatedIndex : ScanPlan::Source::kUpdatedIndex;
    if (c) {
      plan.select_id = c->select_id;
      plan.value_id = c->value_ids.front();
    }
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
