#include "service/stats_service.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/filter_rules.h"
#include "core/list_query.h"

namespace lg::service {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int64_t kDefaultDays = 30;
constexpr int64_t kHour = 3600;

// Days since 1970 of the local date (the process's zone: the account's, core::SetAccountTimeZone)
// at `unix_seconds`.
int64_t LocalDay(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  localtime_r(&t, &local);
  const year_month_day date{std::chrono::year{local.tm_year + 1900},
                            std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                            std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
  return sys_days{date}.time_since_epoch().count();
}

// The first second of a local date (its midnight, or the first time after it that exists).
int64_t LocalDayStart(int64_t local_day) {
  const year_month_day date{sys_days{days{local_day}}};
  std::tm local{};
  local.tm_year = static_cast<int>(date.year()) - 1900;
  local.tm_mon = static_cast<int>(static_cast<unsigned>(date.month())) - 1;
  local.tm_mday = static_cast<int>(static_cast<unsigned>(date.day()));
  local.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&local));
}

std::string DateText(int64_t day) {
  const year_month_day date{sys_days{days{day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

// Days since 1970 of "YYYY-MM-DD"; nullopt for anything else.
std::optional<int64_t> ParseDate(const std::string& text) {
  int year = 0;
  unsigned month = 0, day = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) != 3) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date}.time_since_epoch().count();
}

// The period a day falls in: its own date, its week's Monday, or its month ("YYYY-MM").
std::string PeriodOf(int64_t day, const std::string& interval) {
  if (interval == "week") {
    const std::chrono::weekday weekday{sys_days{days{day}}};
    return DateText(day - static_cast<int64_t>(weekday.iso_encoding()) + 1);
  }
  std::string date = DateText(day);
  return interval == "month" ? date.substr(0, 7) : date;
}

void AddCount(core::StatsRow& row, const store::LeadStatKey& key, uint64_t count,
              const std::map<uint32_t, const core::LeadStatus*>& statuses) {
  switch (key.stat) {
    case store::LeadStat::kCreated:
      row.created += count;
      break;
    case store::LeadStat::kDuplicateFlagged:
      row.duplicates += count;
      break;
    case store::LeadStat::kDuplicateRejected:
      row.duplicates_rejected += count;
      break;
    case store::LeadStat::kReachedStatus:
      if (auto status = statuses.find(key.status_id); status != statuses.end()) {
        row.statuses[status->second->slug] += count;
      }
      break;
  }
}

// Adds one refusal counter to `row`: its total under reason "", else under the reason.
void AddRefusal(core::RefusalRow& row, std::string_view reason, uint64_t count) {
  if (reason.empty()) {
    row.refused += count;
  } else {
    row.reasons[std::string(reason)] += count;
  }
}

const std::string* Param(const std::multimap<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

}  // namespace

core::Result<core::StatsTable> StatsService::Table(const auth::Principal& principal, uint64_t campaign_id,
                                                   const std::multimap<std::string, std::string>& params,
                                                   int64_t now_millis) const {
  LG_ASSIGN_OR_RETURN(CampaignPtr campaign, campaigns_.Get(principal, campaign_id));
  for (const auto& [name, value] : params) {
    if (name != "group_by" && name != "interval" && name != "from" && name != "to") {
      return core::InvalidListParameter(name, "is not a parameter of the statistics");
    }
  }
  core::StatsTable table;
  table.campaign_id = campaign_id;
  const core::Select* select = nullptr;
  if (const std::string* group_by = Param(params, "group_by")) {
    select = campaign->FindSelect(*group_by);
    if (!select) return core::InvalidListParameter("group_by", "must be the slug of one of the campaign's selects");
  } else if (!campaign->selects.empty()) {
    select = &campaign->selects.front();
  } else {
    return core::InvalidListParameter("group_by", "the campaign has no select to group by");
  }
  table.group_by = select->slug;
  table.interval = "day";
  if (const std::string* interval = Param(params, "interval")) {
    if (*interval != "day" && *interval != "week" && *interval != "month") {
      return core::InvalidListParameter("interval", "must be day, week or month");
    }
    table.interval = *interval;
  }
  const int64_t today = LocalDay(now_millis / 1000);
  int64_t to = today;
  if (const std::string* text = Param(params, "to")) {
    auto parsed = ParseDate(*text);
    if (!parsed) return core::InvalidListParameter("to", "must be a date, YYYY-MM-DD");
    to = *parsed;
  }
  int64_t from = to - kDefaultDays + 1;
  if (const std::string* text = Param(params, "from")) {
    auto parsed = ParseDate(*text);
    if (!parsed) return core::InvalidListParameter("from", "must be a date, YYYY-MM-DD");
    from = *parsed;
  }
  if (from > to) return core::InvalidListParameter("from", "must not be after to");
  if (to - from + 1 > kMaxDays) {
    return core::InvalidListParameter("from", "the range may span " + std::to_string(kMaxDays) + " days at most");
  }
  if (from < 0) return core::InvalidListParameter("from", "must be 1970-01-01 or later");
  table.from = DateText(from);
  table.to = DateText(to);

  // A vendor's token: only the option its filter pins on this select.
  std::optional<std::string> only;
  if (CompiledFilterPtr scope = leads_.ScopeFilter(principal)) {
    core::LeadPresets pins = core::PinnedBy(*scope);
    auto pinned = pins.selects.find(select->slug);
    if (pinned == pins.selects.end()) {
      return core::GroupByNotPinned();
    }
    only = pinned->second;
  }

  std::map<uint32_t, const core::LeadStatus*> statuses;
  for (const auto& status : campaign->statuses) {
    table.statuses.push_back(status.slug);
    statuses[status.id] = &status;
  }
  table.time_zone = time_zone_;
  // The hours that may hold the local days asked (a zone's offset may be a part of an hour: each
  // hour counts in the day its start falls in).
  const auto from_hour = static_cast<uint32_t>(std::max<int64_t>(LocalDayStart(from), 0) / kHour);
  const auto to_hour = static_cast<uint32_t>((LocalDayStart(to + 1) + kHour - 1) / kHour);
  const store::StatsRepo::Hours hours{.from = from_hour, .to = to_hour};
  auto day_of = [&](uint32_t hour) -> std::optional<int64_t> {
    const int64_t day = LocalDay(static_cast<int64_t>(hour) * kHour);
    if (day < from || day > to) return std::nullopt;
    return day;
  };
  for (const core::SelectOption& option : select->options) {
    if (only && option.slug != *only) continue;
    std::map<std::string, core::StatsRow> periods;  // ordered by period text, which sorts by time
    core::StatsRow total;
    total.option = option.slug;
    bool any = false;
    const store::StatsRepo::OptionHours counters{
        .campaign_id = campaign_id, .select_id = select->id, .option_id = option.id, .hours = hours};
    LG_RETURN_IF_ERROR(stats_.Scan(counters, [&](const store::LeadStatKey& key, uint64_t count) {
      const std::optional<int64_t> day = day_of(key.hour);
      if (count == 0 || !day) return;
      const std::string period = PeriodOf(*day, table.interval);
      core::StatsRow& row = periods[period];
      row.period = period;
      row.option = option.slug;
      AddCount(row, key, count, statuses);
      AddCount(total, key, count, statuses);
      any = true;
    }));
    for (auto& [period, row] : periods) table.rows.push_back(std::move(row));
    if (any || only) table.totals.push_back(std::move(total));
  }
  // Oldest first; within a period, options in the campaign's order (the scan's order per option).
  std::stable_sort(table.rows.begin(), table.rows.end(),
                   [](const core::StatsRow& a, const core::StatsRow& b) { return a.period < b.period; });
  LG_RETURN_IF_ERROR(AddRefusals(principal, only.has_value(), hours, day_of, table));
  return table;
}

core::Status StatsService::AddRefusals(const auth::Principal& principal, bool scoped, store::StatsRepo::Hours hours,
                                       const DayOf& day_of, core::StatsTable& table) const {
  std::vector<core::TokenRecord> tokens;
  if (scoped) {
    if (auto own = tokens_.GetById(principal.token_id)) tokens.push_back(std::move(*own));
  } else {
    for (auto& token : tokens_.List()) {
      if (!token.campaign_id || *token.campaign_id == table.campaign_id) tokens.push_back(std::move(token));
    }
  }
  for (const core::TokenRecord& token : tokens) {
    std::map<std::string, core::RefusalRow> periods;  // ordered by period text, which sorts by time
    core::RefusalRow total{"", token.id, token.name, 0, {}};
    LG_RETURN_IF_ERROR(stats_.ScanRefusals(
        core::CampaignId(table.campaign_id), core::TokenId(token.id), hours,
        [&](uint32_t hour, std::string_view reason, uint64_t count) {
          const std::optional<int64_t> day = day_of(hour);
          if (!day) return;
          const std::string period = PeriodOf(*day, table.interval);
          auto row = periods.try_emplace(period, core::RefusalRow{period, token.id, token.name, 0, {}}).first;
          AddRefusal(row->second, reason, count);
          AddRefusal(total, reason, count);
        }));
    for (auto& [period, row] : periods) table.refused.push_back(std::move(row));
    if (total.refused > 0) table.refused_totals.push_back(std::move(total));
  }
  std::stable_sort(table.refused.begin(), table.refused.end(),
                   [](const core::RefusalRow& a, const core::RefusalRow& b) { return a.period < b.period; });
  std::stable_sort(table.refused_totals.begin(), table.refused_totals.end(),
                   [](const core::RefusalRow& a, const core::RefusalRow& b) { return a.refused > b.refused; });
  return core::Status::Ok();
}

}  // namespace lg::service
