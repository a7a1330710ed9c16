#pragma once
// JSON forms of saved filters. Conditions are validated against the campaign (see
// filter_rules.h); decoding here only checks shape.
//   {"name": "Vendor XYZ", "match": "all",
//    "conditions": [{"field": "source", "op": "eq", "value": "vendor-xyz"}]}
// `value` is a JSON value for single-value ops, an array for in/not_in, absent for empty ops.

#include <string>
#include <string_view>

#include "core/filter.h"
#include "core/status.h"

namespace lg::core {

class JsonWriter;

void WriteFilter(JsonWriter& out, const Filter& filter, bool stored);
std::string EncodeFilter(const Filter& filter, bool stored);

// API input (POST, or PATCH when `patch` is set: only the given members change).
Status DecodeFilterInput(std::string_view json, bool patch, Filter& filter);
Result<Filter> DecodeStoredFilter(std::string_view json);

}  // namespace lg::core
