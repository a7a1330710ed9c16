#pragma once
// The error catalogues' tables (core/error_catalogue.cc, core/field_error_catalogue.cc): arrays of
// entries with a `code`, kept sorted by it so a code is found by binary search.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

namespace lg::core {

// Whether `table` is sorted by code, each code once: for a static_assert beside the table.
template <typename Entry, size_t N>
constexpr bool SortedByCode(const std::array<Entry, N>& table) {
  for (size_t i = 1; i < N; ++i) {
    if (!(table[i - 1].code < table[i].code)) return false;
  }
  return true;
}

// The entry of `code` in a table sorted by code, or null.
template <typename Entry, size_t N>
const Entry* FindByCode(const std::array<Entry, N>& table, std::string_view code) {
  auto it = std::lower_bound(table.begin(), table.end(), code,
                             [](const Entry& entry, std::string_view wanted) { return entry.code < wanted; });
  return it != table.end() && it->code == code ? &*it : nullptr;
}

}  // namespace lg::core
