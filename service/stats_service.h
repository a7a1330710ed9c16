#pragma once
// Vendor statistics (GET /v2/campaigns/{id}/stats): the counters of store/stats_repo.h, per
// option of one select and per day, week (from Monday) or month in UTC, over a range of dates.
// Reads one key per hour and counter that had something: the cost does not grow with the
// number of leads. A token with a filter (a vendor's) gets only the option its filter pins on
// that select, so nothing in the answer tells of another vendor. Thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/status.h"
#include "service/campaign_service.h"
#include "service/lead_service.h"
#include "store/stats_repo.h"

namespace lg::service {

// One option's numbers for one period (or, in totals, the whole range: period empty).
struct StatsRow {
  std::string period;  // "2026-12-07" (a day, or a week's Monday), "2026-12" (a month)
  std::string option;  // the option's slug
  uint64_t created = 0;
  uint64_t duplicates = 0;                   // created flagged as duplicates
  std::map<std::string, uint64_t> statuses;  // status slug -> leads that reached it
};

struct StatsTable {
  uint64_t campaign_id = 0;
  std::string group_by;               // the select's slug
  std::string interval;               // "day", "week", "month"
  std::string from, to;               // the dates asked (inclusive), YYYY-MM-DD
  std::vector<std::string> statuses;  // the campaign's status slugs, in its order
  std::vector<StatsRow> rows;         // periods with anything, oldest first, options in campaign order
  std::vector<StatsRow> totals;       // per option over the range, options in campaign order
};

class StatsService {
 public:
  // Days a range may span (one counter read per hour and counter: bounded).
  static constexpr int64_t kMaxDays = 731;

  StatsService(const CampaignService& campaigns, const LeadService& leads, const store::StatsRepo& stats)
      : campaigns_(campaigns), leads_(leads), stats_(stats) {}

  // `params`: group_by (a select's slug; default the campaign's first select), interval (day,
  // the default; week; month), from and to (YYYY-MM-DD, UTC; default the 30 days up to today).
  // 400 invalid_parameter naming a bad one; 404 for a campaign the token does not see; 403
  // group_by_not_pinned when the token's filter does not pin one option of that select.
  core::Result<StatsTable> Table(const auth::Principal& principal, uint64_t campaign_id,
                                 const std::multimap<std::string, std::string>& params, int64_t now_millis) const;

 private:
  const CampaignService& campaigns_;
  const LeadService& leads_;
  const store::StatsRepo& stats_;
};

// {"campaign_id", "group_by", "interval", "from", "to", "statuses": [...], "data": [{"period",
// "option", "created", "duplicates", "statuses": {slug: n}}], "totals": [{"option", "created",
// "duplicates", "duplicate_rate", "statuses": {slug: n}, "conversion": {slug: rate}}]}.
std::string StatsJson(const StatsTable& table);
// period,option,created,duplicates,<status slug>... (one row per data row; RFC 4180 quoting).
std::string StatsCsv(const StatsTable& table);

}  // namespace lg::service
