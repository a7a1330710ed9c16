// Everything a client wrote survives a restart of the server over the same data directory.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace restart_test {

namespace {

using namespace lg::test;

constexpr const char* kCampaign = R"({"name": "Solar DK",
  "fields": [{"slug": "name", "label": "Name", "type": "text", "required": true},
             {"slug": "email", "type": "email"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-xyz", "label": "Vendor XYZ"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

// All lead ids of a campaign, following the cursor.
std::vector<uint64_t> ListIds(HttpClient& client, const std::string& leads, const std::string& token) {
  std::vector<uint64_t> ids;
  std::string target = leads + "?limit=4";
  for (int pages = 0; pages < 20; ++pages) {
    auto res = client.Request("GET", target, "", token);
    BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
    Json body(res.body);
    for (Element lead : Arr(body["data"])) ids.push_back(U64(Json::At(lead, "id")));
    if (!Bool(Json::At(body["meta"], "has_more"))) return ids;
    target = leads + "?limit=4&cursor=" + Str(Json::At(body["meta"], "next_cursor"));
  }
  BOOST_FAIL("paging did not end");
  return ids;
}

// `body` with the server's base URL (which has the port, new after a restart) replaced by "BASE".
std::string WithoutBase(std::string body, uint16_t port) {
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  for (size_t pos = body.find(base); pos != std::string::npos; pos = body.find(base, pos)) {
    body.replace(pos, base.size(), "BASE");
  }
  return body;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(restart)

BOOST_AUTO_TEST_CASE(campaigns_tokens_and_leads_survive_a_restart) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  const std::string admin = server.admin_token();
  std::string campaign_json, campaign_path, leads, vendor_token, token_json, patched_json;
  uint64_t campaign = 0, vendor_id = 0, revoked_id = 0;
  std::string revoked_token;
  std::vector<std::string> lead_json;
  std::vector<uint64_t> listed_before;
  {
    auto client = server.Client();
    auto created = client.Request("POST", "/v2/campaigns", kCampaign, admin);
    BOOST_REQUIRE_EQUAL(created.status, 201);
    campaign = U64(Json(created.body)["id"]);
    campaign_path = "/v2/campaigns/" + std::to_string(campaign);
    leads = campaign_path + "/leads";
    // Schema changes after the create must be durable too.
    BOOST_REQUIRE_EQUAL(client
                            .Request("POST", campaign_path + "/selects/source/options",
                                     R"({"slug": "solarclick", "label": "SolarClick"})", admin)
                            .status,
                        201);
    BOOST_REQUIRE_EQUAL(
        client.Request("PATCH", campaign_path + "/fields/email", R"({"label": "E-mail"})", admin).status, 200);
    auto renamed = client.Request("PATCH", campaign_path, R"({"name": "Solar DK 2027"})", admin);
    BOOST_REQUIRE_EQUAL(renamed.status, 200);
    campaign_json = client.Request("GET", campaign_path, "", admin).body;

    auto vendor = client.Request(
        "POST", "/v2/tokens",
        R"({"name": "Vendor XYZ", "permission": "read_write", "campaign_id": )" + std::to_string(campaign) + "}",
        admin);
    BOOST_REQUIRE_EQUAL(vendor.status, 201);
    vendor_id = U64(Json(vendor.body)["id"]);
    vendor_token = Str(Json(vendor.body)["token"]);
    auto doomed = client.Request("POST", "/v2/tokens", R"({"name": "Old CRM", "permission": "read"})", admin);
    BOOST_REQUIRE_EQUAL(doomed.status, 201);
    revoked_id = U64(Json(doomed.body)["id"]);
    revoked_token = Str(Json(doomed.body)["token"]);
    BOOST_REQUIRE_EQUAL(client.Request("DELETE", "/v2/tokens/" + std::to_string(revoked_id), "", admin).status, 200);

    for (int i = 0; i < 9; ++i) {
      auto lead = client.Request("POST", leads,
                                 R"({"field_values": {"name": "Lead )" + std::to_string(i) +
                                     R"("}, "select_field_values": {"source": "solarclick"}})",
                                 i % 2 ? vendor_token : admin);
      BOOST_REQUIRE_MESSAGE(lead.status == 201, lead.body);
      lead_json.push_back(lead.body);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    uint64_t first = U64(Json(lead_json[0])["id"]);
    auto patched = client.Request("PATCH", leads + "/" + std::to_string(first),
                                  R"({"status": "won", "field_values": {"email": "jane@example.com"}})", vendor_token);
    BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
    patched_json = patched.body;
    lead_json[0] = patched_json;
    listed_before = ListIds(client, leads, admin);
    BOOST_REQUIRE_EQUAL(listed_before.size(), 9u);
    // The token as shown after its last use before the restart.
    token_json =
        WithoutBase(client.Request("GET", "/v2/tokens/" + std::to_string(vendor_id), "", admin).body, server.port());
    BOOST_REQUIRE(token_json.find("\"BASE/docs/") != std::string::npos);
  }

  server.Restart();

  auto client = server.Client();
  // The campaign, with every schema change.
  auto campaign_after = client.Request("GET", campaign_path, "", admin);
  BOOST_REQUIRE_EQUAL(campaign_after.status, 200);
  BOOST_TEST(campaign_after.body == campaign_json);
  auto all_campaigns = client.Request("GET", "/v2/campaigns", "", admin);
  BOOST_TEST(Arr(Json(all_campaigns.body)["data"]).size() == 1u);

