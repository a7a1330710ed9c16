// Retire instead of delete, over HTTP: labels are renamed (slugs never change); a retired option,
// field or status stays on existing leads, readable and filterable, while new writes using it
// answer 422 with its own code; it leaves the documentation; the default status cannot be
// retired; and retiring is reversible.

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"

namespace retire_test {

using namespace lg;
using namespace lg::test;

namespace {

constexpr const char* kCampaign = R"({"name": "Solar", "fields": [
  {"slug": "name", "label": "Name", "type": "text", "required": true},
  {"slug": "fax", "label": "Fax", "type": "text", "required": true}],
  "selects": [{"slug": "source", "label": "Source", "options": [
    {"slug": "vendor-aaa", "label": "Alpha Leads"}, {"slug": "vendor-bbb", "label": "Bravo Media"}]}],
  "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
               {"slug": "parked", "label": "Parked", "type": "inactive"},
               {"slug": "won", "label": "Won", "type": "won"}]})";

struct Fixture : ApiFixture {
  Fixture() { BOOST_REQUIRE_EQUAL(Admin("POST", "/v2/campaigns", kCampaign).status, 201); }

  HttpResult Create(const std::string& source, const std::string& extra = "") {
    return Admin("POST", "/v2/campaigns/1/leads",
                 R"({"field_values": {"name": "Jane", "fax": "123")" + extra +
                     R"(}, "select_field_values": {"source": ")" + source + R"("}})");
  }
  // A 422 whose field errors carry `code`.
  static bool Refused(const HttpResult& res, const std::string& code) {
    const bool named = res.body.find(R"("code":")" + code + "\"") != std::string::npos;
    BOOST_TEST_CONTEXT(res.body) {
      BOOST_TEST(res.status == 422);
      BOOST_TEST(named);
    }
    return res.status == 422 && named;
  }
};

BOOST_FIXTURE_TEST_SUITE(retire, Fixture)

BOOST_AUTO_TEST_CASE(labels_are_renamed_and_slugs_stay) {
  auto select = Admin("PATCH", "/v2/campaigns/1/selects/source", R"({"label": "Lead vendor"})");
  BOOST_REQUIRE_EQUAL(select.status, 200);
  BOOST_TEST(select.body.find("Lead vendor") != std::string::npos);
  auto option = Admin("PATCH", "/v2/campaigns/1/selects/source/options/vendor-bbb", R"({"label": "Bravo Group"})");
  BOOST_REQUIRE_EQUAL(option.status, 200);
  BOOST_TEST(option.body.find("Bravo Group") != std::string::npos);
  BOOST_TEST(option.body.find("Bravo Media") == std::string::npos);
  BOOST_TEST(Admin("PATCH", "/v2/campaigns/1/selects/source/options/vendor-bbb", R"({"slug": "bravo"})").status == 422);
  BOOST_TEST(Admin("PATCH", "/v2/campaigns/1/selects/source", R"({"slug": "vendor"})").status == 422);
  BOOST_TEST(Admin("PATCH", "/v2/campaigns/1/selects/source/options/nobody", R"({"label": "X"})").status == 404);
  BOOST_TEST(Admin("PATCH", "/v2/campaigns/1/selects/nothing", R"({"label": "X"})").status == 404);
  // A lead written before and after the rename carries the same slug.
  BOOST_TEST(Create("vendor-bbb").status == 201);
}

