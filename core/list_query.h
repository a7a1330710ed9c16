#pragma once
// The parameters of GET /v2/campaigns/{id}/leads, parsed and checked against the campaign;
// pure functions. Query conditions become a filter (all of them ANDed) so they are compiled,
// planned and evaluated exactly like a token's saved filter.
//
//   status=new,contacted            status in the list
//   created_after / updated_after   >= the time (RFC 3339 or YYYY-MM-DD HH:MM:SS, account zone)
//   created_before / updated_before <  the time
//   <select_slug>=<option>[,<option>]
//   sort=-created_at (default, newest first) | updated_at (oldest change first, for sync)
//   limit (1..500, default 50) + cursor, or page + per_page for clients that page by number;
//   a page may skip at most kMaxPageSkip leads ((page - 1) * per_page): reaching a page means
//   reading every lead before it, so deep pages are read with cursors, which seek

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/campaign.h"
#include "core/filter.h"
#include "core/status.h"

namespace lg::core {

inline constexpr size_t kDefaultListLimit = 50;
inline constexpr size_t kMaxListLimit = 500;
// The most leads page-number paging skips before its page, (page - 1) * per_page.
inline constexpr size_t kMaxPageSkip = 10000;

// Whether page `page` (1-based) of `per_page` leads is within kMaxPageSkip. The last such page
// links on with a cursor, never to a page number the parser refuses.
constexpr bool PageWithinSkip(size_t page, size_t per_page) {
  return page >= 1 && (page - 1) <= kMaxPageSkip / per_page;
}

enum class ListSort { kNewestFirst, kUpdatedAscending };

// Where the previous page stopped.
struct ListCursor {
  ListSort sort = ListSort::kNewestFirst;
  uint64_t lead_id = 0;
  int64_t updated_at = 0;  // kUpdatedAscending only
};

struct ListQuery {
  size_t limit = kDefaultListLimit;
  ListSort sort = ListSort::kNewestFirst;
  std::optional<ListCursor> cursor;
  std::optional<size_t> page;                    // 1-based; set when the client pages by number
  Filter conditions;                             // match all; empty when the query has no conditions
  std::multimap<std::string, std::string> echo;  // condition and sort parameters, for next links
};

// Unknown parameters and bad values fail with 400 `invalid_parameter` naming the parameter.
Result<ListQuery> ParseListQuery(const std::multimap<std::string, std::string>& params, const Campaign& campaign);

// The 400 `invalid_parameter` problem naming query parameter `name`, for the parameters the HTTP
// layer reads itself, so every list parameter is refused alike.
Status InvalidListParameter(const std::string& name, const std::string& why);

// wait=<seconds> (0..max_seconds), the long-poll of a sort=updated_at list: the answer waits
// while the page would be empty. nullopt without one. ParseListQuery does not know it: the
// caller takes it out of the parameters it hands on.
Result<std::optional<int64_t>> ParseListWait(const std::multimap<std::string, std::string>& params,
                                             int64_t max_seconds);

// Cursors are opaque to clients.
std::string EncodeCursor(const ListCursor& cursor);
std::optional<ListCursor> DecodeCursor(std::string_view cursor);

}  // namespace lg::core
