#pragma once
// Chooses how a lead list is read: which index range yields the candidates, in the requested
// order. Every condition (the token's filter and the query) is still checked inline on each
// candidate; the plan only avoids reading leads that cannot match. Pure.
//
//  - sort by updated_at: with an equality (or one-value `in`) on a select, that option's range of
//    the option-updated index (a vendor's sync reads its own changes only), else the campaign's
//    updated-time index;
//  - else an equality (or one-value `in`) on a select: that option's index range, preferring
//    the token's filter (a vendor's slice is usually the most selective);
//  - else a one-value status condition: that status's index range;
//  - else the campaign's leads in id order.
// Conditions on created_at and updated_at that every matching lead must satisfy bound the scan:
// created_* become lead id bounds (ids are time-ordered) for the newest-first sources, and
// updated_* the range of the updated-time index, so a scan seeks to its range instead of
// reading from the start and filtering.

#include <cstdint>
#include <optional>

#include "core/filter_rules.h"
#include "core/list_query.h"

namespace lg::core {

struct ScanPlan {
  enum class Source { kCampaign, kSelectIndex, kStatusIndex, kUpdatedIndex, kOptionUpdatedIndex };
  Source source = Source::kCampaign;
  uint32_t select_id = 0;
  uint32_t value_id = 0;  // option id or status id (kSelectIndex, kOptionUpdatedIndex: option)
  // Set when the indexed condition is the only condition of the token's filter and the query
  // together: every lead the index scan yields then matches, with no decode (the store reads an
  // entry and its record at one point in time).
  const CompiledCondition* only_condition = nullptr;

  // Every matching lead has an id in [from_id, before_id) (newest-first sources; from the
  // created_at conditions, widened by kCreatedIdSlackMs) ...
  uint64_t from_id = 0;
  std::optional<uint64_t> before_id;
  // ... and an updated_at in [updated_from, updated_until) ms (from the updated_at conditions).
  int64_t updated_from = 0;
  std::optional<int64_t> updated_until;
};

// How far a lead's created_at may lie from the time in its id (the id is taken just after the
// time is stamped; a bulk batch shares one stamp; ids never go back when the clock does), in
// milliseconds. Id bounds drawn from created_at are widened by this much on either side; the
// condition itself is still checked on every candidate, so the slack costs reads, never results.
inline constexpr int64_t kCreatedIdSlackMs = 60000;

// `token_filter` may be null (a token without a filter).
ScanPlan PlanScan(const CompiledFilter* token_filter, const CompiledFilter& query, ListSort sort);

// The filter's condition when it is its only one and asks for one select option or status
// (the usual vendor scope, `source eq vendor-x`): a stored lead then matches exactly when
// LeadHasValue finds that value, with no full decode. Null otherwise.
const CompiledCondition* SoleValueCondition(const CompiledFilter& filter);

}  // namespace lg::core
