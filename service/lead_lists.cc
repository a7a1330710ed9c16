#include "service/lead_lists.h"

#include <algorithm>
#include <limits>

#include "auth/policy.h"
#include "core/filter_json.h"
#include "core/filter_rules.h"
#include "core/lead_json.h"
#include "core/query_plan.h"
#include "core/time_util.h"
#include "core/tombstone.h"

namespace lg::service {

namespace {

// Where a sort=updated_at client polls from next: the next page's start while there is more, else
// past every change below `until` (the walk read them all, the ones outside the token's scope or
// the query too, and no write lands below it), never behind where the client already was.
std::string PollCursor(const std::optional<core::ListCursor>& asked, const core::ListCursor& last, bool has_more,
                       int64_t until) {
  if (has_more) return core::EncodeCursor(last);
  core::ListCursor end{core::ListSort::kUpdatedAscending, std::numeric_limits<uint64_t>::max(), until - 1};
  if (asked && std::pair(asked->updated_at, asked->lead_id) > std::pair(end.updated_at, end.lead_id)) end = *asked;
  return core::EncodeCursor(end);
}

}  // namespace

template <typename Visit>
core::Status LeadLists::ScanPlanned(uint64_t campaign_id, const core::ScanPlan& plan, const WalkStart& start,
                                    const Visit& visit, WalkMarks* marks) {
  store::LeadRepo::ScanStats* stats = marks ? &marks->stats : nullptr;
  auto newest = [&](uint64_t lead_id, std::string_view json) { return visit(lead_id, 0, json, false); };
  const store::LeadRepo::IdRange ids{.campaign_id = campaign_id, .before_id = start.before, .from_id = plan.from_id};
  const store::LeadRepo::OptionRef option{.select_id = plan.select_id, .option_id = plan.value_id};
  switch (plan.source) {
    case core::ScanPlan::Source::kSelectIndex:
      return leads_.ScanOptionNewestFirst(ids, option, newest, stats);
    case core::ScanPlan::Source::kStatusIndex:
      return leads_.ScanStatusNewestFirst(ids, plan.value_id, newest, stats);
    case core::ScanPlan::Source::kCampaign:
      return leads_.ScanNewestFirst(ids, newest, stats);
    case core::ScanPlan::Source::kUpdatedIndex:
    case core::ScanPlan::Source::kOptionUpdatedIndex: {
      const int64_t watermark = sequencer_.Watermark(core::NowMillis());
      int64_t until = watermark;
      if (plan.updated_until) until = std::min(until, *plan.updated_until);
      if (marks) {
        marks->until = until;
        marks->watermark = watermark;
      }
      auto updated = [&](int64_t updated_at, uint64_t lead_id, std::string_view json, bool deleted) {
        return visit(lead_id, updated_at, json, deleted);
      };
      const store::LeadRepo::UpdateRange range{
          .campaign_id = campaign_id, .after = start.after, .from_time = plan.updated_from, .until = until};
      return plan.source == core::ScanPlan::Source::kUpdatedIndex
                 ? leads_.ScanUpdatedAscending(range, updated, stats)
                 : leads_.ScanOptionUpdatedAscending(range, option, updated, stats);
    }
  }
  return core::Status::Ok();
}

core::Result<LeadPage> LeadLists::List(const auth::Principal& principal, uint64_t campaign_id,
                                       const std::multimap<std::string, std::string>& params) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  TokenScopePtr token_scope = visibility_.ScopeOf(principal);
  CompiledFilterPtr scope = token_scope ? token_scope->filter : nullptr;
  // Against what the token may see: another vendor's option is as unknown as a made-up one.
  const CampaignPtr schema = SchemaSeenWith(token_scope.get(), *campaign);
  auto query = core::ParseListQuery(params, *schema);
  if (!query.has_value()) return query.error();
  auto compiled = core::CompileConditions(*schema, query->conditions);
  if (!compiled.has_value()) return compiled.error();
  const core::CompiledFilter& conditions = *compiled;
  core::ScanPlan plan = core::PlanScan(scope.get(), conditions, query->sort);

