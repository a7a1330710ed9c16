#pragma once
// Splits a request target ("/v2/x?a=1&b=%20") into its path, as sent (still percent-encoded: the
// router splits it into segments before decoding them, see net/router.h), and its decoded query
// parameters.

#include <map>
#include <string>
#include <string_view>

namespace lg::net {

// False when the target is not a valid origin-form URL.
bool ParseRequestTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query);

}  // namespace lg::net
