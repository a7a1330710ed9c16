// Bulk create over HTTP: a JSON array or NDJSON of leads, one outcome per item in input order, the
// good ones stored and listed, the bad ones failing alone; scope stamping and refusals like a
// single create; the lead-count and body-size caps; permissions.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <string>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace bulk_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign = R"({"name": "Solar",
  "fields": [{"slug": "marker", "type": "text", "required": true}, {"slug": "email", "type": "email"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}]})";

const std::vector<std::pair<std::string, std::string>> kNdjson{{"Content-Type", "application/x-ndjson"}};

std::string Lead(const std::string& marker, const std::string& extra = "") {
  return R"({"field_values": {"marker": ")" + marker + "\"" + extra + "}}";
}

// One entry of results[].
struct Outcome {
  uint64_t index = 0;
  uint64_t status = 0;
  uint64_t id = 0;
  std::string code;
  std::vector<FieldCode> errors;
};

struct BulkAnswer {
  std::vector<Outcome> results;
  uint64_t created = 0;
  uint64_t failed = 0;
};

BulkAnswer ParseBulk(const HttpResult& res) {
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
  BOOST_TEST(res.Header("content-type").rfind("application/json", 0) == 0);
  Json json(res.body);
  BulkAnswer answer;
  for (Element e : Arr(json["results"])) {
    Outcome o;
    o.index = U64(Json::At(e, "index"));
    o.status = U64(Json::At(e, "status"));
    if (o.status == 201) {
      o.id = U64(Json::At(e, "id"));
    } else {
      o.code = Str(Json::At(e, "code"));
      if (auto errors = Json::Find(e, "errors")) {
        for (Element err : Arr(*errors)) {
          o.errors.emplace_back(Str(Json::At(err, "field")), Str(Json::At(err, "code")));
        }
      }
    }
    answer.results.push_back(std::move(o));
  }
  answer.created = U64(json["created"]);
  answer.failed = U64(json["failed"]);
  return answer;
}

std::string BulkPath(uint64_t campaign_id) { return LeadsPath(campaign_id) + "/bulk"; }

struct World : ApiFixture {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);

  explicit World(const std::function<void(lg::core::Config&)>& tweak = {}) : ApiFixture(tweak) {}

  std::vector<LeadInfo> All() {
    HttpClient fresh = server.Client();  // `client` may have been closed by a 413
    return ListAll(fresh, admin, LeadsPath(campaign) + "?limit=500");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk)

BOOST_AUTO_TEST_CASE(json_array_gives_one_outcome_per_lead_in_order) {
  World w;
  std::string body =
      "[" + Lead("one") + ",\n" + R"({"field_values": {"email": "x@example.com"}})" + ",\n" +  // marker missing
      Lead("two") + ",\n" + Lead("three", R"(, "email": "not-an-email")") + ",\n" + "42,\n" +  // not an object
      Lead("four", R"(}, "select_field_values": {"source": "vendor-b")") + "]";
  auto answer = ParseBulk(w.client.Request("POST", BulkPath(w.campaign), body, w.admin));
  BOOST_REQUIRE_EQUAL(answer.results.size(), 6u);
  for (size_t i = 0; i < answer.results.size(); ++i) BOOST_TEST(answer.results[i].index == i);
  std::vector<uint64_t> statuses;
  for (const auto& o : answer.results) statuses.push_back(o.status);
  BOOST_TEST(statuses == (std::vector<uint64_t>{201, 422, 201, 422, 400, 201}), boost::test_tools::per_element());
  BOOST_TEST(answer.results[1].code == "validation_failed");
  BOOST_TEST(Describe(answer.results[1].errors) == "marker:required ");
  BOOST_TEST(Describe(answer.results[3].errors) == "email:invalid_email ");
  BOOST_TEST(answer.results[4].code == "invalid_json");
  BOOST_TEST(answer.created == 3u);
  BOOST_TEST(answer.failed == 3u);

  // The created ones are stored as sent, readable by id and listed; nothing else was stored.
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, answer.results[0].id).fields["marker"] == "\"one\"");
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, answer.results[2].id).fields["marker"] == "\"two\"");
  LeadInfo four = GetLead(w.client, w.admin, w.campaign, answer.results[5].id);
  BOOST_TEST(four.fields["marker"] == "\"four\"");
  BOOST_TEST(four.Select("source") == "vendor-b");
  BOOST_TEST(four.status == "new");
  auto all = IdSet(w.All());
  BOOST_TEST(all == (std::set<uint64_t>{answer.results[0].id, answer.results[2].id, answer.results[5].id}),
             boost::test_tools::per_element());
  // Ids grow in input order.
  BOOST_TEST(answer.results[0].id < answer.results[2].id);
  BOOST_TEST(answer.results[2].id < answer.results[5].id);
}

