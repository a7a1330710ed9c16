// Saved filters over HTTP: CRUD, validation naming the offending condition, admin-only access,
// the in-use guard on delete, and campaign scoping of filter paths.

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace filters_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign = R"({"name": "Filters",
  "fields": [{"slug": "name", "type": "text"}, {"slug": "amount", "type": "number"},
             {"slug": "email", "type": "email"}, {"slug": "extra", "type": "json"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

constexpr const char* kOther = R"({"name": "Other", "fields": [{"slug": "name", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}]}],
  "statuses": [{"slug": "new", "default": true}]})";

std::string FiltersPath(uint64_t campaign_id) { return "/v2/campaigns/" + std::to_string(campaign_id) + "/filters"; }
std::string FilterPath(uint64_t campaign_id, uint64_t filter_id) {
  return FiltersPath(campaign_id) + "/" + std::to_string(filter_id);
}

// Ids of the filters listed for a campaign.
std::vector<uint64_t> ListedFilterIds(HttpClient& client, const std::string& admin, uint64_t campaign_id) {
  auto res = client.Request("GET", FiltersPath(campaign_id), "", admin);
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
  Json json(res.body);
  std::vector<uint64_t> out;
  for (Element e : Arr(json["data"])) out.push_back(U64(Json::At(e, "id")));
  return out;
}

