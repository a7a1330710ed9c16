#pragma once
// The vendor statistics' answer (GET /v2/campaigns/{id}/stats, service/stats_service.h) and its
// two encodings, JSON and CSV: kept here so the generated docs show an example written by the
// same code as the server's answers. Pure.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace lg::core {

// One option's numbers for one period (or, in totals, the whole range: period empty).
struct StatsRow {
  std::string period;  // "2026-12-07" (a day, or a week's Monday), "2026-12" (a month)
  std::string option;  // the option's slug
  uint64_t created = 0;
  uint64_t duplicates = 0;                   // created flagged as duplicates
  uint64_t duplicates_rejected = 0;          // refused by a duplicate rule's `reject`
  std::map<std::string, uint64_t> statuses;  // status slug -> leads that reached it
};

// One token's refused submissions for one period (or, in totals, the whole range: period empty).
struct RefusalRow {
  std::string period;
  uint64_t token_id = 0;
  std::string token;  // its name
  uint64_t refused = 0;
  std::map<std::string, uint64_t> reasons;  // "invalid/email", "duplicate_lead", "rate_limited", ...
};

struct StatsTable {
  uint64_t campaign_id = 0;
  std::string group_by;                    // the select's slug
  std::string interval;                    // "day", "week", "month"
  std::string from, to;                    // the dates asked (inclusive), YYYY-MM-DD, in time_zone
  std::string time_zone;                   // the account's (account.time_zone): the days are its
  std::vector<std::string> statuses;       // the campaign's status slugs, in its order
  std::vector<StatsRow> rows;              // periods with anything, oldest first, options in campaign order
  std::vector<StatsRow> totals;            // per option over the range, options in campaign order
  std::vector<RefusalRow> refused;         // per period and token with refusals, oldest first
  std::vector<RefusalRow> refused_totals;  // per token over the range, most refused first
};

// 403 group_by_not_pinned: a token with a filter asked for a select its filter does not set to
// one option (counters are per option, so any other grouping would show other vendors' leads).
Status GroupByNotPinned();

// {"campaign_id", "group_by", "interval", "from", "to", "statuses": [...], "data": [{"period",
// "option", "created", "duplicates", "duplicates_rejected", "statuses": {slug: n}}], "totals":
// [{"option", "created", "duplicates", "duplicates_rejected", "duplicate_rate", "statuses": {slug:
// n}, "conversion": {slug: rate}}], "refused": [{"period", "token_id", "token", "refused",
// "reasons": {reason: n}}], "refused_totals": [the same without period]}.
std::string StatsJson(const StatsTable& table);
// period,option,created,duplicates,duplicates_rejected,<status slug>... (one row per data row;
// RFC 4180 quoting). The refusals are in the JSON only.
std::string StatsCsv(const StatsTable& table);

}  // namespace lg::core