BOOST_AUTO_TEST_CASE(ndjson_skips_blank_lines_and_a_broken_line_fails_alone) {
  World w;
  std::string body = Lead("n1") + "\r\n\r\n" +            // CRLF and a blank line
                     R"({"field_values": {"marker": )" +  // broken JSON
                     "\n   \n" + Lead("n2") + "\n" + R"({"field_values": {"marker": "n3"}, "campaign_id": 999})" +
                     "\n" + Lead("n4");  // no final newline
  auto answer = ParseBulk(w.client.Request("POST", BulkPath(w.campaign), body, w.admin, kNdjson));
  BOOST_REQUIRE_EQUAL(answer.results.size(), 5u);
  std::vector<uint64_t> statuses;
  for (const auto& o : answer.results) statuses.push_back(o.status);
  BOOST_TEST(statuses == (std::vector<uint64_t>{201, 400, 201, 422, 201}), boost::test_tools::per_element());
  BOOST_TEST(answer.results[1].code == "invalid_json");
  BOOST_TEST(Describe(answer.results[3].errors) == "campaign_id:campaign_mismatch ");
  BOOST_TEST(answer.created == 3u);
  BOOST_TEST(answer.failed == 2u);
  std::set<std::string> markers;
  for (const auto& lead : w.All()) markers.insert(lead.fields.at("marker"));
  BOOST_TEST(markers == (std::set<std::string>{"\"n1\"", "\"n2\"", "\"n4\""}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(many_leads_span_several_batches) {
  World w;
  std::string body;
  constexpr int kLeads = 1234;  // more than two batches of 500
  for (int i = 0; i < kLeads; ++i) body += Lead("m" + std::to_string(i)) + "\n";
  auto answer = ParseBulk(w.client.Request("POST", BulkPath(w.campaign), body, w.admin, kNdjson));
  BOOST_TEST(answer.created == static_cast<uint64_t>(kLeads));
  BOOST_TEST(answer.failed == 0u);
  auto all = w.All();
  BOOST_TEST(all.size() == static_cast<size_t>(kLeads));
  std::set<uint64_t> ids;
  for (const auto& o : answer.results) ids.insert(o.id);
  BOOST_TEST(ids == IdSet(all), boost::test_tools::per_element());
  // Newest first: the last line is the newest lead.
  BOOST_TEST(all.front().fields["marker"] == "\"m" + std::to_string(kLeads - 1) + "\"");
}

BOOST_AUTO_TEST_CASE(a_filtered_vendor_token_is_stamped_and_refused_like_single_create) {
  World w;
  uint64_t filter = CreateFilter(w.client, w.admin, w.campaign, EqFilter("A", "source", "vendor-a"));
  Token vendor = CreateToken(w.client, w.admin, "vendor a", "read_write", std::nullopt, filter);
  std::string body = "[" + Lead("stamped") + "," +
                     Lead("explicit", R"(}, "select_field_values": {"source": "vendor-a")") + "," +
                     Lead("outside", R"(}, "select_field_values": {"source": "vendor-b")") + "]";
  auto answer = ParseBulk(w.client.Request("POST", BulkPath(w.campaign), body, vendor.secret));
  BOOST_REQUIRE_EQUAL(answer.results.size(), 3u);
  BOOST_TEST(answer.results[0].status == 201u);
  BOOST_TEST(answer.results[1].status == 201u);
  BOOST_TEST(answer.results[2].status == 422u);
  BOOST_TEST(answer.results[2].code == "validation_failed");
  BOOST_TEST(Describe(answer.results[2].errors) == "source:unknown_option ");
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, answer.results[0].id).Select("source") == "vendor-a");
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, answer.results[0].id).json.find("\"vendor a\"") !=
             std::string::npos);  // created_by names the token
  BOOST_TEST(w.All().size() == 2u);
  // The vendor sees both in its own view.
  BOOST_TEST(IdSet(ListAll(w.client, vendor.secret, LeadsPath(w.campaign))).size() == 2u);
}

