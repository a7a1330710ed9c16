// The statistics part of a token's documentation (apidocs/stats_docs.h): which selects a token is
// offered to group by (a vendor: the one its filter pins; nothing at all when it pins none), the
// example answer (the vendor's own option and refusals only; totals that add up), the OpenAPI path
// with its JSON and CSV answers and the 403 a vendor can meet, the HTML section and Postman item.

#include "apidocs/stats_docs.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <string_view>

#include "apidocs/html_page.h"
#include "apidocs/openapi.h"
#include "apidocs/postman.h"
#include "core/campaign_json.h"
#include "core/filter_rules.h"
#include "core/scoped_schema.h"
#include "tests/support/json_pointer.h"
#include "tests/support/must.h"

namespace stats_docs_test {

using namespace lg;
using lg::test::At;
using lg::test::Contains;
using lg::test::Has;
using lg::test::Int;
using lg::test::Must;
using lg::test::Str;

namespace {

constexpr std::string_view kStats = "/paths/~1v2~1campaigns~17~1stats/get";

core::Campaign Solar() {
  core::Campaign campaign = Must(core::DecodeCampaign(R"({"name": "Solar",
      "fields": [{"slug": "full_name", "label": "Name", "type": "text", "required": true}],
      "selects": [{"slug": "source", "label": "Source", "required": true, "options": [
                    {"slug": "vendor-aaa", "label": "Alpha Leads"}, {"slug": "vendor-bbb", "label": "Bravo Media"},
                    {"slug": "vendor-ccc", "label": "Charlie Clicks"}]},
                  {"slug": "region", "label": "Region", "options": [{"slug": "north", "label": "North"}]}],
      "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
                   {"slug": "contacted", "label": "Contacted", "type": "active"},
                   {"slug": "won", "label": "Won", "type": "won"}]})",
                                                      core::CampaignForm::kApi));
  campaign.id = 7;
  campaign.AssignInternalIds();
  return campaign;
}

apidocs::DocsRequest Base() {
  apidocs::DocsRequest request;
  request.account_name = "Acme";
  request.base_url = "https://leads.acme.example";
  request.docs_path = "/docs/abc";
  request.time_zone = "Europe/Copenhagen";
  return request;
}

// A token filtered by `condition`, as docs_service builds its docs.
apidocs::DocsRequest Filtered(core::FilterCondition condition) {
  apidocs::DocsRequest request = Base();
  request.title = "Vendor AAA";
  request.campaign_scoped = true;
  const core::Campaign campaign = Solar();
  core::Filter filter;
  filter.name = "mine";
  filter.conditions = {std::move(condition)};
  const core::CompiledFilter compiled = Must(core::CompileFilter(campaign, filter));
  request.campaigns.push_back({core::RestrictToFilter(campaign, &compiled), core::PinnedBy(compiled), true});
  return request;
}

apidocs::DocsRequest Vendor() { return Filtered({"source", core::FilterOp::kEq, {"\"vendor-aaa\""}}); }

apidocs::DocsRequest Account() {
  apidocs::DocsRequest request = Base();
  request.title = "Acme API";
  request.account_level = true;
  request.campaigns.push_back({Solar(), {}, false});
  return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stats_docs)

BOOST_AUTO_TEST_CASE(a_vendor_groups_by_the_select_its_filter_pins_and_sees_only_its_own_numbers) {
  const apidocs::DocsRequest request = Vendor();
  const apidocs::DocsCampaign& campaign = request.campaigns.front();
  BOOST_TEST(apidocs::StatsGroupBy(campaign) == std::vector<std::string>{"source"});

  const core::StatsTable table = apidocs::ExampleStatsTable(request, campaign);
  BOOST_TEST(table.group_by == "source");
  BOOST_TEST(table.time_zone == "Europe/Copenhagen");
  BOOST_REQUIRE(!table.rows.empty());
  for (const auto& row : table.rows) BOOST_TEST(row.option == "vendor-aaa");
  BOOST_REQUIRE(table.totals.size() == 1U);
  BOOST_REQUIRE(table.refused_totals.size() == 1U);
  BOOST_TEST(table.refused_totals.front().token == "Vendor AAA");
  BOOST_TEST(table.refused_totals.front().reasons.contains("required/full_name"));

  const std::string text = apidocs::BuildOpenApi(request);
  BOOST_TEST(!Contains(text, "vendor-bbb"));
  simdjson::dom::parser parser;
  simdjson::dom::element spec;
  BOOST_REQUIRE(!parser.parse(text).get(spec));
  const std::string get(kStats);
  BOOST_TEST(Str(spec, get + "/parameters/0/name") == "group_by");
  BOOST_TEST(Str(spec, get + "/parameters/0/schema/enum/0") == "source");
  BOOST_TEST(!Has(spec, get + "/parameters/0/schema/enum/1"));  // not region: the filter leaves it open
  BOOST_TEST(Str(spec, get + "/responses/403/content/application~1problem+json/examples/example/value/code") ==
             "group_by_not_pinned");
  BOOST_TEST(Str(spec, get + "/responses/200/content/application~1json/examples/example/value/totals/0/option") ==
             "vendor-aaa");
  BOOST_TEST(Str(spec, get + "/responses/200/content/text~1csv/examples/example/value")
                 .starts_with("period,option,created,duplicates,duplicates_rejected,new,contacted,won\r\n"
                              "2026-11-02,vendor-aaa,"));
}

