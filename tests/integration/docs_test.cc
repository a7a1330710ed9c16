// Documentation links: served in four forms, rotated and revoked on the spot, generated live
// from the schema, cut down to what the token may see and do, and safe to share. (The
// validators, newman and Chromium run in tests/docs/docs_test.mjs.)

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <functional>
#include <string>
#include <vector>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace docs_test {

using namespace lg;
using namespace lg::test;

namespace {

constexpr const char* kCampaign = R"({"name": "Solar", "fields": [
  {"slug": "name", "label": "Name", "type": "text", "required": true},
  {"slug": "email", "label": "E-mail", "type": "email"}],
  "selects": [{"slug": "source", "label": "Source", "required": true, "options": [
    {"slug": "vendor-aaa", "label": "Alpha Leads"}, {"slug": "vendor-bbb", "label": "Bravo Media"}]}],
  "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
               {"slug": "won", "label": "Won", "type": "won"}]})";

struct Fixture : ApiFixture {
  // A token's id, secret and docs path (the docs_url without scheme and host).
  struct Minted {
    std::string id, secret, docs;
  };
  Minted Mint(const std::string& body) {
    auto res = Admin("POST", "/v2/tokens", body);
    BOOST_REQUIRE_EQUAL(res.status, 201);
    std::string url = Member(res.body, "docs_url");
    auto path = url.find("/docs/");
    BOOST_REQUIRE(path != std::string::npos);
    return {Member(res.body, "id"), Member(res.body, "token"), url.substr(path)};
  }
  // `extra`: more token attributes, e.g. `, "can_delete_leads": true`.
  Minted Vendor(const std::string& option, const std::string& permission, const std::string& extra = "") {
    auto filter = Admin("POST", "/v2/campaigns/1/filters",
                        R"({"name": "only )" + option +
                            R"(", "match": "all", "conditions": [{"field": "source", "op": "eq", "value": ")" + option +
                            R"("}]})");
    BOOST_REQUIRE_EQUAL(filter.status, 201);
    return Mint(R"({"name": "Vendor )" + option + R"(", "permission": ")" + permission +
                R"(", "campaign_id": 1, "filter_id": )" + Member(filter.body, "id") + extra + "}");
  }
  explicit Fixture(const std::function<void(core::Config&)>& tweak = {}) : ApiFixture(tweak) {
    BOOST_REQUIRE_EQUAL(Admin("POST", "/v2/campaigns", kCampaign).status, 201);
  }
};

const char* kForms[] = {"", "/openapi.json", "/openapi.yaml", "/postman.json"};

// What one docs link offers for deleting leads, in each form.
struct DeletionDocs {
  bool openapi_delete = false;  // DELETE on the lead path
  bool openapi_erase = false;   // POST /v2/leads/erase
  bool postman_delete = false;
  bool postman_erase = false;
  bool html_section = false;
};

DeletionDocs DeletionIn(ApiFixture& f, const std::string& docs, const std::string& auth) {
  DeletionDocs out;
  auto spec_res = f.client.Request("GET", docs + "/openapi.json", "", auth);
  BOOST_REQUIRE_EQUAL(spec_res.status, 200);
  Json spec(spec_res.body);
  Element paths = spec["paths"];
  out.openapi_delete = Json::Find(Json::At(paths, "/v2/campaigns/1/leads/{lead_id}"), "delete").has_value();
  out.openapi_erase = Json::Find(paths, "/v2/leads/erase").has_value();
  auto postman_res = f.client.Request("GET", docs + "/postman.json", "", auth);
  BOOST_REQUIRE_EQUAL(postman_res.status, 200);
  Json postman(postman_res.body);
  for (Element item : Arr(postman["item"])) {
    if (!Json::Find(item, "request")) continue;  // the Webhooks folder: no lead is deleted there
    Element request = Json::At(item, "request");
    const std::string method = Str(Json::At(request, "method"));
    const std::string raw = Str(Json::At(Json::At(request, "url"), "raw"));
    out.postman_delete |= method == "DELETE" && raw.find("/leads/") != std::string::npos;
    out.postman_erase |= method == "POST" && raw.ends_with("/v2/leads/erase");
  }
  auto html = f.client.Request("GET", docs, "", auth);
  BOOST_REQUIRE_EQUAL(html.status, 200);
  out.html_section = html.body.find("id=\"deleting\"") != std::string::npos;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docs)

