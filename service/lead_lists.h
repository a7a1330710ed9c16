#pragma once
// Lead lists and counts within what the calling token may see. A list's conditions and the
// token's filter compile into a plan (core/query_plan.h) onto an index range; conditions the
// range does not answer are checked on each candidate, so a page costs in proportion to what it
// reads, not to the campaign. The update-ordered feed reads below the update sequencer's
// watermark, so a lead is never skipped while writes settle. Thread-safe; blocks on store reads.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/list_query.h"
#include "core/query_plan.h"
#include "core/status.h"
#include "service/campaign_service.h"
#include "service/lead_visibility.h"
#include "service/token_scope.h"
#include "service/update_sequencer.h"
#include "store/lead_repo.h"

namespace lg::service {

// How many leads in a token's scope match some conditions (POST .../leads/count).
struct LeadCount {
  uint64_t matches = 0;
  uint64_t examined = 0;  // candidates the scan read (index entries or records)
  bool exact = true;      // false: the scan stopped at the count's cap
};

struct LeadPage {
  // The page's leads in their stored JSON form (as the token may see them), comma-separated: the
  // contents of the `data` array, built in one buffer rather than one string per lead.
  std::string leads_json;
  size_t count = 0;                        // leads on the page
  std::optional<std::string> next_cursor;  // cursor paging
  // sort=updated_at: where to poll from next, on every page (the last too): the next page's
  // cursor, or past everything the feed holds yet. Re-polling from it sends each change once.
  std::optional<std::string> poll_cursor;
  std::optional<size_t> next_page;  // page-number paging
  size_t limit = 0;
  std::optional<size_t> page;
  // What the store read to answer: index entries, or lead records for a campaign scan (see
  // store::LeadRepo::ScanStats). A cost measure for tests and logs, not part of the answer.
  uint64_t scanned = 0;

  // sort=updated_at: where each item sits in the feed, in page order, so the live stream can
  // send items one by one with the cursor just after each.
  struct FeedItem {
    core::ListCursor cursor;  // the position just after the item (a next_cursor ending there)
    bool deleted = false;     // a deleted lead's tombstone
    size_t end = 0;           // where the item's JSON ends in leads_json (a ',' or the end follows)
  };
  std::vector<FeedItem> feed_items;
  // sort=updated_at: the update sequencer's watermark the read was made at: a change stamped at
  // or above it may still come (see service::FeedMayHaveMore).
  int64_t feed_watermark = 0;
};

class LeadLists {
 public:
  LeadLists(const CampaignService& campaigns, const LeadVisibility& visibility, const store::LeadRepo& leads,
            UpdateSequencer& sequencer, uint64_t count_max_examined)
      : campaigns_(campaigns),
        visibility_(visibility),
        leads_(leads),
        sequencer_(sequencer),
        count_max_examined_(count_max_examined) {}

  // `params`: the list query string (see core/list_query.h).
  core::Result<LeadPage> List(const auth::Principal& principal, uint64_t campaign_id,
                              const std::multimap<std::string, std::string>& params);
  // How many leads of the campaign match `body`'s conditions, a filter document without a name
  // ({"match": "all", "conditions": [...]}; none: every lead). Admin tokens only (403, after
  // the campaign's 404). Checked like a saved filter (422 for a bad condition). Reads at most
  // count_max_examined candidates.
  core::Result<LeadCount> Count(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);
  // The sync feed's position "now": a sort=updated_at cursor past every change readable yet, and
  // below every change still to come. Never blocks on the store.
  std::string FeedHead();

 private:
  // Where a walk starts: below lead `before` (newest-first sources), or after `after` (updated
  // time, lead id: update order).
  struct WalkStart {
    std::optional<uint64_t> before;
    std::optional<std::pair<int64_t, uint64_t>> after;
  };
  // What a walk tells besides its visits: what it read, and in update order the exclusive time
  // bound it stopped at (the feed's watermark, or the query's bound) and the feed's watermark.
  struct WalkMarks {
    store::LeadRepo::ScanStats stats;
    int64_t until = 0;
    int64_t watermark = 0;
  };
  // Hands `visit` each candidate `plan` names (lead id, updated time for the updated-order
  // sources and 0 for the others, stored JSON) from `start`; false from `visit` stops the walk.
  // A template, so the page path calls its visitor directly (defined and used in the .cc only).
  template <typename Visit>
  core::Status ScanPlanned(uint64_t campaign_id, const core::ScanPlan& plan, const WalkStart& start, const Visit& visit,
                           WalkMarks* marks = nullptr);

  const CampaignService& campaigns_;
  const LeadVisibility& visibility_;
  const store::LeadRepo& leads_;
  UpdateSequencer& sequencer_;
  const uint64_t count_max_examined_;
};

}  // namespace lg::service
