// Vendor statistics over a real store: the counters kept with each change equal a brute-force
// count over random histories of creates (two selects, any status, e-mails repeating under a
// `flag` duplicate rule) and status PATCHes, across a restart; a store from before statistics is
// counted once at open (each lead as created, in its current status); and the table a token gets
// (service/stats_service.h): periods, totals and rates for an admin, a vendor's own option only,
// and clear errors for bad parameters.

#include "service/lead_stats.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <tuple>

#include "core/time_util.h"
#include "service/stats_service.h"
#include "store/integrity_check.h"
#include "store/stats_repo.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::lead_stats_test {
namespace {

using core::StatsRow;
using core::StatsTable;

constexpr std::string_view kStatsCampaign = R"({"name": "Stats",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "email", "type": "email"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]},
              {"slug": "region", "options": [{"slug": "north"}, {"slug": "south"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"}],
  "duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "flag"}]})";

// (select id, option id, hour, stat, status id) -> count
using Counts = std::map<std::tuple<uint32_t, uint32_t, uint32_t, uint8_t, uint32_t>, uint64_t>;

struct StatsFixture : ServiceFixture {
  StatsFixture() { campaign = NewCampaign(kStatsCampaign); }

  const core::Campaign& Schema() { return **campaigns->Get(admin, campaign); }

  Counts Stored() {
    Counts out;
    store::StatsRepo repo(*db);
    BOOST_REQUIRE(
        repo.ScanCampaign(
                campaign,
                [&](const store::LeadStatKey& k, uint64_t count) {
                  if (count > 0)
                    out[{k.select_id, k.option_id, k.hour, static_cast<uint8_t>(k.stat), k.status_id}] += count;
                })
            .ok());
    return out;
  }

  // Adds `lead`'s counters at `hour` to `counts` (`delta` each), per select option it carries.
  void Expect(Counts& counts, const core::Lead& lead, uint32_t hour, store::LeadStat stat, int delta = 1) {
    const core::Campaign& c = Schema();
    const uint32_t status_id = stat == store::LeadStat::kReachedStatus ? c.FindStatus(lead.status)->id : 0;
    for (const auto& [select, option] : lead.select_values) {
      const core::Select* s = c.FindSelect(select);
      uint64_t& count = counts[{s->id, s->FindOption(option)->id, hour, static_cast<uint8_t>(stat), status_id}];
      count += static_cast<uint64_t>(delta);
      if (count == 0) counts.erase({s->id, s->FindOption(option)->id, hour, static_cast<uint8_t>(stat), status_id});
    }
  }

  core::Result<StatsTable> Table(const auth::Principal& who, const std::multimap<std::string, std::string>& params) {
    return services->stats.Table(who, campaign, params, core::NowMillis());
  }

  uint64_t campaign = 0;
};

std::string Body(std::mt19937_64& random, int i) {
  const char* sources[] = {"vendor-a", "vendor-b"};
  const char* regions[] = {"north", "south"};
  const char* statuses[] = {"new", "contacted", "won"};
  std::string body = R"({"field_values": {"marker": "m)" + std::to_string(i) + R"(", "email": "p)" +
                     std::to_string(random() % 20) + R"(@example.com"}, "select_field_values": {"source": ")" +
                     sources[random() % 2] + "\"";
  if (random() % 3 != 0) body += std::string(R"(, "region": ")") + regions[random() % 2] + "\"";
  body += "}";
  if (random() % 2 == 0) body += std::string(R"(, "status": ")") + statuses[random() % 3] + "\"";
  return body + "}";
}

// A 400 invalid_parameter naming `name`.
template <typename T>
void CheckParameter(const core::Result<T>& result, const std::string& name) {
  CheckError(result, core::ErrorKind::kMalformed, "invalid_parameter");
  BOOST_REQUIRE(!result.error().errors().empty());
  BOOST_TEST(result.error().errors().front().field == name);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lead_stats, StatsFixture)

BOOST_AUTO_TEST_CASE(counters_equal_a_brute_force_count_of_random_histories_across_a_restart) {
  std::mt19937_64 random(20261207);
  Counts expected;
  std::vector<core::Lead> made;
  size_t moved = 0;
  using store::LeadStat;
  for (int i = 0; i < 240; ++i) {
    if (i == 120) Reopen();
    if (made.empty() || random() % 3 != 0) {
      core::Lead lead = CreateLead(admin, campaign, Body(random, i));
      Expect(expected, lead, service::StatsHour(lead.created_at), LeadStat::kCreated);
      Expect(expected, lead, service::StatsHour(lead.created_at), LeadStat::kReachedStatus);
      if (lead.doublet_of) Expect(expected, lead, service::StatsHour(lead.created_at), LeadStat::kDuplicateFlagged);
      made.push_back(lead);
      continue;
    }
    core::Lead& lead = made[random() % made.size()];
    const char* statuses[] = {"new", "contacted", "won"};
    const std::string status = statuses[random() % 3];
    // Now and then the lead moves to the other vendor (an admin's PATCH may).
    const bool move = random() % 3 == 0;
    const std::string source = lead.select_values.at("source") == "vendor-a" ? "vendor-b" : "vendor-a";
    auto patched = leads->Patch(admin, core::CampaignId(campaign), core::LeadId(lead.id),
                                R"({"status": ")" + status + "\"" +
                                    (move ? R"(, "select_field_values": {"source": ")" + source + "\"}" : "") + "}");
    BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
    core::Lead after = *core::DecodeLead(*patched);
    if (after.select_values != lead.select_values) {
      ++moved;
      // Its creation moves with it.
      const uint32_t hour = service::StatsHour(lead.created_at);
      Expect(expected, lead, hour, LeadStat::kCreated, -1);
      Expect(expected, after, hour, LeadStat::kCreated);
      if (lead.doublet_of) Expect(expected, lead, hour, LeadStat::kDuplicateFlagged, -1);
      if (after.doublet_of) Expect(expected, after, hour, LeadStat::kDuplicateFlagged);
    }
    // Only a change of status is a status reached.
    if (after.status != lead.status)
      Expect(expected, after, service::StatsHour(after.updated_at), LeadStat::kReachedStatus);
    lead = after;
  }
  size_t flagged = 0;
  for (const auto& lead : made) flagged += lead.doublet_of ? 1 : 0;
  BOOST_TEST_REQUIRE(flagged > 0u);  // the history did exercise the duplicate counter
  BOOST_TEST_REQUIRE(moved > 0u);    // and moves between vendors
  BOOST_TEST((Stored() == expected));
  Reopen();
  BOOST_TEST((Stored() == expected));  // nothing counted again at open

  // The integrity check (leadgate check) agrees, and notices counters gone missing.
  db->WaitForCommits();
  store::IntegrityReport report = store::CheckIntegrity(*db);
  BOOST_TEST(report.ok(), report.Describe());
  BOOST_TEST(report.stats_counters > 0u);
  {
    store::WriteUnit unit(*db);
    unit.DeleteRange(store::Cf::kStats, {std::string(1, '\0'), std::string(16, '\xff')});
    BOOST_REQUIRE(db->Commit(unit).ok());
  }
  report = store::CheckIntegrity(*db);
  BOOST_TEST(report.bad_stats == report.stats_counters, report.Describe());
}

BOOST_AUTO_TEST_CASE(a_store_from_before_statistics_is_counted_once_at_open) {
  std::mt19937_64 random(7);
  std::vector<core::Lead> made;
  for (int i = 0; i < 40; ++i) made.push_back(CreateLead(admin, campaign, Body(random, i)));
  for (int i = 0; i < 10; ++i) {
    auto patched = leads->Patch(admin, core::CampaignId(campaign), core::LeadId(made[i].id), R"({"status": "won"})");
    BOOST_REQUIRE(patched.has_value());
    made[i] = *core::DecodeLead(*patched);
  }
  // As a store written before statistics: no counters, no mark.
  {
    store::WriteUnit unit(*db);
    unit.DeleteRange(store::Cf::kStats, {std::string(1, '\0'), std::string(16, '\xff')});
    unit.Delete(store::Cf::kMeta, "stats/backfilled");
    BOOST_REQUIRE(db->Commit(unit).ok());
  }
  BOOST_REQUIRE(Stored().empty());
  Reopen();
  // Each lead as created, flagged when it is, in the status it has now (its history is not known).
  Counts expected;
  using store::LeadStat;
  for (const auto& lead : made) {
    const uint32_t hour = service::StatsHour(lead.created_at);
    Expect(expected, lead, hour, LeadStat::kCreated);
    Expect(expected, lead, hour, LeadStat::kReachedStatus);
    if (lead.doublet_of) Expect(expected, lead, hour, LeadStat::kDuplicateFlagged);
  }
  BOOST_TEST((Stored() == expected));
  Reopen();
  BOOST_TEST((Stored() == expected));
}

BOOST_AUTO_TEST_CASE(the_table_has_each_options_periods_and_totals_and_a_vendor_sees_its_own_only) {
  for (int i = 0; i < 4; ++i) {
    CreateLead(admin, campaign,
               R"({"field_values": {"marker": "a)" + std::to_string(i) + R"(", "email": "a)" + std::to_string(i % 3) +
                   R"(@example.com"}, "select_field_values": {"source": "vendor-a"}})");
  }
  core::Lead b = CreateLead(admin, campaign,
                            R"({"field_values": {"marker": "b", "email": "b@example.com"},
                                "select_field_values": {"source": "vendor-b"}, "status": "contacted"})");
  BOOST_REQUIRE(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(b.id), R"({"status": "won"})").has_value());

  auto table = Table(admin, {{"group_by", "source"}});
  BOOST_REQUIRE_MESSAGE(table.has_value(), Why(table));
  BOOST_TEST(table->interval == "day");
  BOOST_TEST((table->statuses == std::vector<std::string>{"new", "contacted", "won"}));
  BOOST_REQUIRE_EQUAL(table->totals.size(), 2u);
  const StatsRow& a = table->totals[0];
  BOOST_TEST(a.option == "vendor-a");
  BOOST_TEST(a.created == 4u);
  BOOST_TEST(a.duplicates == 1u);  // a0 and a3 share an e-mail
  BOOST_TEST(a.statuses.at("new") == 4u);
  const StatsRow& bt = table->totals[1];
  BOOST_TEST(bt.option == "vendor-b");
  BOOST_TEST(bt.created == 1u);
  BOOST_TEST(bt.statuses.at("contacted") == 1u);
  BOOST_TEST(bt.statuses.at("won") == 1u);
  // Today's row per option; the JSON carries the rates.
  BOOST_TEST(table->rows.size() >= 2u);
  const std::string json = core::StatsJson(*table);
  BOOST_TEST(json.find(R"("duplicate_rate":0.25)") != std::string::npos, json);
  BOOST_TEST(json.find(R"("conversion":{"new":0,"contacted":1,"won":1})") != std::string::npos, json);
  const std::string csv = core::StatsCsv(*table);
  BOOST_TEST(csv.rfind("period,option,created,duplicates,duplicates_rejected,new,contacted,won\r\n", 0) == 0u, csv);

  // A vendor's token: its own option only, nothing summed with the other.
  Minted vendor = Mint("vendor a", "read", std::nullopt, NewFilter(campaign, EqFilter("A", "source", "vendor-a")));
  auto own = Table(vendor.principal, {{"group_by", "source"}});
  BOOST_REQUIRE_MESSAGE(own.has_value(), Why(own));
  BOOST_REQUIRE_EQUAL(own->totals.size(), 1u);
  BOOST_TEST(own->totals[0].option == "vendor-a");
  BOOST_TEST(own->totals[0].created == 4u);
  for (const auto& row : own->rows) BOOST_TEST(row.option == "vendor-a");
  CheckError(Table(vendor.principal, {{"group_by", "region"}}), core::ErrorKind::kNotPermitted, "group_by_not_pinned");

  // Weeks and months, and a range before anything was created.
  auto months = Table(admin, {{"interval", "month"}});
  BOOST_REQUIRE(months.has_value());
  BOOST_TEST(months->group_by == "source");  // the first select by default
  for (const auto& row : months->rows) BOOST_TEST(row.period.size() == 7u);
  auto empty = Table(admin, {{"from", "2020-01-01"}, {"to", "2020-01-31"}});
  BOOST_REQUIRE(empty.has_value());
  BOOST_TEST(empty->rows.empty());
  BOOST_TEST(empty->totals.empty());

  CheckParameter(Table(admin, {{"group_by", "nope"}}), "group_by");
  CheckParameter(Table(admin, {{"interval", "hour"}}), "interval");
  CheckParameter(Table(admin, {{"from", "2026-02-30"}}), "from");
  CheckParameter(Table(admin, {{"from", "2026-12-07"}, {"to", "2026-12-01"}}), "from");
  CheckParameter(Table(admin, {{"from", "2020-01-01"}, {"to", "2026-01-01"}}), "from");
  CheckParameter(Table(admin, {{"limit", "3"}}), "limit");
}