BOOST_AUTO_TEST_CASE(every_form_is_served_without_a_token_with_its_content_type) {
  Fixture f;
  auto t = f.Vendor("vendor-aaa", "read_write");
  auto html = f.client.Request("GET", t.docs);
  BOOST_REQUIRE_EQUAL(html.status, 200);
  BOOST_TEST(html.Header("content-type") == "text/html; charset=utf-8");
  BOOST_TEST(html.Header("content-security-policy").find("default-src 'none'") != std::string::npos);
  BOOST_TEST(html.Header("referrer-policy") == "no-referrer");
  BOOST_TEST(html.body.find("<table id=\"campaign-1-fields-table\"") != std::string::npos);
  // Self-contained: no external script, style, font or image.
  BOOST_TEST(html.body.find("src=\"http") == std::string::npos);
  BOOST_TEST(html.body.find("<link") == std::string::npos);
  auto json = f.client.Request("GET", t.docs + "/openapi.json");
  BOOST_REQUIRE_EQUAL(json.status, 200);
  BOOST_TEST(json.Header("content-type") == "application/json");
  BOOST_TEST(Member(json.body, "openapi") == "3.1.0");
  auto yaml = f.client.Request("GET", t.docs + "/openapi.yaml");
  BOOST_REQUIRE_EQUAL(yaml.status, 200);
  BOOST_TEST(yaml.Header("content-type") == "application/yaml; charset=utf-8");
  BOOST_TEST(yaml.body.find("openapi: \"3.1.0\"") == 0u);
  auto postman = f.client.Request("GET", t.docs + "/postman.json");
  BOOST_REQUIRE_EQUAL(postman.status, 200);
  BOOST_TEST(postman.body.find("collection/v2.1.0/collection.json") != std::string::npos);
  // The token variable is there, empty: the collection never carries the secret.
  BOOST_TEST(postman.body.find(R"({"key":"token","value":""})") != std::string::npos);
  BOOST_TEST(postman.body.find(t.secret) == std::string::npos);
  // The token list shows the same link.
  auto listed = f.Admin("GET", "/v2/tokens/" + t.id);
  BOOST_TEST(Member(listed.body, "docs_url").ends_with(t.docs));
}

BOOST_AUTO_TEST_CASE(rotating_the_docs_link_retires_the_old_one_at_once_and_keeps_the_secret) {
  Fixture f;
  auto t = f.Vendor("vendor-aaa", "read");
  auto rotated = f.Admin("POST", "/v2/tokens/" + t.id + "/docs-link/rotate");
  BOOST_REQUIRE_EQUAL(rotated.status, 200);
  std::string url = Member(rotated.body, "docs_url");
  std::string fresh = url.substr(url.find("/docs/"));
  BOOST_TEST(fresh != t.docs);
  for (const char* form : kForms) {
    BOOST_TEST(f.client.Request("GET", t.docs + form).status == 404);
    BOOST_TEST(f.client.Request("GET", fresh + form).status == 200);
  }
  BOOST_TEST(f.client.Request("GET", "/v2/campaigns/1/leads", "", t.secret).status == 200);
  // Rotating the secret keeps the docs link.
  auto secret_rotated = f.Admin("POST", "/v2/tokens/" + t.id + "/rotate");
  BOOST_REQUIRE_EQUAL(secret_rotated.status, 200);
  BOOST_TEST(Member(secret_rotated.body, "docs_url") == url);
  BOOST_TEST(f.client.Request("GET", fresh).status == 200);
}

BOOST_AUTO_TEST_CASE(a_revoked_tokens_docs_and_unknown_links_are_404) {
  Fixture f;
  auto t = f.Vendor("vendor-aaa", "read");
  BOOST_REQUIRE_EQUAL(f.Admin("DELETE", "/v2/tokens/" + t.id).status, 200);
  for (const char* form : kForms) BOOST_TEST(f.client.Request("GET", t.docs + form).status == 404);
  BOOST_TEST(f.client.Request("GET", "/docs/AAAAAAAAAAAAAAAAAAAAAAAA").status == 404);
  BOOST_TEST(f.client.Request("GET", "/docs/x").status == 404);
}

