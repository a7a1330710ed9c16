#pragma once
// A saved filter: a named condition set over one campaign's leads, matched as `all` (AND) or
// `any` (OR). Conditions name a field slug, a select slug, `status`, `created_at` or
// `updated_at`. Values are kept as normalized JSON text, like lead field values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lg::core {

// On-disk numbers: never renumber.
enum class FilterOp : uint8_t {
  kEq = 1,
  kNeq = 2,
  kIn = 3,
  kNotIn = 4,
  kContains = 5,
  kStartsWith = 6,
  kGt = 7,
  kGte = 8,
  kLt = 9,
  kLte = 10,
  kEmpty = 11,
  kNotEmpty = 12,
};

enum class FilterMatch : uint8_t { kAll = 1, kAny = 2 };

std::string_view ToString(FilterOp op);
std::optional<FilterOp> ParseFilterOp(std::string_view text);

struct FilterCondition {
  std::string field;
  FilterOp op = FilterOp::kEq;
  // One normalized JSON value for single-value ops, several for in/not_in, none for empty/not_empty.
  std::vector<std::string> values;
};

struct Filter {
  uint64_t id = 0;
  uint64_t campaign_id = 0;
  std::string name;
  FilterMatch match = FilterMatch::kAll;
  std::vector<FilterCondition> conditions;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

}  // namespace lg::core