BOOST_AUTO_TEST_CASE(refused_submissions_count_per_token_by_reason_and_rejected_duplicates_per_option) {
  // A reject rule for this test: the same e-mail twice within the hour is refused.
  auto rules = campaigns->Patch(admin, campaign, R"({"duplicate_rules": [{"fields": ["email"], "window_seconds": 3600,
      "action": "reject"}]})");
  BOOST_REQUIRE_MESSAGE(rules.has_value(), Why(rules));
  Minted vendor_a =
      Mint("vendor a", "read_write", std::nullopt, NewFilter(campaign, EqFilter("A", "source", "vendor-a")));
  Minted vendor_b =
      Mint("vendor b", "read_write", std::nullopt, NewFilter(campaign, EqFilter("B", "source", "vendor-b")));
  const std::string good = R"({"field_values": {"marker": "x", "email": "same@example.com"}})";
  BOOST_REQUIRE(Create(vendor_a.principal, campaign, good).has_value());
  // Refused: the same e-mail again (a duplicate), a bad e-mail, an unknown field.
  CheckError(Create(vendor_a.principal, campaign, good), core::ErrorKind::kConflict, "duplicate_lead");
  BOOST_REQUIRE(!Create(vendor_a.principal, campaign, R"({"field_values": {"email": "not-mail"}})").has_value());
  BOOST_REQUIRE(
      !Create(vendor_a.principal, campaign, R"({"field_values": {"email": "a@b.c", "nope": 1}})").has_value());
  BOOST_REQUIRE(!Create(vendor_b.principal, campaign, R"({"field_values": {"email": "not-mail"}})").has_value());
  db->WaitForCommits();  // the counters are written without waiting

  auto table = Table(admin, {{"group_by", "source"}});
  BOOST_REQUIRE_MESSAGE(table.has_value(), Why(table));
  BOOST_REQUIRE_EQUAL(table->totals.size(), 1u);  // only vendor-a has leads
  BOOST_TEST(table->totals[0].duplicates_rejected == 1u);
  // Per token, most refused first, each reason once per refused submission.
  BOOST_REQUIRE_EQUAL(table->refused_totals.size(), 2u);
  const core::RefusalRow& a = table->refused_totals[0];
  BOOST_TEST(a.token == "vendor a");
  BOOST_TEST(a.refused == 3u);
  BOOST_TEST(a.reasons.at("duplicate_lead") == 1u);
  uint64_t field_reasons = 0;
  for (const auto& [reason, count] : a.reasons) field_reasons += reason.find('/') != std::string::npos ? count : 0;
  BOOST_TEST(field_reasons >= 2u);  // the bad e-mail and the unknown field, named with their fields
  std::string listed;
  for (const auto& [reason, count] : a.reasons) listed += reason + " ";
  BOOST_TEST_MESSAGE("vendor a's reasons: " << listed);
  BOOST_TEST(listed.find("/email ") != std::string::npos, listed);
  BOOST_TEST(table->refused_totals[1].token == "vendor b");
  BOOST_TEST(table->refused_totals[1].refused == 1u);
  BOOST_TEST(core::StatsJson(*table).find(R"("refused_totals":[{"token_id":)") != std::string::npos);

  // A vendor sees its own refusals only.
  auto own = Table(vendor_b.principal, {{"group_by", "source"}});
  BOOST_REQUIRE_MESSAGE(own.has_value(), Why(own));
  BOOST_REQUIRE_EQUAL(own->refused_totals.size(), 1u);
  BOOST_TEST(own->refused_totals[0].token == "vendor b");
  for (const auto& row : own->refused) BOOST_TEST(row.token == "vendor b");
}

