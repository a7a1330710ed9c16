// Idempotency-Key on creates: a retry returns the original response and creates nothing; the key
// is per token; another request under a used key is 422; a request racing the first is 409 or a
// replay, never a duplicate; failures store nothing; records survive a restart and expire.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace idempotency_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign = R"({"name": "Solar",
  "fields": [{"slug": "marker", "type": "text", "required": true}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}]}],
  "statuses": [{"slug": "new", "default": true}]})";

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Key(const std::string& key) { return {{"Idempotency-Key", key}}; }

std::string Lead(const std::string& marker) { return R"({"field_values": {"marker": ")" + marker + R"("}})"; }

struct World : ApiFixture {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);

  explicit World(const std::function<void(lg::core::Config&)>& tweak = {}) : ApiFixture(tweak) {}

  size_t Count() {
    HttpClient fresh = server.Client();
    return ListAll(fresh, admin, LeadsPath(campaign) + "?limit=500").size();
  }
};

void CheckReplayOf(const HttpResult& replay, const HttpResult& original) {
  BOOST_TEST_CONTEXT("replay: " << replay.status << " " << replay.body) {
    BOOST_TEST(replay.status == original.status);
    BOOST_TEST(replay.body == original.body);
    BOOST_TEST(replay.Header("location") == original.Header("location"));
    BOOST_TEST(replay.Header("idempotent-replayed") == "true");
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(idempotency)

BOOST_AUTO_TEST_CASE(a_retry_returns_the_original_response_and_creates_nothing) {
  World w;
  auto first = w.client.Request("POST", LeadsPath(w.campaign), Lead("once"), w.admin, Key("order-1"));
  BOOST_REQUIRE_MESSAGE(first.status == 201, first.body);
  BOOST_TEST(first.Header("idempotent-replayed").empty());
  uint64_t id = LeadOf(first.body).id;
  BOOST_TEST(first.Header("location").ends_with(LeadPath(w.campaign, id)));
  for (int i = 0; i < 3; ++i) {
    CheckReplayOf(w.client.Request("POST", LeadsPath(w.campaign), Lead("once"), w.admin, Key("order-1")), first);
  }
  BOOST_TEST(w.Count() == 1u);

  // The other create paths, each with its own key.
  std::string with_campaign =
      R"({"campaign_id": )" + std::to_string(w.campaign) + R"(, "field_values": {"marker": "v2"}})";
  for (std::string path : {"/v2/leads", "/leads"}) {
    auto a = w.client.Request("POST", path, with_campaign, w.admin, Key("k" + path));
    BOOST_REQUIRE_MESSAGE(a.status == 201, a.body);
    CheckReplayOf(w.client.Request("POST", path, with_campaign, w.admin, Key("k" + path)), a);
  }
  BOOST_TEST(w.Count() == 3u);
}

BOOST_AUTO_TEST_CASE(the_same_key_for_another_request_is_422) {
  World w;
  auto first = w.client.Request("POST", LeadsPath(w.campaign), Lead("a"), w.admin, Key("k1"));
  BOOST_REQUIRE_EQUAL(first.status, 201);
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), Lead("b"), w.admin, Key("k1")), 422,
               "idempotency_key_reused");
  // Same body on another path is another request too.
  std::string body = R"({"campaign_id": )" + std::to_string(w.campaign) + R"(, "field_values": {"marker": "a"}})";
  CheckProblem(w.client.Request("POST", "/v2/leads", body, w.admin, Key("k1")), 422, "idempotency_key_reused");
  BOOST_TEST(w.Count() == 1u);
  // The original is still replayed.
  CheckReplayOf(w.client.Request("POST", LeadsPath(w.campaign), Lead("a"), w.admin, Key("k1")), first);
}

BOOST_AUTO_TEST_CASE(keys_belong_to_their_token) {
  World w;
  Token other = CreateToken(w.client, w.admin, "other", "read_write");
  auto mine = w.client.Request("POST", LeadsPath(w.campaign), Lead("x"), w.admin, Key("shared"));
  auto theirs = w.client.Request("POST", LeadsPath(w.campaign), Lead("x"), other.secret, Key("shared"));
  BOOST_REQUIRE_EQUAL(mine.status, 201);
  BOOST_REQUIRE_EQUAL(theirs.status, 201);
  BOOST_TEST(theirs.Header("idempotent-replayed").empty());
  BOOST_TEST(LeadOf(mine.body).id != LeadOf(theirs.body).id);
  BOOST_TEST(w.Count() == 2u);
}

BOOST_AUTO_TEST_CASE(an_empty_or_overlong_key_is_400) {
  World w;
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), Lead("x"), w.admin, Key("")), 400,
               "invalid_idempotency_key");
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), Lead("x"), w.admin, Key(std::string(256, 'k'))), 400,
               "invalid_idempotency_key");
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign) + "/bulk", "[]", w.admin, Key("")), 400,
               "invalid_idempotency_key");
  BOOST_TEST(w.Count() == 0u);
  auto longest = w.client.Request("POST", LeadsPath(w.campaign), Lead("x"), w.admin, Key(std::string(255, 'k')));
  BOOST_TEST(longest.status == 201);
}

