// GET /v2/campaigns/{id}/stats over HTTP: the JSON table, the same numbers as CSV with
// `Accept: text/csv` read back by Python's csv module (python3, a real consumer of the format),
// a vendor token's own slice, refusals over a rate limit, /metrics without a series per vendor,
// and problem+json for bad parameters.

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/wait_until.h"

namespace stats_test {

using namespace lg::test;

namespace {

constexpr const char* kCampaign = R"({"name": "Stats", "fields": [{"slug": "name", "type": "text"}],
    "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
    "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

// What python3's csv module reads from `csv`: each row's fields joined by '|', one row a line.
std::string ReadWithPython(const TempDir& dir, const std::string& csv) {
  const std::string path = dir.Sub("stats.csv");
  std::ofstream(path, std::ios::binary) << csv;
  const std::string command =
      "python3 -c 'import csv,sys\nfor row in csv.reader(open(sys.argv[1], newline=\"\")): "
      "print(\"|\".join(row))' " +
      path;
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  BOOST_REQUIRE_EQUAL(::pclose(pipe), 0);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stats)

BOOST_FIXTURE_TEST_CASE(the_table_as_json_and_as_csv_python_reads_with_the_same_numbers, ApiFixture) {
  BOOST_REQUIRE_EQUAL(Admin("POST", "/v2/campaigns", kCampaign).status, 201);
  for (int i = 0; i < 3; ++i) {
    BOOST_REQUIRE_EQUAL(Admin("POST", "/v2/campaigns/1/leads",
                              R"({"field_values": {"name": "x"}, "select_field_values": {"source": "a"}})")
                            .status,
                        201);
  }
  HttpResult b = Admin("POST", "/v2/campaigns/1/leads",
                       R"({"field_values": {"name": "y"}, "select_field_values": {"source": "b"}})");
  BOOST_REQUIRE_EQUAL(b.status, 201);
  BOOST_REQUIRE_EQUAL(Admin("PATCH", "/v2/campaigns/1/leads/" + Member(b.body, "id"), R"({"status": "won"})").status,
                      200);

  HttpResult json = Admin("GET", "/v2/campaigns/1/stats?group_by=source");
  BOOST_REQUIRE_MESSAGE(json.status == 200, json.body);
  Json table(json.body);
  BOOST_TEST(Str(table["group_by"]) == "source");
  auto rows = Arr(table["data"]);
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  BOOST_TEST(U64(Json::At(rows.at(0), "created")) == 3u);
  BOOST_TEST(U64(Json::At(Json::At(rows.at(1), "statuses"), "won")) == 1u);

  HttpResult csv = client.Request("GET", "/v2/campaigns/1/stats?group_by=source", "", admin, {{"Accept", "text/csv"}});
  BOOST_REQUIRE_EQUAL(csv.status, 200);
  BOOST_TEST(csv.Header("content-type").rfind("text/csv", 0) == 0u);
  // Python reads the same table: the header, then one row per JSON row with its numbers.
  const std::string period = Str(Json::At(rows.at(0), "period"));
  BOOST_TEST(ReadWithPython(dir, csv.body) == "period|option|created|duplicates|duplicates_rejected|new|won\n" +
                                                  period + "|a|3|0|0|3|0\n" + period + "|b|1|0|0|1|1\n");

  // A vendor's token: its own option only.
  HttpResult filter = Admin("POST", "/v2/campaigns/1/filters",
                            R"({"name": "only a", "match": "all",
                                "conditions": [{"field": "source", "op": "eq", "value": "a"}]})");
  BOOST_REQUIRE_EQUAL(filter.status, 201);
  HttpResult token = Admin("POST", "/v2/tokens",
                           R"({"name": "Vendor A", "permission": "read", "campaign_id": 1, "filter_id": )" +
                               Member(filter.body, "id") + "}");
  BOOST_REQUIRE_EQUAL(token.status, 201);
  HttpResult own = client.Request("GET", "/v2/campaigns/1/stats", "", Member(token.body, "token"));
  BOOST_REQUIRE_EQUAL(own.status, 200);
  BOOST_TEST(own.body.find(R"("option":"b")") == std::string::npos, own.body);
  BOOST_TEST(own.body.find(R"("option":"a")") != std::string::npos, own.body);

  // A submission refused by the token's rate limit counts as its refusal.
  HttpResult limited = Admin("POST", "/v2/tokens",
                             R"({"name": "Hasty", "permission": "read_write", "campaign_id": 1,
                                 "rate_limit": {"per_second": 1, "burst": 1}})");
  BOOST_REQUIRE_EQUAL(limited.status, 201);
  int refused = 0;
  for (int i = 0; i < 4; ++i) {
    HttpResult res = client.Request("POST", "/v2/campaigns/1/leads",
                                    R"({"field_values": {"name": "z"}, "select_field_values": {"source": "a"}})",
                                    Member(limited.body, "token"));
    refused += res.status == 429 ? 1 : 0;
  }
  BOOST_REQUIRE_GE(refused, 1);
  // Counted without holding up the answer: read until it is in.
  const std::string expected = R"("token":"Hasty","refused":)" + std::to_string(refused) +
                               R"(,"reasons":{"rate_limited":)" + std::to_string(refused) + "}";
  HttpResult after;
  BOOST_TEST(WaitUntil(
                 [&] {
                   after = Admin("GET", "/v2/campaigns/1/stats");
                   return after.status == 200 && after.body.find(expected) != std::string::npos;
                 },
                 std::chrono::seconds(5)),
             after.body);

  // /metrics is the operator's view: no series per vendor, whatever the statistics count.
  HttpResult metrics = Admin("GET", "/metrics");
  BOOST_REQUIRE_EQUAL(metrics.status, 200);
  for (const char* vendor : {R"(="a")", R"(="b")", "Hasty", "Vendor A", "source"}) {
    BOOST_TEST(metrics.body.find(vendor) == std::string::npos, vendor);
  }

  CheckProblem(Admin("GET", "/v2/campaigns/1/stats?interval=hour"), 400, "invalid_parameter");
  CheckProblem(Admin("GET", "/v2/campaigns/1/stats?from=yesterday"), 400, "invalid_parameter");
  BOOST_TEST(Admin("GET", "/v2/campaigns/9/stats").status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace stats_test