BOOST_AUTO_TEST_CASE(a_retired_option_stays_on_old_leads_and_is_refused_on_new_writes) {
  auto old_lead = Create("vendor-bbb");
  BOOST_REQUIRE_EQUAL(old_lead.status, 201);
  const std::string id = Member(old_lead.body, "id");
  auto retired = Admin("PATCH", "/v2/campaigns/1/selects/source/options/vendor-bbb", R"({"retired": true})");
  BOOST_REQUIRE_EQUAL(retired.status, 200);
  BOOST_TEST(retired.body.find("\"retired\":true") != std::string::npos);

  BOOST_TEST(Refused(Create("vendor-bbb"), "option_retired"));
  auto other = Create("vendor-aaa");
  BOOST_REQUIRE_EQUAL(other.status, 201);
  BOOST_TEST(Refused(Admin("PATCH", "/v2/campaigns/1/leads/" + Member(other.body, "id"),
                           R"({"select_field_values": {"source": "vendor-bbb"}})"),
                     "option_retired"));
  // The old lead reads, lists under its option, and can still change otherwise.
  BOOST_TEST(Admin("GET", "/v2/campaigns/1/leads/" + id).body.find("vendor-bbb") != std::string::npos);
  BOOST_TEST(Admin("GET", "/v2/campaigns/1/leads?source=vendor-bbb").body.find(id) != std::string::npos);
  BOOST_TEST(Admin("PATCH", "/v2/campaigns/1/leads/" + id, R"({"status": "won"})").status == 200);
  // Gone from the documentation (every form), still in the schema the API answers with.
  std::string docs_url = Member(Admin("GET", "/v2/tokens/1").body, "docs_url");
  const std::string docs = docs_url.substr(docs_url.find("/docs/"));
  for (const char* form : {"", "/openapi.json", "/postman.json"}) {
    auto page = client.Request("GET", docs + form, "", admin);
    BOOST_REQUIRE_EQUAL(page.status, 200);
    BOOST_TEST(page.body.find("vendor-bbb") == std::string::npos, form);
    BOOST_TEST(page.body.find("vendor-aaa") != std::string::npos, form);
  }
  BOOST_TEST(Admin("GET", "/v2/campaigns/1").body.find("vendor-bbb") != std::string::npos);
  // Reversible.
  BOOST_REQUIRE_EQUAL(
      Admin("PATCH", "/v2/campaigns/1/selects/source/options/vendor-bbb", R"({"retired": false})").status, 200);
  BOOST_TEST(Create("vendor-bbb").status == 201);
}