BOOST_AUTO_TEST_CASE(a_failed_request_stores_nothing_under_its_key) {
  World w;
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), R"({"field_values": {}})", w.admin, Key("fix-me")), 422,
               "validation_failed");
  // Corrected and retried under the same key: created, not a replay of the failure.
  auto fixed = w.client.Request("POST", LeadsPath(w.campaign), Lead("fixed"), w.admin, Key("fix-me"));
  BOOST_REQUIRE_EQUAL(fixed.status, 201);
  BOOST_TEST(fixed.Header("idempotent-replayed").empty());
  // A read token's refused create leaves the key free as well.
  Token reader = CreateToken(w.client, w.admin, "reader", "read");
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), Lead("r"), reader.secret, Key("r1")), 403,
               "insufficient_permission");
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), Lead("r"), reader.secret, Key("r1")), 403,
               "insufficient_permission");
  BOOST_TEST(w.Count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_bulk_retry_replays_the_outcomes) {
  World w;
  std::string body = "[" + Lead("b1") + R"(, {"field_values": {}}, )" + Lead("b2") + "]";
  std::string path = LeadsPath(w.campaign) + "/bulk";
  auto first = w.client.Request("POST", path, body, w.admin, Key("batch-7"));
  BOOST_REQUIRE_MESSAGE(first.status == 200, first.body);
  BOOST_TEST(first.body.find(R"("created":2)") != std::string::npos);
  CheckReplayOf(w.client.Request("POST", path, body, w.admin, Key("batch-7")), first);
  CheckProblem(w.client.Request("POST", path, "[" + Lead("b3") + "]", w.admin, Key("batch-7")), 422,
               "idempotency_key_reused");
  BOOST_TEST(w.Count() == 2u);
}

BOOST_AUTO_TEST_CASE(concurrent_requests_with_one_key_create_once) {
  World w;
  // Bulk creates of many leads, so the first is still running when the second arrives.
  std::string body;
  constexpr size_t kLeads = 4000;
  for (size_t i = 0; i < kLeads; ++i) body += Lead("c" + std::to_string(i)) + "\n";
  std::string path = LeadsPath(w.campaign) + "/bulk";
  constexpr int kClients = 4;
  std::vector<HttpResult> results(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client = w.server.Client();
      results[i] = client.Request("POST", path, body, w.admin,
                                  {{"Content-Type", "application/x-ndjson"}, {"Idempotency-Key", "race"}});
    });
  }
  for (auto& t : threads) t.join();
  int fresh = 0, replayed = 0, in_flight = 0;
  for (const auto& res : results) {
    if (res.status == 200 && res.Header("idempotent-replayed").empty()) {
      ++fresh;
    } else if (res.status == 200) {
      ++replayed;
    } else {
      CheckProblem(res, 409, "idempotency_key_in_flight");
      ++in_flight;
    }
  }
  BOOST_TEST_MESSAGE("fresh " << fresh << ", replayed " << replayed << ", in flight " << in_flight);
  BOOST_TEST(fresh == 1);
  BOOST_TEST(w.Count() == kLeads);

  // The same for single creates, many at once.
  std::atomic<int> created{0};
  threads.clear();
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      HttpClient client = w.server.Client();
      auto res = client.Request("POST", LeadsPath(w.campaign), Lead("single"), w.admin, Key("race-single"));
      if (res.status == 201 && res.Header("idempotent-replayed").empty()) ++created;
      BOOST_CHECK(res.status == 201 || res.status == 409);
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(created.load() == 1);
  BOOST_TEST(w.Count() == kLeads + 1);
}

BOOST_AUTO_TEST_CASE(records_survive_a_restart) {
  World w;
  auto first = w.client.Request("POST", LeadsPath(w.campaign), Lead("durable"), w.admin, Key("persist"));
  BOOST_REQUIRE_EQUAL(first.status, 201);
  w.server.Restart();
  HttpClient client = w.server.Client();
  auto replay = client.Request("POST", LeadsPath(w.campaign), Lead("durable"), w.admin, Key("persist"));
  BOOST_TEST(replay.status == 201);
  BOOST_TEST(replay.body == first.body);
  BOOST_TEST(replay.Header("idempotent-replayed") == "true");
  // Location names the server as it is now (its port changed with the restart).
  BOOST_TEST(replay.Header("location") ==
             "http://127.0.0.1:" + std::to_string(w.server.port()) + LeadPath(w.campaign, LeadOf(first.body).id));
  BOOST_TEST(w.Count() == 1u);
}

BOOST_AUTO_TEST_CASE(records_expire_after_the_retention_window) {
  // The window is hours in production; tests shorten it through a setting that is not a config key.
  World w([](lg::core::Config& c) { c.idempotency_retention_ms_for_tests = 300; });
  auto first = w.client.Request("POST", LeadsPath(w.campaign), Lead("old"), w.admin, Key("expiring"));
  BOOST_REQUIRE_EQUAL(first.status, 201);
  CheckReplayOf(w.client.Request("POST", LeadsPath(w.campaign), Lead("old"), w.admin, Key("expiring")), first);
  SleepMs(450);
  // Past the window the key is free again: a new lead, whose response is then replayed.
  auto second = w.client.Request("POST", LeadsPath(w.campaign), Lead("new"), w.admin, Key("expiring"));
  BOOST_REQUIRE_MESSAGE(second.status == 201, second.body);
  BOOST_TEST(second.Header("idempotent-replayed").empty());
  BOOST_TEST(LeadOf(second.body).id != LeadOf(first.body).id);
  CheckReplayOf(w.client.Request("POST", LeadsPath(w.campaign), Lead("new"), w.admin, Key("expiring")), second);
  BOOST_TEST(w.Count() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace idempotency_test
