#pragma once
// Chooses how a lead list is read: which index range yields the candidates, in the requested
// order. Every condition (the token's filter and the query) is still checked inline on each
// candidate; the plan only avoids reading leads that cannot match. Pure.
//
//  - sort by updated_at: the updated-time index (it is the only one in that order);
//  - else an equality (or one-value `in`) on a select: that option's index range, preferring
//    the token's filter (a vendor's slice is usually the most selective);
//  - else a one-value status condition: that status's index range;
//  - else the campaign's leads in id order.

#include <cstdint>

#include "core/filter_rules.h"
#include "core/list_query.h"

namespace lg::core {

struct ScanPlan {
  enum class Source { kCampaign, kSelectIndex, kStatusIndex, kUpdatedIndex };
  Source source = Source::kCampaign;
  uint32_t select_id = 0;
  uint32_t value_id = 0;  // option id or status id
  // Set when the indexed condition is the only condition of the token's filter and the query
  // together: every lead the index scan yields then matches, with no decode (the store reads an
  // entry and its record at one point in time).
  const CompiledCondition* only_condition = nullptr;
};

// `token_filter` may be null (a token without a filter).
ScanPlan PlanScan(const CompiledFilter* token_filter, const CompiledFilter& query, ListSort sort);

// The filter's condition when it is its only one and asks for one select option or status
// (the usual vendor scope, `source eq vendor-x`): a stored lead then matches exactly when
// LeadHasValue finds that value, with no full decode. Null otherwise.
const CompiledCondition* SoleValueCondition(const CompiledFilter& filter);

}  // namespace lg::core