// POSTs a filter with the given conditions array and expects a 422 whose errors include
// (field, code) at `field`.
void ExpectInvalid(HttpClient& client, const std::string& admin, uint64_t campaign_id, const std::string& conditions,
                   const std::string& field, const std::string& code) {
  std::string body = R"({"name": "Bad", "match": "all", "conditions": )" + conditions + "}";
  auto res = client.Request("POST", FiltersPath(campaign_id), body, admin);
  BOOST_TEST_CONTEXT("conditions " << conditions) {
    CheckProblem(res, 422, "validation_failed");
    auto errors = ErrorsOf(res);
    BOOST_TEST_CONTEXT("errors " << Describe(errors)) {
      BOOST_REQUIRE(!errors.empty());
      BOOST_TEST(errors[0].first == field);
      BOOST_TEST(errors[0].second == code);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(filters)

BOOST_FIXTURE_TEST_CASE(create_get_list_patch_delete, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);

  auto created = client.Request("POST", FiltersPath(campaign),
                                R"({"name": "Vendor A", "match": "all",
                                    "conditions": [{"field": "source", "op": "eq", "value": "vendor-a"},
                                                   {"field": "status", "op": "in", "value": ["new", "won"]}]})",
                                admin);
  BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
  BOOST_TEST(created.Header("content-type").rfind("application/json", 0) == 0);
  uint64_t id = 0;
  {
    Json body(created.body);
    id = U64(body["id"]);
    BOOST_TEST(id > 0u);
    BOOST_TEST(U64(body["campaign_id"]) == campaign);
    BOOST_TEST(Str(body["name"]) == "Vendor A");
    BOOST_TEST(Str(body["match"]) == "all");
    auto conditions = Arr(body["conditions"]);
    BOOST_REQUIRE_EQUAL(conditions.size(), 2u);
    BOOST_TEST(Str(Json::At(conditions.at(0), "field")) == "source");
    BOOST_TEST(Str(Json::At(conditions.at(0), "op")) == "eq");
    BOOST_TEST(Str(Json::At(conditions.at(0), "value")) == "vendor-a");
    BOOST_TEST(Str(Json::At(conditions.at(1), "op")) == "in");
    BOOST_TEST(Arr(Json::At(conditions.at(1), "value")).size() == 2u);
  }

  auto got = client.Request("GET", FilterPath(campaign, id), "", admin);
  BOOST_REQUIRE_EQUAL(got.status, 200);
  BOOST_TEST(got.body == created.body);
  BOOST_TEST(ListedFilterIds(client, admin, campaign) == std::vector<uint64_t>{id}, boost::test_tools::per_element());

  uint64_t second = CreateFilter(client, admin, campaign, EqFilter("Vendor B", "source", "vendor-b"));
  BOOST_TEST(second != id);
  BOOST_TEST(ListedFilterIds(client, admin, campaign) == (std::vector<uint64_t>{id, second}),
             boost::test_tools::per_element());

  // PATCH changes only the given members.
  auto patched = client.Request("PATCH", FilterPath(campaign, id), R"({"name": "Vendor A renamed"})", admin);
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  {
    Json body(patched.body);
    BOOST_TEST(Str(body["name"]) == "Vendor A renamed");
    BOOST_TEST(Arr(body["conditions"]).size() == 2u);
  }
  patched =
      client.Request("PATCH", FilterPath(campaign, id),
                     R"({"match": "any", "conditions": [{"field": "name", "op": "contains", "value": "x"}]})", admin);
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  {
    Json body(patched.body);
    BOOST_TEST(Str(body["name"]) == "Vendor A renamed");
    BOOST_TEST(Str(body["match"]) == "any");
    BOOST_TEST(Arr(body["conditions"]).size() == 1u);
  }
  // An invalid PATCH changes nothing.
  auto before = client.Request("GET", FilterPath(campaign, id), "", admin).body;
  auto bad_patch = client.Request("PATCH", FilterPath(campaign, id),
                                  R"({"conditions": [{"field": "nope", "op": "eq", "value": 1}]})", admin);
  CheckFirstError(bad_patch, 422, "validation_failed", "conditions[0].field", "unknown_field");
  BOOST_TEST(client.Request("GET", FilterPath(campaign, id), "", admin).body == before);

  auto deleted = client.Request("DELETE", FilterPath(campaign, id), "", admin);
  BOOST_TEST(deleted.status == 204);
  BOOST_TEST(deleted.body.empty());
  CheckProblem(client.Request("GET", FilterPath(campaign, id), "", admin), 404, "not_found");
  CheckProblem(client.Request("DELETE", FilterPath(campaign, id), "", admin), 404, "not_found");
  CheckProblem(client.Request("PATCH", FilterPath(campaign, id), R"({"name": "x"})", admin), 404, "not_found");
  BOOST_TEST(ListedFilterIds(client, admin, campaign) == std::vector<uint64_t>{second},
             boost::test_tools::per_element());

  // Filters survive a restart.
  server.Restart();
  auto client2 = server.Client();
  BOOST_TEST(ListedFilterIds(client2, admin, campaign) == std::vector<uint64_t>{second},
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(validation_names_the_condition, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  const std::string ok = R"({"field": "source", "op": "eq", "value": "vendor-a"})";

  ExpectInvalid(client, admin, campaign, R"([{"field": "colour", "op": "eq", "value": "red"}])", "conditions[0].field",
                "unknown_field");
  ExpectInvalid(client, admin, campaign, "[" + ok + R"(, {"field": "colour", "op": "eq", "value": "red"}])",
                "conditions[1].field", "unknown_field");
  // Operators that make no sense for the type.
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "gt", "value": "vendor-a"}])",
                "conditions[0].op", "operator_not_allowed");
  ExpectInvalid(client, admin, campaign, "[" + ok + R"(, {"field": "amount", "op": "contains", "value": "1"}])",
                "conditions[1].op", "operator_not_allowed");
  ExpectInvalid(client, admin, campaign, R"([{"field": "status", "op": "contains", "value": "ne"}])",
                "conditions[0].op", "operator_not_allowed");
  ExpectInvalid(client, admin, campaign, R"([{"field": "extra", "op": "eq", "value": 1}])", "conditions[0].op",
                "operator_not_allowed");
  ExpectInvalid(client, admin, campaign, R"([{"field": "created_at", "op": "eq", "value": "2026-01-01T00:00:00Z"}])",
                "conditions[0].op", "operator_not_allowed");
  // Values checked against the schema.
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "eq", "value": "vendor-z"}])",
                "conditions[0].value", "unknown_option");
  ExpectInvalid(client, admin, campaign,
                "[" + ok + "," + ok + R"(, {"field": "source", "op": "in", "value": ["vendor-a", "vendor-z"]}])",
                "conditions[2].value", "unknown_option");
  ExpectInvalid(client, admin, campaign, R"([{"field": "status", "op": "eq", "value": "gone"}])", "conditions[0].value",
                "unknown_status");
  ExpectInvalid(client, admin, campaign, R"([{"field": "amount", "op": "gt", "value": "many"}])", "conditions[0].value",
                "invalid_number");
  ExpectInvalid(client, admin, campaign, R"([{"field": "created_at", "op": "gte", "value": "yesterday"}])",
                "conditions[0].value", "invalid_datetime");
  // Shape: in/not_in need an array, single-value ops a scalar, empty ops no value.
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "in", "value": "vendor-a"}])",
                "conditions[0].value", "invalid_type");
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "not_in", "value": "vendor-a"}])",
                "conditions[0].value", "invalid_type");
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "in", "value": []}])", "conditions[0].value",
                "required");
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "eq", "value": ["vendor-a"]}])",
                "conditions[0].value", "invalid_type");
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "eq"}])", "conditions[0].value", "required");
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "empty", "value": "vendor-a"}])",
                "conditions[0].value", "unexpected_value");
  ExpectInvalid(client, admin, campaign, R"([{"field": "source", "op": "like", "value": "vendor-a"}])",
                "conditions[0].op", "unknown_operator");
  ExpectInvalid(client, admin, campaign, "[]", "conditions", "required");

  auto no_name = client.Request("POST", FiltersPath(campaign), R"({"conditions": [)" + ok + "]}", admin);
  CheckFirstError(no_name, 422, "validation_failed", "name", "required");
  auto bad_match = client.Request("POST", FiltersPath(campaign),
                                  R"({"name": "x", "match": "some", "conditions": [)" + ok + "]}", admin);
  CheckFirstError(bad_match, 422, "validation_failed", "match", "invalid_match");
  CheckProblem(client.Request("POST", FiltersPath(campaign), "{not json", admin), 400, "invalid_json");

  // Nothing was stored by any of these.
  BOOST_TEST(ListedFilterIds(client, admin, campaign).empty());
  // The valid forms of the same operators are accepted.
  for (const char* conditions : {
           R"([{"field": "source", "op": "in", "value": ["vendor-a", "vendor-b"]}])",
           R"([{"field": "source", "op": "empty"}])",
           R"([{"field": "amount", "op": "gt", "value": 10}])",
           R"([{"field": "name", "op": "contains", "value": "Jane"}])",
           R"([{"field": "created_at", "op": "gte", "value": "2026-01-01 00:00:00"}])",
           R"([{"field": "status", "op": "neq", "value": "won"}])",
       }) {
    auto res =
        client.Request("POST", FiltersPath(campaign),
                       std::string(R"({"name": "ok", "match": "all", "conditions": )") + conditions + "}", admin);
    BOOST_TEST(res.status == 201, conditions << " -> " << res.status << " " << res.body);
  }
}

