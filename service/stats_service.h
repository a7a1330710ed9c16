#pragma once
// Vendor statistics (GET /v2/campaigns/{id}/stats): the counters of store/stats_repo.h, per
// option of one select and per day, week (from Monday) or month of the account's time zone, over a
// range of its dates.
// Reads one key per hour and counter that had something: the cost does not grow with the
// number of leads. A token with a filter (a vendor's) gets only the option its filter pins on
// that select, so nothing in the answer tells of another vendor. Thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/status.h"
#include "service/campaign_service.h"
#include "service/lead_service.h"
#include "store/stats_repo.h"
#include "store/token_repo.h"

namespace lg::service {

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

class StatsService {
 public:
  // Days a range may span (one counter read per hour and counter: bounded).
  static constexpr int64_t kMaxDays = 731;

  // `time_zone`: the account's zone's name, which the process's local time is set to
  // (core::SetAccountTimeZone): periods are its days.
  StatsService(const CampaignService& campaigns, const LeadService& leads, const store::StatsRepo& stats,
               const store::TokenRepo& tokens, std::string time_zone)
      : campaigns_(campaigns), leads_(leads), stats_(stats), tokens_(tokens), time_zone_(std::move(time_zone)) {}

  // `params`: group_by (a select's slug; default the campaign's first select), interval (day,
  // the default; week; month), from and to (YYYY-MM-DD, UTC; default the 30 days up to today).
  // 400 invalid_parameter naming a bad one; 404 for a campaign the token does not see; 403
  // group_by_not_pinned when the token's filter does not pin one option of that select.
  core::Result<StatsTable> Table(const auth::Principal& principal, uint64_t campaign_id,
                                 const std::multimap<std::string, std::string>& params, int64_t now_millis) const;

 private:
  // The refusals of the tokens `principal` may see (its own, for a vendor's) in [from_hour, to_hour).
  // The local day of an hour's start, when it lies in the range asked.
  using DayOf = std::function<std::optional<int64_t>(uint32_t hour)>;
  core::Status AddRefusals(const auth::Principal& principal, bool scoped, uint32_t from_hour, uint32_t to_hour,
                           const DayOf& day_of, StatsTable& table) const;

  const CampaignService& campaigns_;
  const LeadService& leads_;
  const store::StatsRepo& stats_;
  const store::TokenRepo& tokens_;
  const std::string time_zone_;
};

// {"campaign_id", "group_by", "interval", "from", "to", "statuses": [...], "data": [{"period",
// "option", "created", "duplicates", "duplicates_rejected", "statuses": {slug: n}}], "totals":
// [{"option", "created", "duplicates", "duplicates_rejected", "duplicate_rate", "statuses": {slug:
// n}, "conversion": {slug: rate}}], "refused": [{"period", "token_id", "token", "refused",
// "reasons": {reason: n}}], "refused_totals": [the same without period]}.
std::string StatsJson(const StatsTable& table);
// period,option,created,duplicates,duplicates_rejected,<status slug>... (one row per data row;
// RFC 4180 quoting). The refusals are in the JSON only.
std::string StatsCsv(const StatsTable& table);

}  // namespace lg::service
