// Vendor statistics in cluster mode, end to end: three nats-servers and three real leadgate
// nodes. Leads created, changed, flagged and rejected as duplicates through every node, and
// submissions refused by different nodes (validation, a duplicate rule, one node's rate limit):
// every node answers GET /stats with the same numbers, and they are the numbers of what was sent.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/json_helpers.h"
#include "tests/support/leadgate_cluster.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/wait_until.h"

namespace cluster_stats_test {

namespace {

using lg::test::At;
using lg::test::HttpClient;
using lg::test::HttpResult;
using lg::test::LeadgateCluster;
using lg::test::Member;
using lg::test::NatsCluster;
using lg::test::Position;

constexpr const char* kCampaign = R"({"name": "Stats", "fields": [{"slug": "name", "type": "text", "required": true},
    {"slug": "email", "type": "email"}, {"slug": "phone", "type": "phone"}],
    "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
    "statuses": [{"slug": "new", "default": true}, {"slug": "called"}, {"slug": "won"}],
    "duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "reject"},
                        {"fields": ["phone"], "window_seconds": 3600, "action": "flag"}]})";

std::string Lead(const std::string& name, const std::string& email, const std::string& phone,
                 const std::string& source) {
  return R"({"field_values": {"name": ")" + name + R"(", "email": ")" + email + R"(", "phone": ")" + phone +
         R"("}, "select_field_values": {"source": ")" + source + R"("}})";
}

// YYYY-MM-DD of today (UTC, the nodes' reporting zone) plus `days`.
std::string Day(int days) {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days);
  const std::chrono::year_month_day date{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

struct Fixture {
  NatsCluster nats{3};
  LeadgateCluster nodes{nats, 3};
  std::vector<HttpClient> clients;
  uint64_t position = 0;

  Fixture() {
    for (int i = 0; i < nodes.size(); ++i) clients.push_back(nodes.Client(i));
  }
  // `body` POSTed (or PATCHed) through `node` once it has applied everything before; the
  // position moves on past a write.
  HttpResult Send(int node, const std::string& method, const std::string& target, const std::string& token,
                  const std::string& body) {
    HttpResult res = At(clients[node], position, method, target, token, body);
    if (res.status < 300) position = std::max(position, Position(res));
    return res;
  }
  // A vendor token of source `source`, with `rate` as its rate limit ("" for the default).
  std::string Vendor(const std::string& source, const std::string& rate) {
    HttpResult filter = Send(1, "POST", "/v2/campaigns/1/filters", nodes.admin(),
                             R"({"name": "only )" + source + R"(", "match": "all", "conditions":
                                 [{"field": "source", "op": "eq", "value": ")" +
                                 source + R"("}]})");
    BOOST_REQUIRE_MESSAGE(filter.status == 201, filter.body);
    HttpResult token = Send(2, "POST", "/v2/tokens", nodes.admin(),
                            R"({"name": "Vendor )" + source + R"(", "permission": "read_write", "campaign_id": 1,
                                "filter_id": )" +
                                Member(filter.body, "id") + rate + "}");
    BOOST_REQUIRE_MESSAGE(token.status == 201, token.body);
    return Member(token.body, "token");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_stats)