BOOST_FIXTURE_TEST_CASE(filter_endpoints_are_admin_only, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  uint64_t filter = CreateFilter(client, admin, campaign, EqFilter("Vendor A", "source", "vendor-a"));
  std::vector<Token> tokens = {
      CreateToken(client, admin, "account read", "read"),
      CreateToken(client, admin, "account rw", "read_write"),
      CreateToken(client, admin, "campaign rw", "read_write", campaign),
      CreateToken(client, admin, "vendor a rw", "read_write", std::nullopt, filter),
  };
  for (const auto& token : tokens) {
    BOOST_TEST_CONTEXT("token " << token.id) {
      CheckProblem(client.Request("POST", FiltersPath(campaign), EqFilter("x", "source", "vendor-b"), token.secret),
                   403, "insufficient_permission");
      CheckProblem(client.Request("GET", FiltersPath(campaign), "", token.secret), 403, "insufficient_permission");
      CheckProblem(client.Request("GET", FilterPath(campaign, filter), "", token.secret), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("PATCH", FilterPath(campaign, filter), R"({"name": "hijack"})", token.secret), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("DELETE", FilterPath(campaign, filter), "", token.secret), 403,
                   "insufficient_permission");
      // Tokens cannot be minted by them either (a vendor cannot widen its own scope).
      CheckProblem(client.Request("POST", "/v2/tokens", R"({"name": "x", "permission": "read_write"})", token.secret),
                   403, "insufficient_permission");
    }
  }
  CheckProblem(client.Request("GET", FiltersPath(campaign)), 401, "unauthorized");
  // Nothing changed.
  BOOST_TEST(ListedFilterIds(client, admin, campaign) == std::vector<uint64_t>{filter},
             boost::test_tools::per_element());
  Json body(client.Request("GET", FilterPath(campaign, filter), "", admin).body);
  BOOST_TEST(Str(body["name"]) == "Vendor A");
}

