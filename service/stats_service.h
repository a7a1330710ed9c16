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
#include "core/stats_table.h"
#include "core/status.h"
#include "service/campaign_service.h"
#include "service/lead_service.h"
#include "store/stats_repo.h"
#include "store/token_repo.h"

namespace lg::service {

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
  core::Result<core::StatsTable> Table(const auth::Principal& principal, uint64_t campaign_id,
                                       const std::multimap<std::string, std::string>& params, int64_t now_millis) const;

 private:
  // The refusals of the tokens `principal` may see (its own, for a vendor's) in `hours`.
  // The local day of an hour's start, when it lies in the range asked.
  using DayOf = std::function<std::optional<int64_t>(uint32_t hour)>;
  core::Status AddRefusals(const auth::Principal& principal, bool scoped, store::StatsRepo::Hours hours,
                           const DayOf& day_of, core::StatsTable& table) const;

  const CampaignService& campaigns_;
  const LeadService& leads_;
  const store::StatsRepo& stats_;
  const store::TokenRepo& tokens_;
  const std::string time_zone_;
};

}  // namespace lg::service
