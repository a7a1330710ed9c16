// PATCHing a lead's select or status over HTTP moves its index entries: checked directly in the
// store once the server has stopped (list filters by select value arrive with scoped reads).

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <vector>

#include "store/campaign_repo.h"
#include "store/db.h"
#include "store/lead_repo.h"
#include "tests/support/index_entries.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace index_follow_test {

using namespace lg;
using namespace lg::test;

namespace {

constexpr const char* kCampaign = R"({"name": "Index", "fields": [{"slug": "name", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

uint64_t IdOf(const std::string& json) {
  simdjson::dom::parser parser;
  uint64_t id = 0;
  BOOST_REQUIRE(parser.parse(json).get_object()["id"].get_uint64().get(id) == simdjson::SUCCESS);
  return id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_follow)

BOOST_AUTO_TEST_CASE(patching_select_and_status_moves_index_entries) {
  TempDir dir;
  uint64_t campaign_id = 0, moved = 0, kept = 0;
  {
    TestServer server(TestConfig(dir.path()));
    auto client = server.Client();
    const auto& token = server.admin_token();
    auto created = client.Request("POST", "/v2/campaigns", kCampaign, token);
    BOOST_REQUIRE_EQUAL(created.status, 201);
    campaign_id = IdOf(created.body);
    std::string leads = "/v2/campaigns/" + std::to_string(campaign_id) + "/leads";
    auto a1 = client.Request("POST", leads, R"({"select_field_values": {"source": "a"}})", token);
    auto a2 = client.Request("POST", leads, R"({"select_field_values": {"source": "a"}})", token);
    BOOST_REQUIRE_EQUAL(a1.status, 201);
    BOOST_REQUIRE_EQUAL(a2.status, 201);
    moved = IdOf(a1.body);
    kept = IdOf(a2.body);
    auto patched = client.Request("PATCH", leads + "/" + std::to_string(moved),
                                  R"({"status": "won", "select_field_values": {"source": "b"}})", token);
    BOOST_REQUIRE_EQUAL(patched.status, 200);
    // A rejected PATCH must not touch the index either.
    auto rejected = client.Request("PATCH", leads + "/" + std::to_string(kept),
                                   R"({"status": "won", "select_field_values": {"source": "zzz"}})", token);
    BOOST_REQUIRE_EQUAL(rejected.status, 422);
  }
  auto db = store::Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  store::CampaignRepo campaigns(**db);
  store::LeadRepo leads(**db);
  auto campaign = test::Must(campaigns.Get(campaign_id));
  BOOST_REQUIRE(campaign.has_value());
  const auto* source = campaign->FindSelect("source");
  auto ids = [&](const char* option) {
    return test::IdsWithOption(**db, campaign_id, source->id, source->FindOption(option)->id);
  };
  BOOST_TEST(ids("a") == std::vector<uint64_t>{kept}, boost::test_tools::per_element());
  BOOST_TEST(ids("b") == std::vector<uint64_t>{moved}, boost::test_tools::per_element());
  BOOST_TEST(test::IdsWithStatus(**db, campaign_id, campaign->FindStatus("new")->id) == std::vector<uint64_t>{kept},
             boost::test_tools::per_element());
  BOOST_TEST(test::IdsWithStatus(**db, campaign_id, campaign->FindStatus("won")->id) == std::vector<uint64_t>{moved},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace index_follow_test
