#pragma once
// What a lead change adds to the vendor statistics (store/stats_repo.h), staged into the change's
// own unit so the counters hold exactly the changes that committed. A lead counts once per select
// option it carries (the vendor, and any other select): created, the status it was created in
// and each status it later changes to (a funnel: new, contacted, won), and flagged as a
// duplicate. Counters record what happened: a lead deleted later still counted.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/ids.h"
#include "core/lead.h"
#include "core/status.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::service {

// The hour (since 1970, UTC) of a time in ms.
uint32_t StatsHour(int64_t millis);

// An addition to one refusal counter: a token's refused submissions into a campaign, in an hour,
// in all (reason "") or for one reason.
struct RefusalCount {
  uint64_t campaign_id = 0;
  uint64_t token_id = 0;
  uint32_t hour = 0;
  std::string reason;
  uint64_t count = 0;
};

class LeadStats {
 public:
  // A new lead, at its created_at.
  static void AddCreated(store::WriteUnit& unit, const core::Campaign& campaign, const core::Lead& lead);
  // A changed lead, at its updated_at: its new status reached, when it changed. A lead moved to
  // other options takes its created (and duplicate) counts along, at its creation's hour.
  static void AddChanged(store::WriteUnit& unit, const core::Campaign& campaign, const core::Lead& previous,
                         const core::Lead& lead);

  // A lead refused by a duplicate rule's `reject`, per option it carries, at `now`.
  static void AddRejectedDuplicate(store::WriteUnit& unit, const core::Campaign& campaign, const core::Lead& lead,
                                   int64_t now);
  // Whether a refusal counts as the submitter's (a 4xx other than 401 and 404; a 5xx is the server's).
  static bool CountsAsRefusal(const core::Status& why);
  // A submission of `token_id` refused for `why`, at `now`: once in all (reason ""), and once under
  // each reason: "<error code>/<field>" for each field at fault, else the problem's code
  // ("duplicate_lead", "rate_limited", ...).
  static void AddRefused(store::WriteUnit& unit, core::CampaignId campaign_id, core::TokenId token_id,
                         const core::Status& why, int64_t now);
  // The counters AddRefused adds one to, and adding any counts to them (a cluster gathers a
  // node's refusals and sends them through the log: service/refusal_forwarder.h).
  static std::vector<RefusalCount> RefusalsOf(core::CampaignId campaign_id, core::TokenId token_id,
                                              const core::Status& why, int64_t now);
  static void AddRefusals(store::WriteUnit& unit, const std::vector<RefusalCount>& counts);

  // Counts the leads of a store that has none counted yet (a store from before statistics, once
  // at open): each lead as created, in its current status (the statuses it went through before
  // are not known), and flagged when it is. Marks the store counted in the same last commit.
  static core::Status BackfillOnce(store::Db& db, const std::vector<std::shared_ptr<const core::Campaign>>& campaigns);
};

}  // namespace lg::service
