// The campaign schema admin API over HTTP: create, read, change, and schema validation.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace campaigns_test {

namespace {

using namespace lg::test;

constexpr const char* kSolar = R"({"name": "Solar DK",
  "fields":   [{"slug": "name", "label": "Name", "type": "text", "required": true},
               {"slug": "email", "label": "E-mail", "type": "email"}],
  "selects":  [{"slug": "source", "label": "Source",
                "options": [{"slug": "vendor-xyz", "label": "Vendor XYZ"}]}],
  "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
               {"slug": "won", "label": "Won", "type": "won"}]})";

// A campaign document with the given fields/selects/statuses arrays (JSON text).
std::string Doc(const std::string& fields, const std::string& selects, const std::string& statuses) {
  return R"({"name": "X", "fields": )" + fields + R"(, "selects": )" + selects + R"(, "statuses": )" + statuses + "}";
}

constexpr const char* kOneStatus = R"([{"slug": "new", "default": true}])";

uint64_t CreateCampaign(HttpClient& client, const std::string& token, const std::string& doc = kSolar) {
  auto res = client.Request("POST", "/v2/campaigns", doc, token);
  BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
  Json body(res.body);
  return U64(body["id"]);
}

// The slugs of the objects in `array`, in order.
std::vector<std::string> Slugs(Element array) {
  std::vector<std::string> out;
  for (Element e : Arr(array)) out.push_back(Str(Json::At(e, "slug")));
  return out;
}

// The object with `slug` in `array`; fails the test when absent.
Element BySlug(Element array, const std::string& slug) {
  for (Element e : Arr(array)) {
    if (Str(Json::At(e, "slug")) == slug) return e;
  }
  BOOST_FAIL("no '" << slug << "' in " << array);
  return {};
}

using Strings = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(campaigns)

BOOST_FIXTURE_TEST_CASE(create_answers_201_with_the_whole_schema_and_a_numeric_id, ApiFixture) {
  auto res = client.Request("POST", "/v2/campaigns", kSolar, server.admin_token());
  BOOST_REQUIRE_EQUAL(res.status, 201);
  BOOST_TEST(res.Header("content-type").rfind("application/json", 0) == 0);
  Json body(res.body);
  BOOST_TEST(U64(body["id"]) > 0u);
  BOOST_TEST(Str(body["name"]) == "Solar DK");

  BOOST_TEST(Slugs(body["fields"]) == (Strings{"name", "email"}), boost::test_tools::per_element());
  Element name = BySlug(body["fields"], "name");
  BOOST_TEST(Str(Json::At(name, "label")) == "Name");
  BOOST_TEST(Str(Json::At(name, "type")) == "text");
  BOOST_TEST(Bool(Json::At(name, "required")) == true);
  Element email = BySlug(body["fields"], "email");
  BOOST_TEST(Str(Json::At(email, "type")) == "email");
  BOOST_TEST(Bool(Json::At(email, "required")) == false);

  BOOST_TEST(Slugs(body["selects"]) == (Strings{"source"}), boost::test_tools::per_element());
  Element source = BySlug(body["selects"], "source");
  BOOST_TEST(Str(Json::At(source, "label")) == "Source");
  BOOST_TEST(Slugs(Json::At(source, "options")) == (Strings{"vendor-xyz"}), boost::test_tools::per_element());
  BOOST_TEST(Str(Json::At(BySlug(Json::At(source, "options"), "vendor-xyz"), "label")) == "Vendor XYZ");

  BOOST_TEST(Slugs(body["statuses"]) == (Strings{"new", "won"}), boost::test_tools::per_element());
  BOOST_TEST(Bool(Json::At(BySlug(body["statuses"], "new"), "default")) == true);
  BOOST_TEST(Bool(Json::At(BySlug(body["statuses"], "won"), "default")) == false);
  BOOST_TEST(Str(Json::At(BySlug(body["statuses"], "won"), "type")) == "won");

  // A second campaign gets another id.
  BOOST_TEST(CreateCampaign(client, server.admin_token()) != U64(body["id"]));
}

