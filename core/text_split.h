#pragma once
// Lists written as text: "a,b, c" in a setting, a query parameter or a header. Pure.

#include <string_view>
#include <vector>

namespace lg::core {

// The pieces of `text` between `delimiter`s, in order, empty ones included ("" is one empty
// piece, "a," two). Views into `text`.
std::vector<std::string_view> SplitList(std::string_view text, char delimiter = ',');

// `text` without the spaces and tabs around it.
std::string_view TrimBlanks(std::string_view text);

}  // namespace lg::core