BOOST_FIXTURE_TEST_CASE(delete_in_use_is_409_until_the_token_is_revoked, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  uint64_t filter = CreateFilter(client, admin, campaign, EqFilter("Vendor A", "source", "vendor-a"));
  Token reader = CreateToken(client, admin, "vendor a read", "read", std::nullopt, filter);
  Token writer = CreateToken(client, admin, "vendor a rw", "read_write", campaign, filter);
  {
    // The filter implies its campaign.
    Json body(client.Request("GET", "/v2/tokens/" + std::to_string(reader.id), "", admin).body);
    BOOST_TEST(U64(body["campaign_id"]) == campaign);
    BOOST_TEST(U64(body["filter_id"]) == filter);
  }

  CheckProblem(client.Request("DELETE", FilterPath(campaign, filter), "", admin), 409, "filter_in_use");
  RevokeToken(client, admin, reader.id);
  CheckProblem(client.Request("DELETE", FilterPath(campaign, filter), "", admin), 409, "filter_in_use");
  // Still there, still working for the remaining token.
  BOOST_TEST(client.Request("GET", FilterPath(campaign, filter), "", admin).status == 200);
  BOOST_TEST(client.Request("GET", LeadsPath(campaign), "", writer.secret).status == 200);

  RevokeToken(client, admin, writer.id);
  BOOST_TEST(client.Request("DELETE", FilterPath(campaign, filter), "", admin).status == 204);
  CheckProblem(client.Request("GET", FilterPath(campaign, filter), "", admin), 404, "not_found");
  // A token cannot be minted with a deleted filter.
  auto res =
      client.Request("POST", "/v2/tokens",
                     R"({"name": "late", "permission": "read", "filter_id": )" + std::to_string(filter) + "}", admin);
  CheckFirstError(res, 422, "validation_failed", "filter_id", "unknown_filter");
}

BOOST_FIXTURE_TEST_CASE(filter_paths_are_scoped_to_their_campaign, ApiFixture) {
  uint64_t c1 = CreateCampaign(client, admin, kCampaign);
  uint64_t c2 = CreateCampaign(client, admin, kOther);
  uint64_t f1 = CreateFilter(client, admin, c1, EqFilter("Vendor A", "source", "vendor-a"));

  CheckProblem(client.Request("GET", FilterPath(c2, f1), "", admin), 404, "not_found");
  CheckProblem(client.Request("PATCH", FilterPath(c2, f1), R"({"name": "moved"})", admin), 404, "not_found");
  CheckProblem(client.Request("DELETE", FilterPath(c2, f1), "", admin), 404, "not_found");
  BOOST_TEST(ListedFilterIds(client, admin, c2).empty());
  CheckProblem(client.Request("GET", FilterPath(9999, f1), "", admin), 404, "not_found");
  CheckProblem(client.Request("GET", FiltersPath(9999), "", admin), 404, "not_found");
  CheckProblem(client.Request("POST", FiltersPath(9999), EqFilter("x", "source", "vendor-a"), admin), 404, "not_found");
  // Still intact under its own campaign.
  Json body(client.Request("GET", FilterPath(c1, f1), "", admin).body);
  BOOST_TEST(Str(body["name"]) == "Vendor A");
  BOOST_TEST(U64(body["campaign_id"]) == c1);

  // A token cannot pair campaign 2 with a filter of campaign 1.
  auto res = client.Request("POST", "/v2/tokens",
                            R"({"name": "mismatch", "permission": "read", "campaign_id": )" + std::to_string(c2) +
                                R"(, "filter_id": )" + std::to_string(f1) + "}",
                            admin);
  CheckFirstError(res, 422, "validation_failed", "filter_id", "filter_campaign_mismatch");
  // Conditions are validated against the path's campaign: campaign 2 has no `amount`.
  auto bad = client.Request("POST", FiltersPath(c2),
                            R"({"name": "x", "conditions": [{"field": "amount", "op": "gt", "value": 1}]})", admin);
  CheckFirstError(bad, 422, "validation_failed", "conditions[0].field", "unknown_field");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace filters_test