BOOST_FIXTURE_TEST_CASE(list_and_get_show_the_created_campaigns, ApiFixture) {
  auto created = client.Request("POST", "/v2/campaigns", kSolar, admin);
  BOOST_REQUIRE_EQUAL(created.status, 201);
  uint64_t first = U64(Json(created.body)["id"]);
  uint64_t second = CreateCampaign(client, admin, Doc("[]", "[]", kOneStatus));

  auto list = client.Request("GET", "/v2/campaigns", "", admin);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  Json listed(list.body);
  std::vector<uint64_t> ids;
  for (Element c : Arr(listed["data"])) ids.push_back(U64(Json::At(c, "id")));
  std::sort(ids.begin(), ids.end());
  BOOST_TEST(ids == (std::vector<uint64_t>{first, second}), boost::test_tools::per_element());

  auto one = client.Request("GET", "/v2/campaigns/" + std::to_string(first), "", admin);
  BOOST_REQUIRE_EQUAL(one.status, 200);
  BOOST_TEST(one.body == created.body);  // nothing changed since the create

  CheckProblem(client.Request("GET", "/v2/campaigns/999999", "", admin), 404, "not_found");
  CheckProblem(client.Request("GET", "/v2/campaigns/abc", "", admin), 404, "not_found");
  CheckProblem(client.Request("GET", "/v2/campaigns/0", "", admin), 404, "not_found");
}

BOOST_FIXTURE_TEST_CASE(patch_renames_a_campaign_and_rejects_schema_members, ApiFixture) {
  uint64_t id = CreateCampaign(client, admin);
  std::string path = "/v2/campaigns/" + std::to_string(id);

  auto patched = client.Request("PATCH", path, R"({"name": "Solar DK 2027"})", admin);
  BOOST_REQUIRE_EQUAL(patched.status, 200);
  BOOST_TEST(Str(Json(patched.body)["name"]) == "Solar DK 2027");
  BOOST_TEST(Str(Json(client.Request("GET", path, "", admin).body)["name"]) == "Solar DK 2027");
  // The schema itself is untouched by a rename.
  BOOST_TEST(Slugs(Json(patched.body)["fields"]) == (Strings{"name", "email"}), boost::test_tools::per_element());

  auto errors = ValidationErrorsOf(client.Request("PATCH", path, R"({"fields": [], "colour": "red"})", admin));
  BOOST_TEST_CONTEXT(Describe(errors)) {
    BOOST_TEST(errors.size() == 2u);
    BOOST_TEST(HasError(errors, "fields", "use_sub_resource"));
    BOOST_TEST(HasError(errors, "colour", "unknown_attribute"));
  }
  auto unnamed = ValidationErrorsOf(client.Request("PATCH", path, R"({"name": ""})", admin));
  BOOST_TEST(Same(unnamed, std::vector<FieldCode>{{"name", "required"}}), Describe(unnamed));
  BOOST_TEST(Str(Json(client.Request("GET", path, "", admin).body)["name"]) == "Solar DK 2027");
  CheckProblem(client.Request("PATCH", "/v2/campaigns/999999", R"({"name": "x"})", admin), 404, "not_found");
}