  LeadPage page;
  page.limit = query->limit;
  page.page = query->page;
  size_t skip = query->page ? (*query->page - 1) * query->limit : 0;
  bool has_more = false;
  core::ListCursor last;
  last.sort = query->sort;
  core::Status unreadable;  // a duplicate's lead the store could not read while masking
  // Adds a matching lead (or a deleted lead's tombstone) to the page (after the skipped ones);
  // false stops the scan.
  auto keep = [&](uint64_t lead_id, int64_t updated_at, std::string_view json, bool deleted) {
    if (page.count == query->limit) {
      has_more = true;  // a further match exists, so the next page is not empty
      return false;
    }
    if (skip > 0) {
      --skip;
      return true;
    }
    std::string masked;
    // A tombstone names no creator and no duplicate: nothing to mask.
    if (!deleted && LeadVisibility::NeedsMasking(principal, scope.get(), json)) {
      auto seen = visibility_.AsSeenBy(principal, scope.get(), campaign_id, std::string(json));
      if (!seen.has_value()) {
        unreadable = seen.error();
        return false;
      }
      masked = std::move(seen).value();
      json = masked;
    }
    if (page.count++ == 0) {
      // Room for a page of leads like the first, up to 256 KiB (a big page grows as it goes).
      page.leads_json.reserve(std::min<size_t>(query->limit * (json.size() + 1), 256u << 10));
    } else {
      page.leads_json += ',';
    }
    page.leads_json.append(json);
    last.lead_id = lead_id;
    last.updated_at = updated_at;
    if (query->sort == core::ListSort::kUpdatedAscending)
      page.feed_items.push_back({last, deleted, page.leads_json.size()});
    return true;
  };
  const core::CompiledCondition* only = plan.only_condition;
  // A deleted lead's tombstone (core/tombstone.h): a token with a filter is told of it only if
  // its filter held the lead when it was deleted (a tombstone has no field values to judge a
  // filter on); the query's conditions judge it on what it kept.
  std::string item;
  auto take_tombstone = [&](uint64_t lead_id, int64_t updated_at, std::string_view json) {
    auto tombstone = core::DecodeTombstone(json);
    if (!tombstone.has_value()) return true;
    if (scope && !(principal.filter_id && core::ToldTo(*tombstone, *principal.filter_id))) return true;
    if (!core::Matches(conditions, tombstone->lead) || tombstone->deleted_at != updated_at) return true;
    item = core::TombstoneItem(*tombstone);
    return keep(lead_id, updated_at, item, true);
  };
  // Checks a candidate against everything (the token's filter, the query); false stops the scan.
  auto take = [&](uint64_t lead_id, int64_t updated_at, std::string_view json, bool deleted) {
    if (deleted) return take_tombstone(lead_id, updated_at, json);
    // The one condition is the index being scanned, and the store reads an entry and its
    // record at one point in time: the record has the value. No decode on the vendor-page path.
    if (only) return keep(lead_id, updated_at, json, deleted);
    auto lead = core::DecodeLead(json);
    if (!lead.has_value() || (scope && !core::Matches(*scope, *lead)) || !core::Matches(conditions, *lead)) return true;
    // The store reads an updated-time entry and its record at one snapshot, and writes them in
    // one batch, so they agree. Kept as a guard (the lead is decoded anyway): a stale entry would
    // show a version twice, out of sync order.
    if (updated_at != 0 && lead->updated_at != updated_at) return true;
    return keep(lead_id, updated_at, json, deleted);
  };
  // The scan seeks to where the cursor and the time conditions let matches start, and stops
  // where they end: a page costs what it reads, not what lies before it.
  std::optional<uint64_t> before = plan.before_id;
  if (query->cursor) before = std::min(before.value_or(query->cursor->lead_id), query->cursor->lead_id);
  std::optional<std::pair<int64_t, uint64_t>> after;
  if (query->cursor) after = std::make_pair(query->cursor->updated_at, query->cursor->lead_id);
  WalkMarks marks;
  core::Status scanned = ScanPlanned(campaign_id, plan, {.before = before, .after = after}, take, &marks);
  page.scanned = marks.stats.entries;
  // A page the store could not finish is an error, never a short page.
  LG_RETURN_IF_ERROR(scanned);
  LG_RETURN_IF_ERROR(unreadable);
  if (has_more) {
    // Past the deepest page a number may reach, the next link carries on by cursor.
    if (query->page && core::PageWithinSkip(*query->page + 1, query->limit)) {
      page.next_page = *query->page + 1;
    } else {
      page.next_cursor = core::EncodeCursor(last);
    }
  }
  if (query->sort == core::ListSort::kUpdatedAscending) {
    page.poll_cursor = PollCursor(query->cursor, last, has_more, marks.until);
    page.feed_watermark = marks.watermark;
  }
  return page;
}

std::string LeadLists::FeedHead() {
  return PollCursor(std::nullopt, {}, false, sequencer_.Watermark(core::NowMillis()));
}

core::Result<LeadCount> LeadLists::Count(const auth::Principal& principal, uint64_t campaign_id,
                                         std::string_view body) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  // An admin's tool (the console's filter preview): a scoped token could learn from what a count
  // reads, or from where it stops, how many leads lie outside its filter. Admin tokens are
  // account-level, so there is no token filter to apply below.
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal, "Counting leads by conditions (the console's filter preview)"));
  core::Filter filter;
  LG_RETURN_IF_ERROR(core::DecodeFilterInput(body, /*patch=*/true, filter));
  auto compiled = core::CompileConditions(**campaign, filter);
  if (!compiled.has_value()) return compiled.error();
  const core::CompiledFilter& conditions = *compiled;
  LeadCount count;
  // `any` of no conditions holds for no lead: nothing to read.
  if (conditions.conditions.empty() && conditions.match == core::FilterMatch::kAny) return count;
  core::ScanPlan plan = core::PlanScan(nullptr, conditions, core::ListSort::kNewestFirst);
  // Every candidate matches when the index scanned is the one condition, or when there is no
  // condition: no lead is decoded then.
  const bool check = !plan.only_condition && !conditions.conditions.empty();
  auto take = [&](uint64_t, int64_t, std::string_view json, bool deleted) {
    if (deleted) return true;  // a count is of leads
    if (count.examined == count_max_examined_) {
      count.exact = false;  // a further candidate exists
      return false;
    }
    ++count.examined;
    if (check) {
      auto lead = core::DecodeLead(json);
      if (!lead.has_value() || !core::Matches(conditions, *lead)) return true;
    }
    ++count.matches;
    return true;
  };
  LG_RETURN_IF_ERROR(ScanPlanned(campaign_id, plan, {.before = plan.before_id}, take));
  return count;
}

}  // namespace lg::service
