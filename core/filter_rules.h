#pragma once
// Filters checked against a campaign schema and compiled into a typed form that evaluates a lead
// without I/O. Compilation is the validation: an unknown field or option, an operator that makes
// no sense for the type, or a value of the wrong type is a 422 naming the condition
// ("conditions[1].op"). The compiled form also tells the query planner which conditions an
// index can answer, and which select/status values a token's filter pins.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/filter.h"
#include "core/lead.h"
#include "core/lead_rules.h"
#include "core/status.h"

namespace lg::core {

struct CompiledCondition {
  enum class Target { kField, kSelect, kStatus, kCreatedAt, kUpdatedAt };
  Target target = Target::kField;
  std::string slug;                   // field or select slug; "status", "created_at", "updated_at"
  FieldType type = FieldType::kText;  // for kField
  FilterOp op = FilterOp::kEq;
  std::vector<std::string> texts;   // normalized JSON texts (fields) or slugs (select, status)
  std::vector<double> numbers;      // number fields
  std::vector<int64_t> times;       // datetime fields, created_at, updated_at
  std::string needle;               // contains / starts_with: lower-cased
  uint32_t select_id = 0;           // for kSelect: index ids of the select and of `texts`
  std::vector<uint32_t> value_ids;  // option ids (kSelect) or status ids (kStatus), as `texts`
};

struct CompiledFilter {
  FilterMatch match = FilterMatch::kAll;
  std::vector<CompiledCondition> conditions;
};

// A saved filter: a name (1 to 200 characters), at least one condition, each valid for the
// campaign (422 naming every member at fault).
Result<CompiledFilter> CompileFilter(const Campaign& campaign, const Filter& filter);
// Conditions alone, checked as CompileFilter checks them (a list query's, a count's): no name,
// and none is fine (`all` of none holds for every lead, `any` of none for none).
Result<CompiledFilter> CompileConditions(const Campaign& campaign, const Filter& filter);

bool Matches(const CompiledFilter& filter, const Lead& lead);
bool Matches(const CompiledCondition& condition, const Lead& lead);

// The slug a client should fix when `lead` does not match: the first failing condition's field
// for an `all` filter, "filter" for an `any` filter. nullopt when the lead matches.
std::optional<std::string> FirstMismatch(const CompiledFilter& filter, const Lead& lead);

// Values a filter forces: equality (or one-value `in`) on a select or on status, from an `all`
// filter or a filter with a single condition. Stamped onto new leads that omit them.
LeadPresets PinnedBy(const CompiledFilter& filter);

// Whether the condition asks for exactly one value (`eq`, or `in` with one value).
bool IsSingleValue(const CompiledCondition& condition);

}  // namespace lg::core
