#pragma once
// Percent-encoding (RFC 3986) for URLs the server and its tools build: query values, cursors.

#include <string>
#include <string_view>

namespace lg::core {

// `value` with every byte outside the unreserved set (A-Z a-z 0-9 - . _ ~) written as %XX.
std::string PercentEncode(std::string_view value);

}  // namespace lg::core