BOOST_FIXTURE_TEST_CASE(fields_can_be_added_and_relabelled_but_not_retyped, ApiFixture) {
  uint64_t id = CreateCampaign(client, admin);
  std::string path = "/v2/campaigns/" + std::to_string(id);

  auto added =
      client.Request("POST", path + "/fields", R"({"slug": "postcode", "label": "Postcode", "type": "text"})", admin);
  BOOST_REQUIRE_EQUAL(added.status, 201);
  {
    Json body(added.body);
    BOOST_TEST(Slugs(body["fields"]) == (Strings{"name", "email", "postcode"}), boost::test_tools::per_element());
    BOOST_TEST(Str(Json::At(BySlug(body["fields"], "postcode"), "type")) == "text");
  }
  // A lead may use the new field at once.
  auto lead =
      client.Request("POST", path + "/leads", R"({"field_values": {"name": "Jane", "postcode": "8000"}})", admin);
  BOOST_REQUIRE_EQUAL(lead.status, 201);
  BOOST_TEST(Str(Json::At(Json(lead.body)["field_values"], "postcode")) == "8000");

  auto relabelled = client.Request("PATCH", path + "/fields/postcode", R"({"label": "Post code"})", admin);
  BOOST_REQUIRE_EQUAL(relabelled.status, 200);
  BOOST_TEST(Str(Json::At(BySlug(Json(relabelled.body)["fields"], "postcode"), "label")) == "Post code");
  {
    auto got = client.Request("GET", path, "", admin);
    Json body(got.body);
    Element postcode = BySlug(body["fields"], "postcode");
    BOOST_TEST(Str(Json::At(postcode, "label")) == "Post code");
    BOOST_TEST(Str(Json::At(postcode, "type")) == "text");
  }

  auto retyped = ValidationErrorsOf(client.Request("PATCH", path + "/fields/postcode", R"({"type": "number"})", admin));
  BOOST_TEST(Same(retyped, std::vector<FieldCode>{{"type", "immutable"}}), Describe(retyped));
  auto reslugged = ValidationErrorsOf(client.Request("PATCH", path + "/fields/postcode", R"({"slug": "zip"})", admin));
  BOOST_TEST(Same(reslugged, std::vector<FieldCode>{{"slug", "immutable"}}), Describe(reslugged));
  {
    auto got = client.Request("GET", path, "", admin);
    Json body(got.body);
    BOOST_TEST(Str(Json::At(BySlug(body["fields"], "postcode"), "type")) == "text");
  }
  CheckProblem(client.Request("PATCH", path + "/fields/nope", R"({"label": "x"})", admin), 404, "not_found");

  // A new field must not reuse a slug of a field or a select.
  auto dup =
      ValidationErrorsOf(client.Request("POST", path + "/fields", R"({"slug": "email", "type": "text"})", admin));
  BOOST_TEST_CONTEXT(Describe(dup)) {
    BOOST_TEST(dup.size() == 1u);
    BOOST_TEST(dup[0].second == "duplicate_slug");
  }
  auto untyped = ValidationErrorsOf(client.Request("POST", path + "/fields", R"({"slug": "city"})", admin));
  BOOST_TEST(Same(untyped, std::vector<FieldCode>{{"type", "required"}}), Describe(untyped));
}

BOOST_FIXTURE_TEST_CASE(selects_and_options_can_be_added_and_a_new_vendor_option_is_usable_at_once, ApiFixture) {
  uint64_t id = CreateCampaign(client, admin);
  std::string path = "/v2/campaigns/" + std::to_string(id);
  const std::string lead = R"({"field_values": {"name": "Jane"}, "select_field_values": {"source": "solarclick"}})";

  auto before = ValidationErrorsOf(client.Request("POST", path + "/leads", lead, admin));
  BOOST_TEST(Same(before, std::vector<FieldCode>{{"source", "unknown_option"}}), Describe(before));

  auto option = client.Request("POST", path + "/selects/source/options",
                               R"({"slug": "solarclick", "label": "SolarClick"})", admin);
  BOOST_REQUIRE_EQUAL(option.status, 201);
  {
    Json body(option.body);
    Element options = Json::At(BySlug(body["selects"], "source"), "options");
    BOOST_TEST(Slugs(options) == (Strings{"vendor-xyz", "solarclick"}), boost::test_tools::per_element());
    BOOST_TEST(Str(Json::At(BySlug(options, "solarclick"), "label")) == "SolarClick");
  }
  auto created = client.Request("POST", path + "/leads", lead, admin);
  BOOST_REQUIRE_EQUAL(created.status, 201);
  BOOST_TEST(Str(Json::At(Json(created.body)["select_field_values"], "source")) == "solarclick");

  auto dup_option =
      ValidationErrorsOf(client.Request("POST", path + "/selects/source/options", R"({"slug": "solarclick"})", admin));
  BOOST_TEST_CONTEXT(Describe(dup_option)) {
    BOOST_TEST(dup_option.size() == 1u);
    BOOST_TEST(dup_option[0].second == "duplicate_slug");
  }
  CheckProblem(client.Request("POST", path + "/selects/nope/options", R"({"slug": "x"})", admin), 404, "not_found");

  auto select = client.Request("POST", path + "/selects",
                               R"({"slug": "product", "label": "Product", "required": false,
                                   "options": [{"slug": "panels", "label": "Panels"}, {"slug": "battery"}]})",
                               admin);
  BOOST_REQUIRE_EQUAL(select.status, 201);
  {
    Json body(select.body);
    BOOST_TEST(Slugs(body["selects"]) == (Strings{"source", "product"}), boost::test_tools::per_element());
    Element product = BySlug(body["selects"], "product");
    BOOST_TEST(Slugs(Json::At(product, "options")) == (Strings{"panels", "battery"}), boost::test_tools::per_element());
    // A missing label defaults to the slug.
    BOOST_TEST(Str(Json::At(BySlug(Json::At(product, "options"), "battery"), "label")) == "battery");
  }
  auto with_product =
      client.Request("POST", path + "/leads",
                     R"({"field_values": {"name": "Jo"}, "select_field_values": {"product": "battery"}})", admin);
  BOOST_REQUIRE_EQUAL(with_product.status, 201);
  BOOST_TEST(Str(Json::At(Json(with_product.body)["select_field_values"], "product")) == "battery");

  auto clash =
      ValidationErrorsOf(client.Request("POST", path + "/selects", R"({"slug": "name", "options": []})", admin));
  BOOST_TEST_CONTEXT(Describe(clash)) {
    BOOST_TEST(clash.size() == 1u);
    BOOST_TEST(clash[0].second == "duplicate_slug");
  }
}