BOOST_AUTO_TEST_CASE(permissions_and_scope_of_the_campaign) {
  World w;
  Token reader = CreateToken(w.client, w.admin, "reader", "read");
  CheckProblem(w.client.Request("POST", BulkPath(w.campaign), "[" + Lead("r") + "]", reader.secret), 403,
               "insufficient_permission");
  uint64_t other =
      CreateCampaign(w.client, w.admin, R"({"name": "Other", "fields": [{"slug": "marker", "type": "text"}],
                                                  "statuses": [{"slug": "new", "default": true}]})");
  Token scoped = CreateToken(w.client, w.admin, "scoped", "read_write", w.campaign);
  CheckProblem(w.client.Request("POST", BulkPath(other), "[" + Lead("o") + "]", scoped.secret), 404, "not_found");
  CheckProblem(w.client.Request("POST", BulkPath(999), "[" + Lead("o") + "]", w.admin), 404, "not_found");
  CheckProblem(w.client.Request("POST", BulkPath(w.campaign), "[" + Lead("x") + "]"), 401, "unauthorized");
  BOOST_TEST(w.All().empty());
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_a_json_array_is_400_and_one_that_breaks_later_stops_at_the_break) {
  World w;
  for (const std::string& body : {Lead("obj"), std::string(""), std::string("  "), std::string("[,")}) {
    BOOST_TEST_CONTEXT("body: " << body) {
      CheckProblem(w.client.Request("POST", BulkPath(w.campaign), body, w.admin), 400, "invalid_json");
    }
  }
  BOOST_TEST(w.All().empty());
  // The body streams in: what came before a break is stored, the item at the break is refused,
  // and nothing after it is read.
  for (const std::string& body : {"[" + Lead("a") + ", " + Lead("unterminated"), "[" + Lead("b") + ",]",
                                  "[" + Lead("c") + "] trailing", "[" + Lead("d") + ",, " + Lead("never") + "]"}) {
    BOOST_TEST_CONTEXT("body: " << body) {
      auto answer = ParseBulk(w.server.Client().Request("POST", BulkPath(w.campaign), body, w.admin));
      BOOST_REQUIRE(answer.results.size() == 2u);
      BOOST_TEST(answer.results[0].status == 201u);
      BOOST_TEST(answer.results[1].status == 400u);
      BOOST_TEST(answer.results[1].code == "invalid_json");
      BOOST_TEST(answer.created == 1u);
      BOOST_TEST(answer.failed == 1u);
    }
  }
  std::vector<std::string> markers;
  for (const auto& lead : w.All()) markers.push_back(lead.fields.at("marker"));
  std::sort(markers.begin(), markers.end());
  BOOST_TEST(markers == (std::vector<std::string>{"\"a\"", "\"b\"", "\"c\"", "\"d\""}),
             boost::test_tools::per_element());
  CheckProblem(w.client.Request("POST", BulkPath(w.campaign), "[]", w.admin, {{"Content-Type", "text/csv"}}), 415,
               "unsupported_media_type");
  auto empty = ParseBulk(w.server.Client().Request("POST", BulkPath(w.campaign), "[]", w.admin));
  BOOST_TEST(empty.results.empty());
  BOOST_TEST(empty.created == 0u);
}

BOOST_AUTO_TEST_CASE(the_item_past_the_lead_cap_is_413_and_the_rest_is_not_read) {
  World w([](lg::core::Config& c) { c.bulk_max_leads = 5; });
  std::string five, eight;
  for (int i = 0; i < 5; ++i) five += Lead("c" + std::to_string(i)) + "\n";
  eight = five + Lead("c5") + "\n" + Lead("c6") + "\n" + Lead("c7") + "\n";
  auto answer = ParseBulk(w.client.Request("POST", BulkPath(w.campaign), eight, w.admin, kNdjson));
  BOOST_REQUIRE(answer.results.size() == 6u);
  BOOST_TEST(answer.created == 5u);
  BOOST_TEST(answer.results[5].status == 413u);
  BOOST_TEST(answer.results[5].code == "too_many_leads");
  BOOST_TEST(w.All().size() == 5u);
  BOOST_TEST(ParseBulk(w.server.Client().Request("POST", BulkPath(w.campaign), five, w.admin, kNdjson)).created == 5u);
  BOOST_TEST(w.All().size() == 10u);
}

BOOST_AUTO_TEST_CASE(the_bulk_route_has_its_own_body_limit) {
  World w([](lg::core::Config& c) {
    c.body_limit_bytes = 4096;
    c.bulk_body_limit_bytes = 8192;
  });
  std::string padded = Lead(std::string(3000, 'p'));
  // Two of them are over the server's limit, under the bulk one.
  CheckProblem(w.client.Request("POST", LeadsPath(w.campaign), padded + std::string(2000, ' '), w.admin), 413,
               "payload_too_large");
  auto answer =
      ParseBulk(w.server.Client().Request("POST", BulkPath(w.campaign), "[" + padded + "," + padded + "]", w.admin));
  BOOST_TEST(answer.created == 2u);
  // One item is held to the single create's limit.
  auto too_big = ParseBulk(w.server.Client().Request("POST", BulkPath(w.campaign),
                                                     "[" + Lead(std::string(5000, 'q')) + "," + padded + "]", w.admin));
  BOOST_REQUIRE(too_big.results.size() == 2u);
  BOOST_TEST(too_big.results[0].status == 413u);
  BOOST_TEST(too_big.results[0].code == "payload_too_large");
  BOOST_TEST(too_big.results[1].status == 201u);
  std::string huge = "[" + padded + "," + padded + "," + padded + "]";  // over the bulk limit
  CheckProblem(w.server.Client().Request("POST", BulkPath(w.campaign), huge, w.admin), 413, "payload_too_large");
  BOOST_TEST(w.server.Client().Request("GET", "/livez").status == 200);
  BOOST_TEST(w.All().size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace bulk_test