BOOST_AUTO_TEST_CASE(a_vendors_docs_and_schema_name_no_other_vendor) {
  Fixture f;
  auto a = f.Vendor("vendor-aaa", "read_write");
  for (const char* form : kForms) {
    auto res = f.client.Request("GET", a.docs + form);
    BOOST_REQUIRE_EQUAL(res.status, 200);
    BOOST_TEST(res.body.find("vendor-aaa") != std::string::npos, form);
    BOOST_TEST(res.body.find("vendor-bbb") == std::string::npos, form);
    BOOST_TEST(res.body.find("Bravo Media") == std::string::npos, form);
  }
  // The schema endpoints tell the vendor no more than its docs do.
  for (const char* target : {"/v2/campaigns/1", "/v2/campaigns"}) {
    auto res = f.client.Request("GET", target, "", a.secret);
    BOOST_REQUIRE_EQUAL(res.status, 200);
    BOOST_TEST(res.body.find("vendor-aaa") != std::string::npos);
    BOOST_TEST(res.body.find("vendor-bbb") == std::string::npos);
  }
  // An unfiltered token still sees every option.
  BOOST_TEST(f.Admin("GET", "/v2/campaigns/1").body.find("vendor-bbb") != std::string::npos);
}

// Reading is enough to register webhook endpoints of one's own, and nothing else is written.
BOOST_AUTO_TEST_CASE(a_read_tokens_docs_offer_no_lead_writes_but_webhooks) {
  Fixture f;
  auto reader = f.Vendor("vendor-aaa", "read");
  auto writer = f.Vendor("vendor-aaa", "read_write");
  Json reader_spec(f.client.Request("GET", reader.docs + "/openapi.json").body);
  Json writer_spec(f.client.Request("GET", writer.docs + "/openapi.json").body);
  for (const char* path : {"/v2/campaigns/1/leads", "/v2/campaigns/1/leads/{lead_id}"}) {
    BOOST_TEST(!Json::Find(Json::At(reader_spec["paths"], path), "post").has_value(), path);
    BOOST_TEST(!Json::Find(Json::At(reader_spec["paths"], path), "patch").has_value(), path);
  }
  BOOST_TEST(Json::Find(Json::At(writer_spec["paths"], "/v2/campaigns/1/leads"), "post").has_value());
  BOOST_TEST(!Json::Find(Json::At(reader_spec["components"], "schemas"), "LeadCreate").has_value());
  BOOST_TEST(Json::Find(Json::At(reader_spec["paths"], "/v2/webhooks"), "post").has_value());
  Json postman(f.client.Request("GET", reader.docs + "/postman.json").body);
  for (Element item : Arr(postman["item"])) {
    if (!Json::Find(item, "request")) {
      BOOST_TEST(Str(Json::At(item, "name")) == "Webhooks");
      continue;
    }
    BOOST_TEST(Str(Json::At(Json::At(item, "request"), "method")) == "GET", Str(Json::At(item, "name")));
  }
}

// DELETE and the erasure show in every form exactly for the tokens that may call them: a vendor
// without can_delete_leads (or a reader) would only meet a 403 there.
BOOST_AUTO_TEST_CASE(only_tokens_that_may_delete_are_offered_delete_and_erase) {
  Fixture f;
  auto plain = f.Vendor("vendor-aaa", "read_write");
  auto deleter = f.Vendor("vendor-aaa", "read_write", R"(, "can_delete_leads": true)");
  auto reader = f.Vendor("vendor-aaa", "read");
  std::string admin_url = Member(f.Admin("GET", "/v2/tokens/1").body, "docs_url");
  const std::string admin_docs = admin_url.substr(admin_url.find("/docs/"));
  struct Case {
    std::string name, docs, auth;
    bool may_delete;
  };
  for (const Case& c :
       {Case{"vendor without the flag", plain.docs, "", false}, Case{"vendor with the flag", deleter.docs, "", true},
        Case{"reader", reader.docs, "", false}, Case{"admin token", admin_docs, f.admin, true},
        Case{"account docs", "/a/leadgate/api-documentation", f.admin, true}}) {
    BOOST_TEST_CONTEXT(c.name) {
      DeletionDocs shown = DeletionIn(f, c.docs, c.auth);
      BOOST_TEST(shown.openapi_delete == c.may_delete);
      BOOST_TEST(shown.openapi_erase == c.may_delete);
      BOOST_TEST(shown.postman_delete == c.may_delete);
      BOOST_TEST(shown.postman_erase == c.may_delete);
      BOOST_TEST(shown.html_section == c.may_delete);
    }
  }
  // What the docs offer is what the API does.
  auto lead = f.client.Request("POST", "/v2/campaigns/1/leads", R"({"field_values": {"name": "Jane"}})", plain.secret);
  BOOST_REQUIRE_EQUAL(lead.status, 201);
  const std::string lead_path = "/v2/campaigns/1/leads/" + Member(lead.body, "id");
  CheckProblem(f.client.Request("DELETE", lead_path, "", plain.secret), 403, "insufficient_permission");
  BOOST_TEST(f.client.Request("DELETE", lead_path, "", deleter.secret).status == 204);

  // Granting the flag to a live token shows on the next load of its (cached) docs.
  BOOST_REQUIRE_EQUAL(f.Admin("PATCH", "/v2/tokens/" + plain.id, R"({"can_delete_leads": true})").status, 200);
  DeletionDocs granted = DeletionIn(f, plain.docs, "");
  BOOST_TEST(granted.openapi_delete);
  BOOST_TEST(granted.postman_erase);
}

