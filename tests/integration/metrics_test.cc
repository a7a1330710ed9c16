// GET /metrics: the Prometheus text exposition passes `promtool check metrics`, counts what the
// server did (requests by route and status, leads created, failed authentications and rejected
// requests, group commits, open connections, the store's statistics), and is for admin tokens
// unless configured public.

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/integration/scope_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace metrics_test {

namespace {

using namespace lg::test;

// Sample name with labels -> value, from the exposition (comments skipped).
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

// promtool's verdict on `text`: its exit status and what it printed.
int Promtool(const TempDir& dir, const std::string& text, std::string& output) {
  const std::string file = dir.Sub("metrics.txt");
  std::ofstream(file) << text;
  FILE* pipe = popen(("promtool check metrics < " + file + " 2>&1").c_str(), "r");
  BOOST_REQUIRE(pipe);
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  return pclose(pipe);
}

constexpr const char* kCampaign = R"({"name": "Solar", "fields": [{"slug": "name", "type": "text"}],
  "statuses": [{"slug": "new", "default": true}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(the_exposition_is_valid_and_counts_what_the_server_did) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.auth_failure_burst = 2;
  config.auth_failures_per_minute = 1;
  TestServer server(config);
  HttpClient client = server.Client();
  const std::string& admin = server.admin_token();
  auto before = Samples(client.Request("GET", "/metrics", "", admin).body);

  const std::string leads = lg::scope_test::LeadsPath(lg::scope_test::CreateCampaign(client, admin, kCampaign));
  for (int i = 0; i < 5; ++i) {
    BOOST_REQUIRE_EQUAL(client.Request("POST", leads, R"({"field_values": {"name": "x"}})", admin).status, 201);
  }
  BOOST_REQUIRE_EQUAL(client.Request("GET", leads + "/1", "", admin).status, 404);
  for (int i = 0; i < 4; ++i) client.Request("GET", leads, "", "lg_not_a_token");  // 401, 401, then 429s

  auto res = client.Request("GET", "/metrics", "", admin);
  BOOST_REQUIRE_EQUAL(res.status, 200);
  BOOST_TEST(res.headers["content-type"].find("text/plain") == 0u);
  std::string verdict;
  BOOST_TEST(Promtool(dir, res.body, verdict) == 0, verdict);

  auto after = Samples(res.body);
  auto grew = [&](const std::string& series) { return after[series] - before[series]; };
  const std::string create = R"(route="POST /v2/campaigns/{campaign_id}/leads")";
  BOOST_TEST(grew("leadgate_http_requests_total{" + create + R"(,status="201"})") == 5);
  BOOST_TEST(grew("leadgate_http_request_seconds_count{" + create + "}") == 5);
  BOOST_TEST(
      grew(R"(leadgate_http_requests_total{route="GET /v2/campaigns/{campaign_id}/leads/{lead_id}",status="404"})") ==
      1);
  BOOST_TEST(grew(R"(leadgate_http_requests_total{route="GET /v2/campaigns/{campaign_id}/leads",status="401"})") == 2);
  BOOST_TEST(grew(R"(leadgate_rejections_total{reason="auth_failures"})") == 2);
  BOOST_TEST(grew("leadgate_auth_failures_total") == 4);
  BOOST_TEST(grew("leadgate_leads_created_total") == 5);
  BOOST_TEST(grew("leadgate_group_commit_units_count") >= 1);
  BOOST_TEST(after["leadgate_group_commit_units_sum"] >= 5);
  BOOST_TEST(after["leadgate_http_open_connections"] >= 1);
  for (const char* series : {"leadgate_store_write_stopped", "leadgate_store_pending_compaction_bytes",
                             "leadgate_store_block_cache_hits_total", "leadgate_store_block_cache_misses_total",
                             "leadgate_store_stall_seconds_total", "leadgate_store_synced_write_seconds_count"}) {
    BOOST_TEST(after.count(series) == 1u, series);
  }
  // The exposition names routes by pattern, never by a real path or a secret.
  BOOST_TEST(res.body.find(leads) == std::string::npos);
  BOOST_TEST(res.body.find(admin) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_are_for_admin_tokens_unless_configured_public) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  HttpClient client = server.Client();
  CheckProblem(client.Request("GET", "/metrics"), 401, "unauthorized");
  auto minted =
      client.Request("POST", "/v2/tokens", R"({"name": "reader", "permission": "read"})", server.admin_token());
  BOOST_REQUIRE_EQUAL(minted.status, 201);
  CheckProblem(client.Request("GET", "/metrics", "", Str(Json(minted.body)["token"])), 403, "insufficient_permission");

  TempDir open_dir;
  auto config = TestConfig(open_dir.path());
  config.metrics_require_admin = false;
  TestServer open(config);
  BOOST_TEST(open.Client().Request("GET", "/metrics").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace metrics_test
