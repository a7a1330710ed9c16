// GET .../leads query parameters: each parameter, errors naming the parameter, cursors.

#include "core/list_query.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/filter_rules.h"
#include "core/time_util.h"
#include "tests/support/text_helpers.h"

namespace list_query_test {

using namespace lg::core;

namespace {

using Params = std::multimap<std::string, std::string>;

Campaign Schema() {
  Campaign c;
  c.id = 4;
  c.name = "Solar";
  c.fields = {{"name", "Name", "", FieldType::kText, false}};
  Select source;
  source.slug = "source";
  source.options = {{0, "web", "Web"}, {0, "vendor-xyz", "Vendor XYZ"}};
  c.selects = {source};
  LeadStatus fresh;
  fresh.slug = "new";
  fresh.is_default = true;
  LeadStatus contacted;
  contacted.slug = "contacted";
  c.statuses = {fresh, contacted};
  c.AssignInternalIds();
  return c;
}

Result<ListQuery> Parse(const Params& params) { return ParseListQuery(params, Schema()); }

// Checks that `params` fail with a 400 naming `name`; returns the detail.
std::string Refused(const Params& params, const std::string& name) {
  auto q = Parse(params);
  BOOST_REQUIRE_MESSAGE(!q.has_value(), "accepted a query that should name " << name);
  const Status& s = q.error();
  BOOST_TEST((s.kind() == ErrorKind::kMalformed));
  BOOST_TEST(s.code() == "invalid_parameter");
  BOOST_REQUIRE(s.errors().size() == 1u);
  BOOST_TEST(s.errors()[0].field == name);
  BOOST_TEST(s.detail().find("'" + name + "'") != std::string::npos, s.detail());
  return s.detail();
}

std::string Values(const FilterCondition& c) {
  std::string out;
  for (const auto& v : c.values) out += (out.empty() ? "" : ",") + v;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(list_query)

BOOST_AUTO_TEST_CASE(no_parameters_means_newest_first_50_per_page) {
  auto q = Parse({});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->limit == 50u);
  BOOST_TEST((q->sort == ListSort::kNewestFirst));
  BOOST_TEST(!q->cursor.has_value());
  BOOST_TEST(!q->page.has_value());
  BOOST_TEST(q->conditions.conditions.empty());
  BOOST_TEST(q->echo.empty());
}

BOOST_AUTO_TEST_CASE(limit_is_1_to_500) {
  BOOST_TEST(Parse({{"limit", "1"}})->limit == 1u);
  BOOST_TEST(Parse({{"limit", "500"}})->limit == 500u);
  for (std::string bad : {"0", "501", "-1", "abc", "10x", "", " 5", "1e2", "99999999999999999999999"}) {
    BOOST_TEST_CONTEXT("limit=" << bad) { Refused({{"limit", bad}}, "limit"); }
  }
}

BOOST_AUTO_TEST_CASE(page_and_per_page_page_by_number) {
  auto q = Parse({{"per_page", "20"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->limit == 20u);
  BOOST_TEST(q->page.value_or(0) == 1u);  // per_page alone starts at page 1
  q = Parse({{"per_page", "20"}, {"page", "3"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->limit == 20u);
  BOOST_TEST(q->page.value_or(0) == 3u);
  q = Parse({{"page", "2"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->limit == 50u);
  BOOST_TEST(q->page.value_or(0) == 2u);
  BOOST_TEST(Parse({{"page", "201"}}).has_value());  // skips 200 * 50 = kMaxPageSkip
  for (std::string bad : {"0", "-2", "1000001", "two", ""}) Refused({{"page", bad}}, "page");
  for (std::string bad : {"0", "501", "x"}) Refused({{"per_page", bad}}, "per_page");
  Refused({{"limit", "10"}, {"per_page", "10"}}, "per_page");
}

BOOST_AUTO_TEST_CASE(a_page_number_skipping_more_than_10000_leads_is_refused_in_favour_of_cursors) {
  // (page - 1) * per_page is what the server reads and throws away before the page.
  BOOST_TEST(Parse({{"page", "21"}, {"per_page", "500"}}).has_value());  // skips 10,000
  BOOST_TEST(Parse({{"page", "10001"}, {"per_page", "1"}}).has_value());
  std::string detail = Refused({{"page", "22"}, {"per_page", "500"}}, "page");
  BOOST_TEST(detail.find("cursor") != std::string::npos, detail);
  Refused({{"page", "10002"}, {"per_page", "1"}}, "page");
  Refused({{"page", "202"}}, "page");  // the default 50 per page
  Refused({{"page", "1000000"}}, "page");
}

BOOST_AUTO_TEST_CASE(sort_is_newest_first_or_updated_ascending) {
  auto q = Parse({{"sort", "updated_at"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST((q->sort == ListSort::kUpdatedAscending));
  BOOST_TEST(q->echo.count("sort") == 1u);
  q = Parse({{"sort", "-created_at"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST((q->sort == ListSort::kNewestFirst));
  for (std::string bad : {"created_at", "-updated_at", "", "name"}) Refused({{"sort", bad}}, "sort");
}

BOOST_AUTO_TEST_CASE(cursors_round_trip_for_both_sorts) {
  std::mt19937_64 rng(500);
  for (int i = 0; i < 2000; ++i) {
    ListCursor c;
    c.sort = i % 2 ? ListSort::kUpdatedAscending : ListSort::kNewestFirst;
    c.lead_id = i < 2 ? UINT64_MAX : rng();
    if (c.sort == ListSort::kUpdatedAscending) c.updated_at = static_cast<int64_t>(rng() >> (i % 64));
    std::string text = EncodeCursor(c);
    BOOST_TEST(text.find_first_not_of("0123456789abcdef") == std::string::npos);
    auto back = DecodeCursor(text);
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST((back->sort == c.sort));
    BOOST_TEST(back->lead_id == c.lead_id);
    BOOST_TEST(back->updated_at == (c.sort == ListSort::kUpdatedAscending ? c.updated_at : 0));
  }
}

BOOST_AUTO_TEST_CASE(forged_or_damaged_cursors_are_refused) {
  using lg::test::Hex;
  BOOST_TEST(DecodeCursor(Hex("c2:n:42")).has_value());  // the form the checks below break
  for (const std::string& bad : std::vector<std::string>{
           Hex("c1:n:42"), Hex("c2:x:42"), Hex("c2:n:"), Hex("c2:n:4x"), Hex("c2:n:42:7"), Hex("c2:u:42"),
           Hex("c2:u:42:"), Hex("c2:u:42:t"), Hex("c2:n"), Hex("c2:n:-1"), "", "abc", "zz", std::string(122, 'a')}) {
    BOOST_TEST(!DecodeCursor(bad).has_value(), "accepted cursor '" << bad << "'");
  }
  std::string good = EncodeCursor({ListSort::kNewestFirst, 42, 0});
  BOOST_TEST(!DecodeCursor(good.substr(1)).has_value());
  BOOST_TEST(!DecodeCursor(good + "0").has_value());
}

BOOST_AUTO_TEST_CASE(cursor_parameter_must_match_the_sort) {
  std::string newest = EncodeCursor({ListSort::kNewestFirst, 77, 0});
  std::string updated = EncodeCursor({ListSort::kUpdatedAscending, 77, 1700000000000});
  auto q = Parse({{"cursor", newest}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->cursor->lead_id == 77u);
  BOOST_TEST(q->echo.empty());  // next links carry their own cursor
  q = Parse({{"cursor", updated}, {"sort", "updated_at"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(q->cursor->updated_at == 1700000000000);
  Refused({{"cursor", updated}}, "cursor");
  Refused({{"cursor", newest}, {"sort", "updated_at"}}, "cursor");
  Refused({{"cursor", "not-a-cursor"}}, "cursor");
  Refused({{"cursor", newest}, {"page", "2"}}, "page");
}

BOOST_AUTO_TEST_CASE(wait_is_bounded_seconds_of_an_updated_at_list) {
  auto wait = [](const Params& params) { return ParseListWait(params, 60); };
  BOOST_TEST(!wait({}).value().has_value());
  BOOST_TEST(wait({{"sort", "updated_at"}, {"wait", "0"}}).value().value_or(-1) == 0);
  BOOST_TEST(wait({{"sort", "updated_at"}, {"wait", "60"}}).value().value_or(-1) == 60);
  for (const Params& bad :
       {Params{{"wait", "5"}}, Params{{"sort", "-created_at"}, {"wait", "5"}},
        Params{{"sort", "updated_at"}, {"wait", "61"}}, Params{{"sort", "updated_at"}, {"wait", "-1"}},
        Params{{"sort", "updated_at"}, {"wait", "1.5"}},
        Params{{"sort", "updated_at"}, {"wait", "1"}, {"wait", "2"}}}) {
    auto refused = wait(bad);
    BOOST_REQUIRE(!refused.has_value());
    BOOST_TEST(refused.error().code() == "invalid_parameter");
    BOOST_REQUIRE(refused.error().errors().size() == 1u);
    BOOST_TEST(refused.error().errors()[0].field == "wait");
  }
  // The list itself does not know it: the HTTP layer takes it out first.
  Refused({{"sort", "updated_at"}, {"wait", "5"}}, "wait");
}

BOOST_AUTO_TEST_CASE(status_becomes_an_in_condition) {
  auto q = Parse({{"status", "new,contacted"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_REQUIRE(q->conditions.conditions.size() == 1u);
  const auto& c = q->conditions.conditions[0];
  BOOST_TEST(c.field == "status");
  BOOST_TEST((c.op == FilterOp::kIn));
  BOOST_TEST(Values(c) == R"("new","contacted")");
  BOOST_TEST(q->echo.find("status")->second == "new,contacted");
  std::string e = Refused({{"status", "new,won"}}, "status");
  BOOST_TEST(e.find("'won'") != std::string::npos, e);
  Refused({{"status", ""}}, "status");
  Refused({{"status", "new,"}}, "status");
}

BOOST_AUTO_TEST_CASE(time_bounds_become_range_conditions) {
  auto q = Parse({{"created_after", "2026-01-01T00:00:00Z"},
                  {"created_before", "2026-02-01 00:00:00"},
                  {"updated_after", "2026-01-15T00:00:00+01:00"},
                  {"updated_before", "2026-03-01T00:00:00.5Z"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_REQUIRE(q->conditions.conditions.size() == 4u);
  std::map<std::string, const FilterCondition*> by_op;
  for (const auto& c : q->conditions.conditions) by_op[c.field + (c.op == FilterOp::kGte ? " >=" : " <")] = &c;
  BOOST_REQUIRE(by_op.size() == 4u);
  BOOST_TEST(Values(*by_op.at("created_at >=")) == R"("2026-01-01T00:00:00Z")");
  BOOST_TEST(Values(*by_op.at("created_at <")) == R"("2026-02-01 00:00:00")");
  BOOST_TEST(Values(*by_op.at("updated_at >=")) == R"("2026-01-15T00:00:00+01:00")");
  BOOST_TEST(Values(*by_op.at("updated_at <")) == R"("2026-03-01T00:00:00.5Z")");
  BOOST_TEST(q->echo.size() == 4u);
  for (std::string name : {"created_after", "created_before", "updated_after", "updated_before"}) {
    for (std::string bad : {"2026-02-30T00:00:00Z", "yesterday", "", "2026-01-01"}) {
      BOOST_TEST_CONTEXT(name << "=" << bad) { Refused({{name, bad}}, name); }
    }
  }
}

BOOST_AUTO_TEST_CASE(select_slugs_filter_by_option) {
  auto q = Parse({{"source", "web,vendor-xyz"}});
  BOOST_REQUIRE(q.has_value());
  BOOST_REQUIRE(q->conditions.conditions.size() == 1u);
  const auto& c = q->conditions.conditions[0];
  BOOST_TEST(c.field == "source");
  BOOST_TEST((c.op == FilterOp::kIn));
  BOOST_TEST(Values(c) == R"("web","vendor-xyz")");
  std::string e = Refused({{"source", "web,fax"}}, "source");
  BOOST_TEST(e.find("'fax'") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(unknown_and_repeated_parameters_are_named) {
  Refused({{"colour", "red"}}, "colour");
  Refused({{"name", "Jane"}}, "name");  // fields are not query parameters, only selects
  Refused({{"Source", "web"}}, "Source");
  Refused({{"limit", "10"}, {"limit", "20"}}, "limit");
  Refused({{"source", "web"}, {"source", "vendor-xyz"}}, "source");
}

BOOST_AUTO_TEST_CASE(conditions_compile_and_select_the_right_leads) {
  BOOST_REQUIRE(SetAccountTimeZone("UTC"));
  Campaign campaign = Schema();
  auto q = ParseListQuery({{"status", "new"}, {"source", "web,vendor-xyz"}, {"created_after", "2026-01-01 00:00:00"}},
                          campaign);
  BOOST_REQUIRE(q.has_value());
  auto compiled = CompileConditions(campaign, q->conditions);
  BOOST_REQUIRE(compiled.has_value());
  Lead lead;
  lead.status = "new";
  lead.select_values["source"] = "web";
  lead.created_at = *ParseTimestamp("2026-01-01T00:00:00Z");
  BOOST_TEST(Matches(*compiled, lead));  // created_after is inclusive
  lead.created_at -= 1;
  BOOST_TEST(!Matches(*compiled, lead));
  lead.created_at += 1;
  lead.status = "contacted";
  BOOST_TEST(!Matches(*compiled, lead));
  lead.status = "new";
  lead.select_values.erase("source");
  BOOST_TEST(!Matches(*compiled, lead));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace list_query_test