  // Tokens: the minted one still authenticates with its scope; the revoked one stays revoked.
  auto token_after = client.Request("GET", "/v2/tokens/" + std::to_string(vendor_id), "", admin);
  BOOST_REQUIRE_EQUAL(token_after.status, 200);
  BOOST_TEST(WithoutBase(token_after.body, server.port()) == token_json);  // same docs link
  const std::string docs_path =
      Str(Json(token_after.body)["docs_url"]).substr(("http://127.0.0.1:" + std::to_string(server.port())).size());
  // and it still opens (a campaign-wide token's docs list every option: admin only by default)
  BOOST_TEST(client.Request("GET", docs_path, "", admin).status == 200);
  BOOST_TEST(client.Request("GET", leads, "", vendor_token).status == 200);
  BOOST_TEST(Arr(Json(client.Request("GET", "/v2/campaigns", "", vendor_token).body)["data"]).size() == 1u);
  CheckProblem(client.Request("GET", leads, "", revoked_token), 401, "unauthorized");
  BOOST_TEST(Str(Json(client.Request("GET", "/v2/tokens/" + std::to_string(revoked_id), "", admin).body)["state"]) ==
             "revoked");
  BOOST_TEST(Arr(Json(client.Request("GET", "/v2/tokens", "", admin).body)["data"]).size() == 3u);

  // Leads: every one unchanged, including the PATCHed one, and the list is the same.
  for (const auto& before : lead_json) {
    Json lead(before);
    auto got = client.Request("GET", leads + "/" + std::to_string(U64(lead["id"])), "", vendor_token);
    BOOST_REQUIRE_EQUAL(got.status, 200);
    BOOST_TEST(got.body == before);
  }
  BOOST_TEST(Str(Json(lead_json[0])["status"]) == "won");
  BOOST_TEST(ListIds(client, leads, admin) == listed_before, boost::test_tools::per_element());

  // New leads after the restart get larger ids and come first in the list.
  uint64_t max_before = *std::max_element(listed_before.begin(), listed_before.end());
  std::vector<uint64_t> fresh;
  for (int i = 0; i < 3; ++i) {
    auto lead = client.Request("POST", "/v2/leads", R"({"field_values": {"name": "After"}})", vendor_token);
    BOOST_REQUIRE_MESSAGE(lead.status == 201, lead.body);
    fresh.push_back(U64(Json(lead.body)["id"]));
    BOOST_TEST(fresh.back() > max_before);
    BOOST_TEST(Str(Json(lead.body)["status"]) == "new");
  }
  auto listed_after = ListIds(client, leads, admin);
  BOOST_REQUIRE_EQUAL(listed_after.size(), 12u);
  BOOST_TEST(std::vector<uint64_t>(listed_after.begin(), listed_after.begin() + 3) ==
                 std::vector<uint64_t>(fresh.rbegin(), fresh.rend()),
             boost::test_tools::per_element());
  // The new option and a new campaign id continue too.
  auto second = client.Request("POST", "/v2/campaigns", kCampaign, admin);
  BOOST_REQUIRE_EQUAL(second.status, 201);
  BOOST_TEST(U64(Json(second.body)["id"]) > campaign);
}

BOOST_AUTO_TEST_CASE(a_second_restart_and_an_untouched_store_change_nothing) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  const std::string admin = server.admin_token();
  std::string lead_body;
  {
    auto client = server.Client();
    BOOST_REQUIRE_EQUAL(client.Request("POST", "/v2/campaigns", kCampaign, admin).status, 201);
    auto lead = client.Request("POST", "/v2/campaigns/1/leads", R"({"field_values": {"name": "Jane"}})", admin);
    BOOST_REQUIRE_EQUAL(lead.status, 201);
    lead_body = lead.body;
  }
  server.Restart();
  server.Restart();
  auto client = server.Client();
  // No second admin token is minted for a store that already has tokens.
  BOOST_TEST(Arr(Json(client.Request("GET", "/v2/tokens", "", admin).body)["data"]).size() == 1u);
  auto got = client.Request("GET", "/v2/campaigns/1/leads/" + std::to_string(U64(Json(lead_body)["id"])), "", admin);
  BOOST_TEST(got.body == lead_body);
}

// store.durability = os: writes are acknowledged without fsync, and still read back after a restart.
BOOST_AUTO_TEST_CASE(os_durability_serves_writes_that_survive_a_restart) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.durability = "os";
  TestServer server(config);
  const std::string admin = server.admin_token();
  std::vector<std::string> lead_bodies;
  {
    auto client = server.Client();
    BOOST_REQUIRE_EQUAL(client.Request("POST", "/v2/campaigns", kCampaign, admin).status, 201);
    for (int i = 0; i < 20; ++i) {
      auto lead = client.Request("POST", "/v2/campaigns/1/leads",
                                 R"({"field_values": {"name": "Lead )" + std::to_string(i) + R"("}})", admin);
      BOOST_REQUIRE_MESSAGE(lead.status == 201, lead.body);
      lead_bodies.push_back(lead.body);
    }
  }
  server.Restart();
  auto client = server.Client();
  for (const auto& body : lead_bodies) {
    auto got = client.Request("GET", "/v2/campaigns/1/leads/" + std::to_string(U64(Json(body)["id"])), "", admin);
    BOOST_TEST(got.body == body);
  }
  BOOST_TEST(ListIds(client, "/v2/campaigns/1/leads", admin).size() == lead_bodies.size());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace restart_test