BOOST_AUTO_TEST_CASE(periods_are_days_of_the_account_time_zone) {
  CreateLead(admin, campaign, R"({"field_values": {"marker": "z"}, "select_field_values": {"source": "vendor-a"}})");
  const int64_t created = core::NowMillis();
  // The date `offset_hours` from UTC at `millis`.
  auto date_at = [](int64_t millis, int offset_hours) {
    const std::chrono::year_month_day date{
        std::chrono::sys_days{std::chrono::days{(millis / 1000 + int64_t{offset_hours} * 3600) / 86400}}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return std::string(text);
  };
  // Two zones 26 hours apart (UTC+14, UTC-12): their dates always differ, and each table's day
  // is its own zone's date.
  for (const auto& [zone, offset] : {std::pair{"Etc/GMT-14", 14}, std::pair{"Etc/GMT+12", -12}}) {
    BOOST_TEST_CONTEXT(zone) {
      BOOST_REQUIRE(core::SetAccountTimeZone(zone));
      auto table = Table(admin, {});
      const int64_t now = core::NowMillis();
      core::SetAccountTimeZone("UTC");
      BOOST_REQUIRE_MESSAGE(table.has_value(), Why(table));
      BOOST_REQUIRE_EQUAL(table->rows.size(), 1u);
      // (Its date when the lead was made; the range ends at its date now.)
      BOOST_TEST(table->rows[0].period == date_at(created, offset));
      BOOST_TEST(table->to == date_at(now, offset));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lg::service_test::lead_stats_test