BOOST_AUTO_TEST_CASE(the_example_totals_add_up_the_rows_and_make_a_funnel) {
  const apidocs::DocsRequest request = Account();
  const core::StatsTable table = apidocs::ExampleStatsTable(request, request.campaigns.front());
  BOOST_REQUIRE(table.totals.size() == 2U);  // two options shown, not every vendor
  for (const auto& total : table.totals) {
    uint64_t created = 0;
    std::map<std::string, uint64_t> statuses;
    for (const auto& row : table.rows) {
      if (row.option != total.option) continue;
      created += row.created;
      for (const auto& [slug, count] : row.statuses) statuses[slug] += count;
    }
    BOOST_TEST(total.created == created);
    BOOST_TEST((total.statuses == statuses));
    BOOST_TEST(total.statuses.at("new") >= total.statuses.at("contacted"));
    BOOST_TEST(total.statuses.at("contacted") >= total.statuses.at("won"));
    BOOST_TEST(total.duplicates <= total.created);
  }
}

BOOST_AUTO_TEST_CASE(the_account_groups_by_every_select_and_meets_no_403) {
  simdjson::dom::parser parser;
  simdjson::dom::element spec;
  BOOST_REQUIRE(!parser.parse(apidocs::BuildOpenApi(Account())).get(spec));
  const std::string get(kStats);
  BOOST_TEST(Str(spec, get + "/operationId") == "getStatsCampaign7");
  BOOST_TEST(Str(spec, get + "/parameters/0/schema/enum/0") == "source");
  BOOST_TEST(Str(spec, get + "/parameters/0/schema/enum/1") == "region");
  BOOST_TEST(!Has(spec, get + "/responses/403"));
  BOOST_TEST(Str(spec, get + "/responses/400/content/application~1problem+json/examples/example/value/code") ==
             "invalid_parameter");
}

BOOST_AUTO_TEST_CASE(a_token_whose_filter_pins_no_select_is_offered_no_statistics) {
  const apidocs::DocsRequest request = Filtered({"status", core::FilterOp::kEq, {"\"new\""}});
  BOOST_TEST(apidocs::StatsGroupBy(request.campaigns.front()).empty());
  simdjson::dom::parser parser;
  simdjson::dom::element spec;
  BOOST_REQUIRE(!parser.parse(apidocs::BuildOpenApi(request)).get(spec));
  BOOST_TEST(!Has(spec, kStats));
  BOOST_TEST(!Contains(apidocs::BuildHtmlPage(request), "id=\"stats\""));
  BOOST_TEST(!Contains(apidocs::BuildPostman(request), "/stats"));
}

BOOST_AUTO_TEST_CASE(the_page_and_the_collection_show_the_statistics) {
  const apidocs::DocsRequest request = Vendor();
  const std::string html = apidocs::BuildHtmlPage(request);
  for (const std::string& part :
       {std::string("<h2 id=\"stats\">Statistics</h2>"), std::string("href=\"#stats\""),
        std::string("https://leads.acme.example/v2/campaigns/7/stats?group_by=source"),
        std::string("-H &quot;Accept: text/csv&quot;"), std::string("<code>Europe/Copenhagen</code>"),
        std::string("group_by_not_pinned"), std::string("&quot;refused_totals&quot;")}) {
    BOOST_TEST(Contains(html, part), part);
  }
  BOOST_TEST(!Contains(html, "vendor-bbb"));
  const std::string postman = apidocs::BuildPostman(request);
  BOOST_TEST(Contains(postman, R"("raw":"{{baseUrl}}/v2/campaigns/7/stats?group_by=source")"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace stats_docs_test
