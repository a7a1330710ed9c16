// Duplicate rules over real HTTP: flag and reject, any/all, the window to the
// second, ignored statuses, bulk batches, concurrent copies, and rules added to a campaign that
// already has leads (the duplicate index is rebuilt for them).

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace duplicates_test {

using namespace lg;
using namespace lg::test;

namespace {

std::string Campaign(const std::string& rules) {
  return R"({"name": "Dupes", "fields": [{"slug": "name", "type": "text"}, {"slug": "email", "type": "email"},
    {"slug": "phone", "type": "phone"}],
    "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
    "statuses": [{"slug": "new", "default": true}, {"slug": "lost", "type": "lost"}],
    "duplicate_rules": )" +
         rules + "}";
}

std::string Lead(const std::string& email, const std::string& phone = "", const std::string& source = "a") {
  std::string fields = R"("name": "N")";
  if (!email.empty()) fields += R"(, "email": ")" + email + "\"";
  if (!phone.empty()) fields += R"(, "phone": ")" + phone + "\"";
  return R"({"field_values": {)" + fields + R"(}, "select_field_values": {"source": ")" + source + R"("}})";
}

struct Fixture : ApiFixture {
  explicit Fixture(const std::string& rules) {
    BOOST_REQUIRE_EQUAL(client.Request("POST", "/v2/campaigns", Campaign(rules), admin).status, 201);
  }
  HttpResult Create(const std::string& body) { return client.Request("POST", "/v2/campaigns/1/leads", body, admin); }
  // `copies` creates of `body` sent at once, each on its own connection.
  std::vector<HttpResult> CreateAtOnce(size_t copies, const std::string& body) {
    std::vector<HttpResult> results(copies);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < copies; ++i) {
      threads.emplace_back([&, i] {
        auto own = server.Client();
        results[i] = own.Request("POST", "/v2/campaigns/1/leads", body, admin);
      });
    }
    for (auto& t : threads) t.join();
    return results;
  }
  std::string CreatedId(const std::string& body) {
    auto res = Create(body);
    BOOST_REQUIRE_EQUAL(res.status, 201);
    return Member(res.body, "id");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(duplicates)

BOOST_AUTO_TEST_CASE(flag_marks_the_new_lead_with_the_earlier_id) {
  Fixture f(R"([{"name": "same mail", "fields": ["email"], "window_seconds": 3600, "action": "flag"}])");
  std::string first = f.CreatedId(Lead("jane@example.com"));
  auto dup = f.Create(Lead("JANE@Example.COM"));
  BOOST_REQUIRE_EQUAL(dup.status, 201);
  BOOST_TEST(Member(dup.body, "doublet_of") == first);
  BOOST_TEST(Member(f.Create(Lead("other@example.com")).body, "doublet_of") == "null");
  // The flag is stored: reading the lead back shows it.
  auto read = f.client.Request("GET", "/v2/campaigns/1/leads/" + Member(dup.body, "id"), "", f.admin);
  BOOST_TEST(Member(read.body, "doublet_of") == first);
  // The first of several earlier copies is the one named.
  BOOST_TEST(Member(f.Create(Lead("jane@example.com")).body, "doublet_of") == first);
}

BOOST_AUTO_TEST_CASE(reject_answers_409_with_the_earlier_id_and_stores_nothing) {
  Fixture f(R"([{"fields": ["email", "phone"], "match": "any", "window_seconds": 3600, "action": "reject"}])");
  std::string first = f.CreatedId(Lead("a@x.dk", "+45 1234 5678"));
  auto by_phone = f.Create(Lead("b@x.dk", "4512345678"));
  BOOST_REQUIRE_EQUAL(by_phone.status, 409);
  BOOST_TEST(Member(by_phone.body, "code") == "duplicate_lead");
  BOOST_TEST(Member(by_phone.body, "doublet_of") == first);
  BOOST_TEST(f.Create(Lead("A@X.DK")).status == 409);
  BOOST_TEST(f.Create(Lead("c@x.dk", "87654321")).status == 201);
  auto list = f.client.Request("GET", "/v2/campaigns/1/leads", "", f.admin);
  BOOST_TEST(list.body.find("b@x.dk") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(all_needs_every_member_to_match) {
  Fixture f(R"([{"fields": ["email", "source"], "match": "all", "window_seconds": 3600, "action": "reject"}])");
  f.CreatedId(Lead("a@x.dk", "", "b"));
  std::string first = f.CreatedId(Lead("a@x.dk", "", "a"));  // another vendor's copy is not a duplicate
  // The earlier lead with the same e-mail but another source is passed over for the one that
  // matches on both.
  auto dup = f.Create(Lead("a@x.dk", "", "a"));
  BOOST_REQUIRE_EQUAL(dup.status, 409);
  BOOST_TEST(Member(dup.body, "doublet_of") == first);
  // A lead without one of the values never matches an `all` rule, not even its own copy.
  BOOST_TEST(f.Create(Lead("", "", "a")).status == 201);
  BOOST_TEST(f.Create(Lead("", "", "a")).status == 201);
}

BOOST_AUTO_TEST_CASE(the_window_is_honoured_to_the_second) {
  Fixture f(R"([{"fields": ["email"], "window_seconds": 1, "action": "reject"}])");
  f.CreatedId(Lead("w@x.dk"));
  BOOST_TEST(f.Create(Lead("w@x.dk")).status == 409);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // A second later the first lead is outside the window.
  BOOST_TEST(f.Create(Lead("w@x.dk")).status == 201);
  BOOST_TEST(f.Create(Lead("w@x.dk")).status == 409);
}

BOOST_AUTO_TEST_CASE(leads_in_an_ignored_status_do_not_count) {
  Fixture f(R"([{"fields": ["email"], "window_seconds": 3600, "ignore_statuses": ["lost"], "action": "reject"}])");
  std::string first = f.CreatedId(Lead("i@x.dk"));
  BOOST_TEST(f.Create(Lead("i@x.dk")).status == 409);
  BOOST_REQUIRE_EQUAL(
      f.client.Request("PATCH", "/v2/campaigns/1/leads/" + first, R"({"status": "lost"})", f.admin).status, 200);
  BOOST_TEST(f.Create(Lead("i@x.dk")).status == 201);
}

BOOST_AUTO_TEST_CASE(a_patched_value_is_found_by_its_new_value) {
  Fixture f(R"([{"fields": ["email"], "window_seconds": 3600, "action": "reject"}])");
  std::string first = f.CreatedId(Lead("old@x.dk"));
  BOOST_REQUIRE_EQUAL(
      f.client.Request("PATCH", "/v2/campaigns/1/leads/" + first, R"({"field_values": {"email": "new@x.dk"}})", f.admin)
          .status,
      200);
  BOOST_TEST(f.Create(Lead("old@x.dk")).status == 201);
  BOOST_TEST(f.Create(Lead("new@x.dk")).status == 409);
}

BOOST_AUTO_TEST_CASE(bulk_checks_stored_leads_and_its_own_earlier_lines) {
  Fixture f(R"([{"fields": ["email"], "window_seconds": 3600, "action": "flag"}])");
  std::string stored = f.CreatedId(Lead("s@x.dk"));
  std::string body = Lead("s@x.dk") + "\n" + Lead("n@x.dk") + "\n" + Lead("n@x.dk") + "\n";
  auto res =
      f.client.Request("POST", "/v2/campaigns/1/leads/bulk", body, f.admin, {{"Content-Type", "application/x-ndjson"}});
  BOOST_REQUIRE_EQUAL(res.status, 200);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(res.body);
  std::vector<std::string> ids, duplicates;
  for (simdjson::dom::element r : doc["results"].get_array()) {
    ids.push_back(simdjson::minify(r["id"]));
    simdjson::dom::element d;
    duplicates.push_back(r["doublet_of"].get(d) == simdjson::SUCCESS ? simdjson::minify(d) : "");
  }
  BOOST_REQUIRE_EQUAL(ids.size(), 3u);
  BOOST_TEST(duplicates[0] == stored);
  BOOST_TEST(duplicates[1] == "");
  BOOST_TEST(duplicates[2] == ids[1]);
}

BOOST_AUTO_TEST_CASE(concurrent_copies_cannot_both_pass_a_reject_rule) {
  Fixture f(R"([{"fields": ["email"], "window_seconds": 3600, "action": "reject"}])");
  std::vector<int> statuses;
  for (const auto& res : f.CreateAtOnce(8, Lead("race@x.dk"))) statuses.push_back(res.status);
  BOOST_TEST(std::count(statuses.begin(), statuses.end(), 201) == 1);
  BOOST_TEST(std::count(statuses.begin(), statuses.end(), 409) == 7);
}

// Creates answer once their commit is synced and do not hold a lock meanwhile: copies still on
// their way to the disk must be flagged all the same, each against the first.
BOOST_AUTO_TEST_CASE(concurrent_copies_are_flagged_against_the_first) {
  Fixture f(R"([{"fields": ["email"], "window_seconds": 3600, "action": "flag"}])");
  std::vector<HttpResult> results = f.CreateAtOnce(8, Lead("copy@x.dk"));
  std::set<std::string> ids, flagged_as;
  for (const auto& res : results) {
    BOOST_REQUIRE_EQUAL(res.status, 201);
    ids.insert(Member(res.body, "id"));
    flagged_as.insert(Member(res.body, "doublet_of"));
  }
  BOOST_TEST(ids.size() == 8u);
  // One original (doublet_of null), seven copies naming it.
  BOOST_REQUIRE_EQUAL(flagged_as.size(), 2u);
  BOOST_TEST(flagged_as.count("null") == 1u);
  flagged_as.erase("null");
  // The original is the lead with the lowest id (numeric order: ids have equal length here).
  BOOST_TEST(*flagged_as.begin() == *ids.begin());
  size_t originals = 0;
  for (const auto& res : results) originals += Member(res.body, "doublet_of") == "null";
  BOOST_TEST(originals == 1u);
}

BOOST_AUTO_TEST_CASE(rules_added_later_cover_existing_leads_and_bad_rules_are_422) {
  Fixture f("[]");
  std::string first = f.CreatedId(Lead("late@x.dk"));
  BOOST_TEST(f.Create(Lead("late@x.dk")).status == 201);  // no rule yet
  auto bad = f.client.Request("PATCH", "/v2/campaigns/1",
                              R"({"duplicate_rules": [{"fields": ["nope"], "window_seconds": 60}]})", f.admin);
  BOOST_REQUIRE_EQUAL(bad.status, 422);
  BOOST_TEST(bad.body.find("duplicate_rules[0].fields[0]") != std::string::npos);
  auto patched = f.client.Request(
      "PATCH", "/v2/campaigns/1",
      R"({"duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "reject"}]})", f.admin);
  BOOST_REQUIRE_EQUAL(patched.status, 200);
  BOOST_TEST(patched.body.find("\"duplicate_rules\":[{") != std::string::npos);
  auto dup = f.Create(Lead("late@x.dk"));
  BOOST_REQUIRE_EQUAL(dup.status, 409);
  BOOST_TEST(Member(dup.body, "doublet_of") == first);
  // Survives a restart.
  f.server.Restart();
  auto client = f.server.Client();
  BOOST_TEST(client.Request("POST", "/v2/campaigns/1/leads", Lead("late@x.dk"), f.admin).status == 409);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace duplicates_test
