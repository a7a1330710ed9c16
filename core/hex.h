#pragma once
// Lower-case hex of bytes (two digits a byte) and back, for stored digests and readable test
// failures.

#include <optional>
#include <string>
#include <string_view>

namespace lg::core {

std::string ToHex(std::string_view bytes);
// nullopt for an odd length or a character that is not a hex digit.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace lg::core
