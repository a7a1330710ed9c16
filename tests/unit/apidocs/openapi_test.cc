// The OpenAPI document says what the server does (issue 28; tests/docs/prism_test.mjs checks it
// against a live server through Stoplight Prism): the e-mail, phone and text rules are
// core/field_formats.h's own, optional values may be null, a body may name its campaign, list
// filters take comma lists, every operation lists every answer any request may meet, the problem
// codes are the catalogue's, and the account docs describe every account and admin operation with
// the access it needs.

#include "apidocs/openapi.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>

#include "core/error_catalogue.h"
#include "core/field_formats.h"
#include "tests/support/json_pointer.h"
#include "tests/unit/apidocs/docs_fixture.h"

namespace openapi_test {

using namespace lg;
using lg::apidocs_test::Request;
using lg::apidocs_test::Solar;
using lg::test::At;
using lg::test::Contains;
using lg::test::Has;
using lg::test::Str;

namespace {

struct Spec {
  explicit Spec(const apidocs::DocsRequest& request) : text(apidocs::BuildOpenApi(request)) {
    BOOST_REQUIRE_MESSAGE(!parser.parse(text).get(root), "not JSON");
  }
  std::string text;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(openapi)

BOOST_AUTO_TEST_CASE(the_field_rules_are_the_servers_own) {
  const Spec spec(Request(core::Permission::kReadWrite, true, false));
  const std::string values = "/components/schemas/LeadCreate/properties/field_values/properties";
  BOOST_TEST(Str(spec.root, values + "/email/pattern") == core::EmailPattern());
  BOOST_TEST(Str(spec.root, values + "/email/format") == "idn-email");
  BOOST_TEST(Str(spec.root, values + "/phone/pattern") == core::PhonePattern());
  BOOST_TEST(lg::test::Int(spec.root, values + "/name/maxLength") == int64_t{core::kMaxTextCharacters});
  BOOST_TEST(lg::test::Int(spec.root, values + "/name/minLength") == 1);  // required: "" is refused
  // A stored lead's address is answered as it was stored, by the looser rule of earlier versions.
  BOOST_TEST(Str(spec.root, "/components/schemas/Lead/properties/field_values/properties/email/pattern") ==
             core::EmailLookupPattern());
  BOOST_TEST(!Has(spec.root, "/components/schemas/Lead/properties/field_values/properties/email/format"));
}

BOOST_AUTO_TEST_CASE(a_create_body_may_hold_nulls_and_its_campaign) {
  const Spec spec(Request(core::Permission::kReadWrite, true, false));
  const std::string create = "/components/schemas/LeadCreate/properties";
  BOOST_TEST(Str(spec.root, create + "/field_values/properties/email/type/1") == "null");
  BOOST_TEST(Str(spec.root, create + "/field_values/properties/name/type") == "string");  // required
  BOOST_TEST(Str(spec.root, create + "/select_field_values/properties/region/type/1") == "null");
  BOOST_TEST(lg::test::Int(spec.root, create + "/campaign_id/const") == 7);
  // JSON whatever the Content-Type says.
  BOOST_TEST(Has(spec.root, "/paths/~1v2~1campaigns~17~1leads/post/requestBody/content/*~1*"));
  // The campaign is implied for a campaign-scoped token's /v2/leads and /leads.
  BOOST_TEST(Str(spec.root, "/paths/~1v2~1leads/post/requestBody/content/application~1json/schema/$ref") ==
             "#/components/schemas/LeadCreate");
  BOOST_TEST(Has(spec.root, "/paths/~1leads/post"));
}

BOOST_AUTO_TEST_CASE(list_filters_take_comma_lists) {
  const Spec spec(Request(core::Permission::kRead, true, false));
  simdjson::dom::array parameters;
  BOOST_REQUIRE(!At(spec.root, "/paths/~1v2~1campaigns~17~1leads/get/parameters").get_array().get(parameters));
  int lists = 0;
  for (simdjson::dom::element parameter : parameters) {
    const std::string name = Str(parameter, "/name");
    if (name != "status" && name != "source" && name != "region") continue;
    ++lists;
    BOOST_TEST(Str(parameter, "/style") == "form");
    BOOST_TEST(Str(parameter, "/schema/type") == "array");
  }
  BOOST_TEST(lists == 3);
}

BOOST_AUTO_TEST_CASE(every_operation_lists_what_any_request_may_meet) {
  for (const bool admin : {false, true}) {
    const Spec spec(Request(admin ? core::Permission::kAdmin : core::Permission::kReadWrite, !admin, admin));
    simdjson::dom::object paths;
    BOOST_REQUIRE(!At(spec.root, "/paths").get_object().get(paths));
    int operations = 0;
    for (auto [path, item] : paths) {
      simdjson::dom::object methods;
      BOOST_REQUIRE(!item.get_object().get(methods));
      for (auto [method, operation] : methods) {
        if (method == "parameters") continue;
        ++operations;
        for (const char* status : {"400", "401", "413", "429", "431", "500", "503"}) {
          BOOST_TEST(Has(operation, std::string("/responses/") + status), method << " " << path << " " << status);
        }
      }
    }
    BOOST_TEST(operations > (admin ? 40 : 15));
    BOOST_TEST(Has(spec.root, "/components/responses/MethodNotAllowed/headers/Allow"));
    BOOST_TEST(Has(spec.root, "/components/headers/Location/required"));
    BOOST_TEST(Str(spec.root, "/paths/~1v2~1campaigns~17~1leads/post/responses/201/headers/Location/$ref") ==
               "#/components/headers/Location");
    BOOST_TEST(Has(spec.root, "/paths/~1v2~1campaigns~17~1leads/get/responses/200/headers/Link"));
  }
}

BOOST_AUTO_TEST_CASE(the_problem_codes_are_the_catalogues) {
  for (const bool admin : {false, true}) {
    const Spec spec(Request(core::Permission::kReadWrite, !admin, admin));
    // "stable; one of a, b, c"
    const std::string codes = ", " +
                              Str(spec.root, "/components/schemas/Problem/properties/code/description")
                                  .substr(std::string_view("stable; one of ").size()) +
                              ",";
    for (const core::ErrorCode& entry : core::ErrorCodes()) {
      const bool expected =
          entry.audience == core::ErrorAudience::kClient || (admin && entry.audience == core::ErrorAudience::kAdmin);
      BOOST_TEST(Contains(codes, ", " + std::string(entry.code) + ",") == expected, entry.code);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_field_error_codes_are_the_catalogues) {
  const Spec spec(Request(core::Permission::kReadWrite, true, false));
  const std::string codes = ", " +
                            Str(spec.root, "/components/schemas/FieldError/properties/code/description")
                                .substr(std::string_view("stable; one of ").size()) +
                            ",";
  for (const core::FieldErrorCode& entry : core::FieldErrorCodes()) {
    BOOST_TEST(Contains(codes, ", " + std::string(entry.code) + ","), entry.code);
  }
}

BOOST_AUTO_TEST_CASE(the_account_docs_describe_every_account_and_admin_operation) {
  const Spec account(Request(core::Permission::kReadWrite, false, true));
  for (const char* op :
       {"/paths/~1v2~1campaigns/post", "/paths/~1v2~1campaigns~17/patch",
        "/paths/~1v2~1campaigns~1{campaign_id}~1fields/post",
        "/paths/~1v2~1campaigns~1{campaign_id}~1fields~1{slug}/patch",
        "/paths/~1v2~1campaigns~1{campaign_id}~1selects~1{slug}~1options~1{option_slug}~1offboard/post",
        "/paths/~1v2~1campaigns~1{campaign_id}~1filters/get",
        "/paths/~1v2~1campaigns~1{campaign_id}~1filters~1{filter_id}/delete",
        "/paths/~1v2~1campaigns~17~1leads~1count/post", "/paths/~1v2~1tokens/post",
        "/paths/~1v2~1tokens~1{token_id}~1reveal/post", "/paths/~1v2~1audit/get", "/paths/~1v2~1admin~1backup/post",
        "/paths/~1v2~1admin~1cluster/get"}) {
    BOOST_TEST(Str(account.root, std::string(op) + "/x-leadgate-access") == "admin", op);
    BOOST_TEST(Has(account.root, std::string(op) + "/responses/403"), op);
  }
  BOOST_TEST(Str(account.root, "/paths/~1v2~1campaigns~17~1leads/post/x-leadgate-access") == "read_write");
  BOOST_TEST(Str(account.root, "/paths/~1v2~1leads~1erase/post/x-leadgate-access") == "delete");
  // An account-level token names the campaign of a lead it creates without one in the path.
  BOOST_TEST(Str(account.root, "/paths/~1v2~1leads/post/requestBody/content/application~1json/schema/$ref") ==
             "#/components/schemas/LeadCreateAnyCampaign");
  BOOST_TEST(Str(account.root, "/components/schemas/LeadCreateAnyCampaign/oneOf/0/required/0") == "campaign_id");
  // A vendor's document has none of it.
  const Spec vendor(Request(core::Permission::kReadWrite, true, false));
  BOOST_TEST(!Has(vendor.root, "/paths/~1v2~1tokens"));
  BOOST_TEST(!Contains(vendor.text, "x-leadgate-access"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace openapi_test