BOOST_FIXTURE_TEST_CASE(a_new_default_status_replaces_the_old_default, ApiFixture) {
  uint64_t id = CreateCampaign(client, admin);
  std::string path = "/v2/campaigns/" + std::to_string(id);
  auto defaults = [](Element statuses) {
    Strings out;
    for (Element s : Arr(statuses)) {
      if (Bool(Json::At(s, "default"))) out.push_back(Str(Json::At(s, "slug")));
    }
    return out;
  };

  auto plain =
      client.Request("POST", path + "/statuses", R"({"slug": "lost", "label": "Lost", "type": "lost"})", admin);
  BOOST_REQUIRE_EQUAL(plain.status, 201);
  BOOST_TEST(defaults(Json(plain.body)["statuses"]) == (Strings{"new"}), boost::test_tools::per_element());

  auto added = client.Request("POST", path + "/statuses",
                              R"({"slug": "incoming", "label": "Incoming", "type": "active", "default": true})", admin);
  BOOST_REQUIRE_EQUAL(added.status, 201);
  {
    Json body(added.body);
    BOOST_TEST(Slugs(body["statuses"]) == (Strings{"new", "won", "lost", "incoming"}),
               boost::test_tools::per_element());
    BOOST_TEST(defaults(body["statuses"]) == (Strings{"incoming"}), boost::test_tools::per_element());
  }
  {
    auto got = client.Request("GET", path, "", admin);
    Json body(got.body);
    BOOST_TEST(defaults(body["statuses"]) == (Strings{"incoming"}), boost::test_tools::per_element());
  }
  // New leads start in the new default status.
  auto lead = client.Request("POST", path + "/leads", R"({"field_values": {"name": "Jane"}})", admin);
  BOOST_REQUIRE_EQUAL(lead.status, 201);
  BOOST_TEST(Str(Json(lead.body)["status"]) == "incoming");

  auto dup = ValidationErrorsOf(client.Request("POST", path + "/statuses", R"({"slug": "won"})", admin));
  BOOST_TEST_CONTEXT(Describe(dup)) {
    BOOST_TEST(dup.size() == 1u);
    BOOST_TEST(dup[0].second == "duplicate_slug");
  }
  auto bad_type =
      ValidationErrorsOf(client.Request("POST", path + "/statuses", R"({"slug": "x", "type": "maybe"})", admin));
  BOOST_TEST(Same(bad_type, std::vector<FieldCode>{{"type", "unknown_status_type"}}), Describe(bad_type));
}

// A schema change posts one field, select, option or status: a 422 about it must name the member of
// that request body ("slug"), not its position in the server's copy of the whole campaign.
BOOST_FIXTURE_TEST_CASE(sub_resource_errors_name_the_member_of_the_request_body, ApiFixture) {
  std::string path = "/v2/campaigns/" + std::to_string(CreateCampaign(client, admin));
  struct Case {
    std::string target, body, code;
  };
  for (const auto& c : std::vector<Case>{
           {"/fields", R"({"slug": "email", "type": "text"})", "duplicate_slug"},
           {"/fields", R"({"slug": "source", "type": "text"})", "duplicate_slug"},
           {"/fields", R"({"slug": "Post Code", "type": "text"})", "invalid_slug"},
           {"/fields", R"({"slug": "status", "type": "text"})", "reserved_slug"},
           {"/selects", R"({"slug": "name", "options": []})", "duplicate_slug"},
           {"/selects/source/options", R"({"slug": "vendor-xyz"})", "duplicate_slug"},
           {"/statuses", R"({"slug": "won"})", "duplicate_slug"},
       }) {
    auto errors = ValidationErrorsOf(client.Request("POST", path + c.target, c.body, admin));
    BOOST_TEST(Same(errors, {{"slug", c.code}}), "POST " << c.target << " " << c.body << " -> " << Describe(errors));
  }
}

