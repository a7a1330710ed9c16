#pragma once
// The parameters of GET /v2/campaigns/{id}/leads, parsed and checked; pure functions.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"

namespace lg::core {

inline constexpr size_t kDefaultListLimit = 50;
inline constexpr size_t kMaxListLimit = 500;

struct ListQuery {
  size_t limit = kDefaultListLimit;
  std::optional<uint64_t> before_id;  // from the cursor: continue below this lead id
};

// Unknown parameters and bad values fail with 400 naming the parameter.
Result<ListQuery> ParseListQuery(const std::multimap<std::string, std::string>& params);

// Cursors are opaque to clients; they encode where the previous page stopped.
std::string EncodeCursor(uint64_t last_lead_id);
std::optional<uint64_t> DecodeCursor(std::string_view cursor);

}  // namespace lg::core