// Every token that lists learns that the sync feed carries tombstones; the OpenAPI list item is a
// Lead or a DeletedLead, told apart by "deleted".
BOOST_AUTO_TEST_CASE(every_tokens_docs_describe_the_sync_feeds_tombstones) {
  Fixture f;
  auto reader = f.Vendor("vendor-aaa", "read");
  for (const std::string& docs : {reader.docs, std::string("/a/leadgate/api-documentation")}) {
    BOOST_TEST_CONTEXT(docs) {
      const std::string auth = docs == reader.docs ? "" : f.admin;
      auto html = f.client.Request("GET", docs, "", auth);
      BOOST_REQUIRE_EQUAL(html.status, 200);
      BOOST_TEST(html.body.find("tombstone item with <code>\"deleted\": true</code>") != std::string::npos);
      auto spec_res = f.client.Request("GET", docs + "/openapi.json", "", auth);
      BOOST_REQUIRE_EQUAL(spec_res.status, 200);
      Json spec(spec_res.body);
      Element schemas = Json::At(spec["components"], "schemas");
      const std::string suffix = docs == reader.docs ? "" : "1";  // the account docs name schemas per campaign
      Element deleted = Json::At(schemas, "DeletedLead" + suffix);
      BOOST_TEST(Bool(Json::At(Json::At(Json::At(deleted, "properties"), "deleted"), "const")));
      BOOST_TEST(!Json::Find(Json::At(deleted, "properties"), "field_values").has_value());
      Element items =
          Json::At(Json::At(Json::At(Json::At(schemas, "LeadList" + suffix), "properties"), "data"), "items");
      std::vector<std::string> refs;
      for (Element one : Arr(Json::At(items, "oneOf"))) refs.push_back(Str(Json::At(one, "$ref")));
      BOOST_TEST(refs == (std::vector<std::string>{"#/components/schemas/Lead" + suffix,
                                                   "#/components/schemas/DeletedLead" + suffix}),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_schema_change_shows_on_the_next_load_and_labels_are_escaped) {
  Fixture f;
  auto t = f.Vendor("vendor-aaa", "read_write");
  // Loaded (and so rendered and kept) before the change.
  BOOST_TEST(f.client.Request("GET", t.docs).body.find("roof") == std::string::npos);
  BOOST_TEST(f.client.Request("GET", t.docs + "/openapi.json").body.find("\"roof\"") == std::string::npos);
  auto added = f.Admin("POST", "/v2/campaigns/1/fields",
                       R"({"slug": "roof", "label": "<script>alert(1)</script>", "type": "number"})");
  BOOST_REQUIRE_EQUAL(added.status, 201);
  auto html = f.client.Request("GET", t.docs).body;
  BOOST_TEST(html.find("roof") != std::string::npos);
  BOOST_TEST(html.find("<script>alert(1)") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(1)") != std::string::npos);
  BOOST_TEST(f.client.Request("GET", t.docs + "/openapi.json").body.find("\"roof\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_filter_edit_a_rename_and_a_revocation_show_on_the_next_load) {
  Fixture f;
  auto t = f.Vendor("vendor-aaa", "read_write");
  auto filter_id = Member(f.Admin("GET", "/v2/tokens/" + t.id).body, "filter_id");
  for (const char* form : kForms) BOOST_REQUIRE_EQUAL(f.client.Request("GET", t.docs + form).status, 200);
  auto patched = f.Admin("PATCH", "/v2/campaigns/1/filters/" + filter_id,
                         R"({"conditions": [{"field": "source", "op": "eq", "value": "vendor-bbb"}]})");
  BOOST_REQUIRE_EQUAL(patched.status, 200);
  auto html = f.client.Request("GET", t.docs).body;
  BOOST_TEST(html.find("Bravo Media") != std::string::npos);
  BOOST_TEST(html.find("Alpha Leads") == std::string::npos);
  BOOST_TEST(f.client.Request("GET", t.docs + "/openapi.json").body.find("\"vendor-bbb\"") != std::string::npos);
  BOOST_REQUIRE_EQUAL(f.Admin("PATCH", "/v2/tokens/" + t.id, R"({"name": "Renamed vendor"})").status, 200);
  BOOST_TEST(f.client.Request("GET", t.docs).body.find("Renamed vendor") != std::string::npos);
  BOOST_REQUIRE_EQUAL(f.Admin("DELETE", "/v2/tokens/" + t.id).status, 200);
  for (const char* form : kForms) BOOST_TEST(f.client.Request("GET", t.docs + form).status == 404);
}

BOOST_AUTO_TEST_CASE(account_docs_need_an_admin_token_by_default) {
  Fixture f;
  auto reader = f.Admin("POST", "/v2/tokens", R"({"name": "r", "permission": "read"})");
  BOOST_REQUIRE_EQUAL(reader.status, 201);
  auto writer = f.Admin("POST", "/v2/tokens", R"({"name": "w", "permission": "read_write"})");
  BOOST_REQUIRE_EQUAL(writer.status, 201);
  for (const char* form : kForms) {
    std::string target = std::string("/a/leadgate/api-documentation") + form;
    auto anonymous = f.client.Request("GET", target);
    BOOST_TEST(anonymous.status == 401, target);
    BOOST_TEST(anonymous.Header("content-type") == "application/problem+json", target);
    BOOST_TEST(!anonymous.Header("www-authenticate").empty(), target);
    BOOST_TEST(anonymous.body.find("vendor-bbb") == std::string::npos, target);
    BOOST_TEST(f.client.Request("GET", target, "", Member(reader.body, "token")).status == 403, target);
    BOOST_TEST(f.client.Request("GET", target, "", Member(writer.body, "token")).status == 403, target);
    auto admin = f.Admin("GET", target);
    BOOST_TEST(admin.status == 200, target);
    // The whole account (the Postman collection names no options).
    if (std::string_view(form) != "/postman.json")
      BOOST_TEST(admin.body.find("vendor-bbb") != std::string::npos, target);
  }
  BOOST_TEST(f.Admin("GET", "/a/someone-else/api-documentation").status == 404);
}

BOOST_AUTO_TEST_CASE(account_docs_are_public_when_the_setting_says_false) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.account_docs_require_admin = false;
  TestServer server(config);
  auto client = server.Client();
  BOOST_REQUIRE_EQUAL(client.Request("POST", "/v2/campaigns", kCampaign, server.admin_token()).status, 201);
  for (const char* form : kForms) {
    BOOST_TEST(client.Request("GET", std::string("/a/leadgate/api-documentation") + form).status == 200);
  }
  BOOST_TEST(client.Request("GET", "/a/someone-else/api-documentation").status == 404);
  auto html = client.Request("GET", "/a/leadgate/api-documentation").body;
  BOOST_TEST(html.find("vendor-bbb") != std::string::npos);  // the whole account
}

// A token without a filter sees every vendor's option, so its docs link follows the account docs'
// setting: by default it needs an admin token (401 without one, 403 for any other token, its own
// included); a filtered token's docs link stays public.
BOOST_AUTO_TEST_CASE(the_docs_link_of_a_token_without_a_filter_needs_an_admin_token_by_default) {
  Fixture f;
  auto vendor = f.Vendor("vendor-aaa", "read_write");
  auto account = f.Mint(R"({"name": "CRM", "permission": "read"})");
  auto campaign_wide = f.Mint(R"({"name": "Importer", "permission": "read_write", "campaign_id": 1})");
  std::string initial_admin_url = Member(f.Admin("GET", "/v2/tokens/1").body, "docs_url");
  Fixture::Minted initial_admin{"1", f.admin, initial_admin_url.substr(initial_admin_url.find("/docs/"))};
  for (const Fixture::Minted& unfiltered : {account, campaign_wide, initial_admin}) {
    for (const char* form : kForms) {
      const std::string target = unfiltered.docs + form;
      BOOST_TEST_CONTEXT("token " << unfiltered.id << " " << target) {
        auto anonymous = f.client.Request("GET", target);
        CheckProblem(anonymous, 401, "unauthorized");
        BOOST_TEST(anonymous.body.find("vendor-bbb") == std::string::npos);
        if (unfiltered.secret != f.admin) {
          CheckProblem(f.client.Request("GET", target, "", unfiltered.secret), 403, "insufficient_permission");
        }
        CheckProblem(f.client.Request("GET", target, "", vendor.secret), 403, "insufficient_permission");
        CheckProblem(f.client.Request("GET", target, "", "lg_wrong"), 401, "unauthorized");
        auto admin = f.Admin("GET", target);
        BOOST_TEST(admin.status == 200);
        if (std::string_view(form) != "/postman.json") BOOST_TEST(admin.body.find("vendor-bbb") != std::string::npos);
      }
    }
  }
  // A filtered token's docs link shows only its own slice, to anyone who has the link.
  for (const char* form : kForms) {
    BOOST_TEST(f.client.Request("GET", vendor.docs + form).status == 200, form);
    BOOST_TEST(f.client.Request("GET", vendor.docs + form, "", vendor.secret).status == 200, form);
  }
}

BOOST_AUTO_TEST_CASE(every_docs_link_is_public_when_the_setting_says_false) {
  Fixture f([](core::Config& config) { config.account_docs_require_admin = false; });
  auto campaign_wide = f.Mint(R"({"name": "Importer", "permission": "read_write", "campaign_id": 1})");
  for (const char* form : kForms) {
    auto res = f.client.Request("GET", campaign_wide.docs + form);
    BOOST_TEST(res.status == 200, form);
    if (std::string_view(form) != "/postman.json") BOOST_TEST(res.body.find("vendor-bbb") != std::string::npos, form);
  }
}

BOOST_AUTO_TEST_CASE(public_docs_are_rate_limited_per_address_and_unknown_links_count) {
  Fixture f([](core::Config& config) {
    config.docs_requests_per_minute = 1;
    config.docs_burst = 4;
    config.account_docs_require_admin = false;
  });
  auto t = f.Vendor("vendor-aaa", "read");
  // Guesses take from the same bucket as real loads.
  BOOST_TEST(f.client.Request("GET", "/docs/AAAAAAAAAAAAAAAAAAAAAAAA").status == 404);
  BOOST_TEST(f.client.Request("GET", "/docs/x/openapi.json").status == 404);
  BOOST_TEST(f.client.Request("GET", t.docs).status == 200);
  BOOST_TEST(f.client.Request("GET", "/a/leadgate/api-documentation").status == 200);
  for (const std::string& target : {t.docs, t.docs + "/openapi.yaml", std::string("/docs/AAAAAAAAAAAAAAAAAAAAAAAA"),
                                    std::string("/a/leadgate/api-documentation/postman.json")}) {
    auto refused = f.client.Request("GET", target);
    BOOST_TEST(refused.status == 429, target);
    BOOST_TEST(refused.Header("content-type") == "application/problem+json", target);
    BOOST_TEST(Member(refused.body, "code") == "too_many_requests", target);
    BOOST_TEST(refused.Header("retry-after") == "60", target);  // one request a minute
    BOOST_TEST(refused.body.find("vendor-aaa") == std::string::npos, target);
  }
  // The API itself is not limited by the docs' bucket.
  BOOST_TEST(f.Admin("GET", "/v2/campaigns/1").status == 200);
  BOOST_TEST(f.client.Request("GET", "/v2/campaigns/1", "", t.secret).status == 200);
}

BOOST_AUTO_TEST_CASE(admin_only_account_docs_are_limited_per_token_not_by_the_docs_bucket) {
  Fixture f([](core::Config& config) {
    config.docs_requests_per_minute = 1;
    config.docs_burst = 1;
  });
  auto t = f.Vendor("vendor-aaa", "read");
  BOOST_TEST(f.client.Request("GET", t.docs).status == 200);
  BOOST_TEST(f.client.Request("GET", t.docs).status == 429);
  for (const char* form : kForms) {
    BOOST_TEST(f.Admin("GET", std::string("/a/leadgate/api-documentation") + form).status == 200, form);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace docs_test