BOOST_FIXTURE_TEST_CASE(invalid_schemas_are_rejected_with_the_culprit_named, ApiFixture) {
  auto post = [&](const std::string& doc) {
    return ValidationErrorsOf(client.Request("POST", "/v2/campaigns", doc, admin));
  };
  auto expect_one = [&](const std::string& doc, const std::string& field, const std::string& code) {
    auto errors = post(doc);
    BOOST_TEST(Same(errors, std::vector<FieldCode>{{field, code}}), "doc " << doc << " -> " << Describe(errors));
  };

  expect_one(Doc(R"([{"slug": "name", "type": "text"}, {"slug": "name", "type": "email"}])", "[]", kOneStatus),
             "fields[1].slug", "duplicate_slug");
  expect_one(Doc(R"([{"slug": "name", "type": "text"}])", R"([{"slug": "name", "options": []}])", kOneStatus),
             "selects[0].slug", "duplicate_slug");
  expect_one(Doc("[]", R"([{"slug": "source", "options": [{"slug": "a"}, {"slug": "a"}]}])", kOneStatus),
             "selects[0].options[1].slug", "duplicate_slug");
  expect_one(Doc(R"([{"slug": "ok", "type": "text"}, {"slug": "Bad Slug", "type": "text"}])", "[]", kOneStatus),
             "fields[1].slug", "invalid_slug");
  expect_one(Doc(R"([{"slug": "-x", "type": "text"}])", "[]", kOneStatus), "fields[0].slug", "invalid_slug");
  expect_one(Doc(R"([{"slug": "status", "type": "text"}])", "[]", kOneStatus), "fields[0].slug", "reserved_slug");
  expect_one(Doc(R"([{"slug": "age", "type": "integer"}])", "[]", kOneStatus), "fields[0].type", "unknown_field_type");
  expect_one(Doc(R"([{"slug": "age"}])", "[]", kOneStatus), "fields[0].type", "required");
  expect_one(Doc("[]", "[]", R"([{"slug": "new"}, {"slug": "won"}])"), "statuses", "no_default_status");
  expect_one(Doc("[]", "[]", "[]"), "statuses", "required");
  expect_one(Doc("[]", "[]", R"([{"slug": "new", "default": true}, {"slug": "won", "default": true}])"),
             "statuses[1].default", "multiple_default_statuses");
  expect_one(Doc("[]", "[]", R"([{"slug": "new", "default": true}, {"slug": "new"}])"), "statuses[1].slug",
             "duplicate_slug");

  // Every problem of a document is reported at once.
  auto many =
      post(Doc(R"([{"slug": "a", "type": "text"}, {"slug": "a", "type": "email"}, {"slug": "B", "type": "text"}])",
               "[]", R"([{"slug": "new"}])"));
  BOOST_TEST_CONTEXT(Describe(many)) {
    BOOST_TEST(many.size() == 3u);
    BOOST_TEST(HasError(many, "fields[1].slug", "duplicate_slug"));
    BOOST_TEST(HasError(many, "fields[2].slug", "invalid_slug"));
    BOOST_TEST(HasError(many, "statuses", "no_default_status"));
  }
  auto shape = post(
      R"({"name": "X", "fields": [{"slug": "a", "type": "blob", "colour": "red"}], "statuses": [{"slug": "new", "default": "yes"}]})");
  BOOST_TEST_CONTEXT(Describe(shape)) {
    BOOST_TEST(shape.size() == 3u);
    BOOST_TEST(HasError(shape, "fields[0].type", "unknown_field_type"));
    BOOST_TEST(HasError(shape, "fields[0].colour", "unknown_attribute"));
    BOOST_TEST(HasError(shape, "statuses[0].default", "invalid_type"));
  }

  CheckProblem(client.Request("POST", "/v2/campaigns", "{\"name\": ", admin), 400, "invalid_json");
  CheckProblem(client.Request("POST", "/v2/campaigns", "[]", admin), 400, "invalid_json");

  // None of the rejected documents created a campaign.
  auto list = client.Request("GET", "/v2/campaigns", "", admin);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  BOOST_TEST(Arr(Json(list.body)["data"]).size() == 0u);
  // ...nor used up an id.
  BOOST_TEST(CreateCampaign(client, admin) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace campaigns_test