BOOST_FIXTURE_TEST_CASE(every_node_counts_the_same_leads_funnel_duplicates_and_refusals, Fixture) {
  HttpResult campaign = Send(0, "POST", "/v2/campaigns", nodes.admin(), kCampaign);
  BOOST_REQUIRE_MESSAGE(campaign.status == 201, campaign.body);
  const std::string vendor_a = Vendor("a", "");
  const std::string vendor_b = Vendor("b", R"(, "rate_limit": {"per_second": 1, "burst": 1})");

  // Six leads of vendor a round-robin over the nodes; three of b's by the admin, the third with
  // the first's phone (flagged as a duplicate).
  std::vector<std::string> a_leads;
  for (int i = 0; i < 6; ++i) {
    const std::string n = std::to_string(i);
    HttpResult res = Send(i % 3, "POST", "/v2/campaigns/1/leads", vendor_a,
                          Lead("A" + n, "a" + n + "@example.com", "+45 1000 000" + n, "a"));
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    a_leads.push_back("/v2/campaigns/1/leads/" + Member(res.body, "id"));
  }
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    HttpResult res = Send(i % 3, "POST", "/v2/campaigns/1/leads", nodes.admin(),
                          Lead("B" + n, "b" + n + "@example.com", i == 2 ? "+45 2000 0000" : "+45 2000 000" + n, "b"));
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    if (i == 2) BOOST_TEST(Member(res.body, "doublet_of") != "null", res.body);
  }
  // The funnel: two of a's called (on other nodes than made them), one of those won.
  for (int i : {0, 1}) {
    HttpResult res = Send((i + 1) % 3, "PATCH", a_leads[i], nodes.admin(), R"({"status": "called"})");
    BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
  }
  HttpResult won = Send(2, "PATCH", a_leads[0], nodes.admin(), R"({"status": "won"})");
  BOOST_REQUIRE_MESSAGE(won.status == 200, won.body);

  // Vendor a's refused submissions, one through each node: a duplicate e-mail (rejected by the
  // rule), a bad e-mail, an unknown field.
  HttpResult duplicate =
      Send(0, "POST", "/v2/campaigns/1/leads", vendor_a, Lead("Again", "a0@example.com", "+45 3000 0000", "a"));
  BOOST_REQUIRE_MESSAGE(duplicate.status == 409, duplicate.body);
  HttpResult bad_email =
      Send(1, "POST", "/v2/campaigns/1/leads", vendor_a, Lead("Bad", "not-an-email", "+45 3000 0001", "a"));
  BOOST_REQUIRE_MESSAGE(bad_email.status == 422, bad_email.body);
  HttpResult unknown = Send(2, "POST", "/v2/campaigns/1/leads", vendor_a,
                            R"({"field_values": {"name": "X", "nope": 1}, "select_field_values": {"source": "a"}})");
  BOOST_REQUIRE_MESSAGE(unknown.status == 422, unknown.body);
  // Vendor b over its rate limit (1 a second) on node 2: what node 2 refused, every node counts.
  int rate_limited = 0;
  for (int i = 0; i < 5; ++i) {
    const std::string n = std::to_string(i);
    HttpResult res = Send(1, "POST", "/v2/campaigns/1/leads", vendor_b,
                          R"({"field_values": {"name": "R)" + n + R"("}, "select_field_values": {"source": "b"}})");
    BOOST_REQUIRE_MESSAGE(res.status == 201 || res.status == 429, res.status << " " << res.body);
    rate_limited += res.status == 429 ? 1 : 0;
  }
  BOOST_TEST(rate_limited >= 1);
  const int b_created = 3 + 5 - rate_limited;

  // Every node, once it has applied everything above and the refusals reached it: the same table.
  const std::string target = "/v2/campaigns/1/stats?group_by=source&from=" + Day(-1) + "&to=" + Day(1);
  const std::string expected_totals =
      R"("totals":[{"option":"a","created":6,"duplicates":0,"duplicates_rejected":1,"duplicate_rate":0,)"
      R"("statuses":{"new":6,"called":2,"won":1},"conversion":{"new":1,"called":0.3333,"won":0.1667}},)"
      R"({"option":"b","created":)" +
      std::to_string(b_created) + R"(,"duplicates":1,"duplicates_rejected":0,"duplicate_rate":)";
  std::vector<std::string> answers(nodes.size());
  for (int i = 0; i < nodes.size(); ++i) {
    const bool counted = lg::test::WaitUntil(
        [&] {
          HttpResult res = At(clients[i], position, "GET", target, nodes.admin());
          answers[i] = res.body;
          const bool done = res.status == 200 &&
                            res.body.find(R"("rate_limited":)" + std::to_string(rate_limited)) != std::string::npos &&
                            res.body.find(R"("duplicate_lead":1)") != std::string::npos &&
                            res.body.find(R"("unknown_field/nope":1)") != std::string::npos;
          if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return done;
        },
        std::chrono::seconds(20));
    BOOST_TEST(counted, "node " << i + 1 << ": " << answers[i] << "\n" << nodes.LogTail(i));
    BOOST_TEST(answers[i].find(expected_totals) != std::string::npos, "node " << i + 1 << ": " << answers[i]);
    BOOST_TEST(answers[i].find(R"("reasons":{"duplicate_lead":1,"invalid_email/email":1,"unknown_field/nope":1})") !=
                   std::string::npos,
               "node " << i + 1 << ": " << answers[i]);
    if (i > 0) BOOST_TEST(answers[i] == answers[0], "node " << i + 1 << " differs from node 1");
  }

  // Vendor a asks node 3: its own option and its own refusals only.
  HttpResult own = At(clients[2], position, "GET", target, vendor_a);
  BOOST_REQUIRE_EQUAL(own.status, 200);
  BOOST_TEST(own.body.find(R"("option":"b")") == std::string::npos, own.body);
  BOOST_TEST(own.body.find("rate_limited") == std::string::npos, own.body);
  BOOST_TEST(own.body.find(R"("refused":3)") != std::string::npos, own.body);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace cluster_stats_test