BOOST_AUTO_TEST_CASE(a_retired_field_keeps_its_values_takes_no_new_ones_and_is_no_longer_required) {
  auto old_lead = Create("vendor-aaa");
  BOOST_REQUIRE_EQUAL(old_lead.status, 201);
  BOOST_REQUIRE_EQUAL(Admin("PATCH", "/v2/campaigns/1/fields/fax", R"({"retired": true})").status, 200);
  BOOST_TEST(Refused(Create("vendor-aaa"), "field_retired"));
  auto without = Admin("POST", "/v2/campaigns/1/leads",
                       R"({"field_values": {"name": "Joe"}, "select_field_values": {"source": "vendor-aaa"}})");
  BOOST_TEST(without.status == 201, without.body);
  BOOST_TEST(Admin("GET", "/v2/campaigns/1/leads/" + Member(old_lead.body, "id")).body.find("\"fax\":\"123\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_retired_status_is_refused_and_the_default_cannot_be_retired) {
  auto lead = Create("vendor-aaa");
  BOOST_REQUIRE_EQUAL(lead.status, 201);
  const std::string path = "/v2/campaigns/1/leads/" + Member(lead.body, "id");
  BOOST_REQUIRE_EQUAL(Admin("PATCH", path, R"({"status": "parked"})").status, 200);
  BOOST_REQUIRE_EQUAL(Admin("PATCH", "/v2/campaigns/1/statuses/parked", R"({"retired": true})").status, 200);
  auto other = Create("vendor-aaa");
  BOOST_TEST(Refused(Admin("PATCH", "/v2/campaigns/1/leads/" + Member(other.body, "id"), R"({"status": "parked"})"),
                     "status_retired"));
  // The lead already parked stays so and is found by its status.
  BOOST_TEST(Admin("GET", "/v2/campaigns/1/leads?status=parked").body.find(Member(lead.body, "id")) !=
             std::string::npos);
  BOOST_TEST(Refused(Admin("PATCH", "/v2/campaigns/1/statuses/new", R"({"retired": true})"), "default_status_retired"));
  BOOST_TEST(
      Refused(Admin("PATCH", "/v2/campaigns/1/statuses/parked", R"({"default": true})"), "default_status_retired"));
  BOOST_TEST(Create("vendor-aaa").status == 201);
}

// The inverse of the vendor set-up: the vendor's tokens revoked, its option retired, its leads
// kept; another vendor untouched; a dry run changes nothing.
BOOST_AUTO_TEST_CASE(offboarding_a_vendor_revokes_its_tokens_and_retires_its_option_in_one_step) {
  auto vendor_token = [&](const std::string& option) {
    auto filter = Admin("POST", "/v2/campaigns/1/filters",
                        R"({"name": ")" + option +
                            R"(", "match": "all", "conditions": [{"field": "source", "op": "eq", "value": ")" + option +
                            R"("}]})");
    BOOST_REQUIRE_EQUAL(filter.status, 201);
    auto token = Admin(
        "POST", "/v2/tokens",
        R"({"name": ")" + option + R"(", "permission": "read_write", "filter_id": )" + Member(filter.body, "id") + "}");
    BOOST_REQUIRE_EQUAL(token.status, 201);
    return std::pair{Member(token.body, "id"), Member(token.body, "token")};
  };
  auto [leaving_id, leaving] = vendor_token("vendor-bbb");
  auto [staying_id, staying] = vendor_token("vendor-aaa");
  auto old_lead = Create("vendor-bbb");
  BOOST_REQUIRE_EQUAL(old_lead.status, 201);
  const std::string offboard = "/v2/campaigns/1/selects/source/options/vendor-bbb/offboard";
  auto list = [&](const std::string& token) {
    return client.Request("GET", "/v2/campaigns/1/leads", "", token).status;
  };

  // A vendor's own token may not; nor may it learn of another vendor's option.
  BOOST_TEST(client.Request("POST", offboard, "", staying).status == 403);
  BOOST_TEST(client.Request("POST", "/v2/campaigns/1/selects/source/options/nobody/offboard", "", staying).status ==
             403);
  auto dry = Admin("POST", offboard, R"({"dry_run": true})");
  BOOST_REQUIRE_EQUAL(dry.status, 200);
  BOOST_TEST(dry.body == R"({"dry_run":true,"option_retired":true,"tokens_revoked":[)" + leaving_id +
                             R"(],"webhooks_disabled":[]})");
  BOOST_TEST(list(leaving) == 200, "a dry run revoked the token");
  BOOST_TEST(Create("vendor-bbb").status == 201);

  auto done = Admin("POST", offboard);
  BOOST_REQUIRE_EQUAL(done.status, 200);
  BOOST_TEST(done.body == R"({"dry_run":false,"option_retired":true,"tokens_revoked":[)" + leaving_id +
                              R"(],"webhooks_disabled":[]})");
  BOOST_TEST(list(leaving) == 401);
  BOOST_TEST(list(staying) == 200);
  BOOST_TEST(Refused(Create("vendor-bbb"), "option_retired"));
  BOOST_TEST(Admin("GET", "/v2/campaigns/1/leads/" + Member(old_lead.body, "id")).status == 200);
  auto audit = Admin("GET", "/v2/audit?limit=50");
  BOOST_TEST(audit.body.find("vendor_offboarded") != std::string::npos);
  BOOST_TEST(audit.body.find("token_revoked") != std::string::npos);
  // Again: nothing left to revoke.
  BOOST_TEST(Admin("POST", offboard).body ==
             R"({"dry_run":false,"option_retired":true,"tokens_revoked":[],"webhooks_disabled":[]})");
  BOOST_TEST(Admin("POST", "/v2/campaigns/1/selects/source/options/nobody/offboard").status == 404);
  BOOST_TEST(Admin("POST", offboard, R"({"dry": true})").status == 422);
  (void)staying_id;
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace

}  // namespace retire_test
