// The webhooks part of a token's documentation (apidocs/webhook_docs.h): the OpenAPI `webhooks`
// section with an entry per event and payload examples built from the campaign's own fields, the
// endpoints API offered to every token (its options and the vendor's own values only), the HTML
// section with the rules and the verify snippets, the Postman folder that cleans up after itself,
// and example signatures that verify with the example secret.

#include "apidocs/webhook_docs.h"

#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "apidocs/html_page.h"
#include "apidocs/openapi.h"
#include "apidocs/postman.h"
#include "core/campaign_json.h"
#include "core/filter_rules.h"
#include "core/scoped_schema.h"
#include "core/sha256.h"
#include "core/webhook_endpoint.h"
#include "tests/support/json_pointer.h"
#include "tests/support/must.h"

namespace webhook_docs_test {

using namespace lg;
using lg::test::At;
using lg::test::Contains;
using lg::test::Has;
using lg::test::Int;
using lg::test::Must;
using lg::test::Str;

namespace {

constexpr uint64_t kCampaignId = 7;
const std::vector<std::string> kEventTypes{"lead.created", "lead.updated", "lead.status_changed", "lead.deleted",
                                           "webhook.ping"};

core::Campaign Solar() {
  core::Campaign campaign = Must(core::DecodeCampaign(R"({"name": "Solar",
      "fields": [{"slug": "full_name", "label": "Name", "type": "text", "required": true},
                 {"slug": "email", "label": "E-mail", "type": "email"},
                 {"slug": "roof_area", "label": "Roof area", "type": "number"}],
      "selects": [{"slug": "source", "label": "Source", "required": true, "options": [
                    {"slug": "vendor-aaa", "label": "Alpha Leads"}, {"slug": "vendor-bbb", "label": "Bravo Media"}]}],
      "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
                   {"slug": "won", "label": "Won", "type": "won"}]})",
                                                      core::CampaignForm::kApi));
  campaign.id = kCampaignId;
  campaign.AssignInternalIds();
  return campaign;
}

apidocs::DocsRequest Base(std::string title, core::Permission permission) {
  apidocs::DocsRequest request;
  request.account_name = "Acme";
  request.title = std::move(title);
  request.base_url = "https://leads.acme.example";
  request.docs_path = "/docs/abc";
  request.permission = permission;
  request.webhooks.event_types.assign(core::kLeadEventTypes.begin(), core::kLeadEventTypes.end());
  return request;
}

// A vendor's read token: campaign 7, filtered to source = `option`, as docs_service builds it.
apidocs::DocsRequest Vendor(const std::string& option) {
  apidocs::DocsRequest request = Base("Vendor " + option, core::Permission::kRead);
  const core::Campaign campaign = Solar();
  core::Filter filter;
  filter.name = option;
  filter.conditions = {{"source", core::FilterOp::kEq, {"\"" + option + "\""}}};
  const core::CompiledFilter compiled = Must(core::CompileFilter(campaign, filter));
  request.campaigns.push_back({core::RestrictToFilter(campaign, &compiled), core::PinnedBy(compiled), true});
  request.campaign_scoped = true;
  return request;
}

apidocs::DocsRequest Admin() {
  apidocs::DocsRequest request = Base("Admin", core::Permission::kAdmin);
  request.campaigns.push_back({Solar(), {}, false});
  request.webhooks.manages_all = true;
  return request;
}

std::string Text(simdjson::dom::element element) { return std::string(simdjson::to_string(element)); }

simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element out;
  BOOST_REQUIRE_MESSAGE(!parser.parse(json).get(out), "not JSON: " << json.substr(0, 200));
  return out;
}

simdjson::dom::array Array(simdjson::dom::element root, std::string_view pointer) {
  simdjson::dom::array out;
  BOOST_REQUIRE_MESSAGE(!At(root, pointer).get_array().get(out), pointer << " is no array");
  return out;
}

simdjson::dom::element Item(simdjson::dom::array array, size_t index) {
  simdjson::dom::element out;
  BOOST_REQUIRE(!array.at(index).get(out));
  return out;
}

std::string Base64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  out.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 reinterpret_cast<const unsigned char*>(bytes.data()),
                                                 static_cast<int>(bytes.size()))));
  return out;
}

// The key of a "whsec_" secret, read the way a receiver reads it.
std::string KeyOf(std::string_view secret) {
  BOOST_REQUIRE(secret.starts_with("whsec_"));
  secret.remove_prefix(6);
  std::string key(secret.size() / 4 * 3, '\0');
  const int size =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                      reinterpret_cast<const unsigned char*>(secret.data()), static_cast<int>(secret.size()));
  BOOST_REQUIRE(size > 0);
  key.resize(static_cast<size_t>(size) - static_cast<size_t>(std::count(secret.begin(), secret.end(), '=')));
  return key;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_docs)

BOOST_AUTO_TEST_CASE(the_spec_has_a_webhook_for_each_event_with_a_payload_built_from_the_campaign) {
  const std::string text = apidocs::BuildOpenApi(Admin());
  simdjson::dom::parser parser;
  simdjson::dom::element spec = Parse(parser, text);
  for (const auto& type : kEventTypes) {
    BOOST_TEST_CONTEXT(type) {
      const std::string post = "/webhooks/" + type + "/post";
      const std::string ref = Str(spec, post + "/requestBody/content/application~1json/schema/$ref");
      BOOST_TEST(Has(spec, "/components/schemas/" + ref.substr(ref.rfind('/') + 1)));
      simdjson::dom::element body = At(spec, post + "/requestBody/content/application~1json/examples/example/value");
      BOOST_TEST(Str(body, "/type") == type);
      BOOST_TEST(Str(body, "/timestamp").ends_with("Z"));
      BOOST_TEST(Has(spec, post + "/responses/2XX"));
      BOOST_TEST(Has(spec, post + "/responses/410"));
      std::vector<std::string> headers;
      for (simdjson::dom::element parameter : Array(spec, post + "/parameters")) {
        headers.push_back(Str(parameter, "/name"));
        BOOST_TEST(Str(parameter, "/in") == "header");
        BOOST_TEST(Has(parameter, "/examples/example/value"));
      }
      BOOST_TEST(headers == (std::vector<std::string>{"webhook-id", "webhook-timestamp", "webhook-signature"}),
                 boost::test_tools::per_element());
      if (type == "webhook.ping") continue;
      BOOST_TEST(Text(At(body, "/data/campaign_id")) == "7");
      const std::string id = Str(spec, post + "/parameters/0/examples/example/value");
      BOOST_TEST(id.starts_with("evt_7_"), id);
      if (type == "lead.deleted") {
        BOOST_TEST(Text(At(body, "/data/lead/deleted")) == "true");
        BOOST_TEST(!Has(body, "/data/lead/field_values"));  // a tombstone: nothing to identify a person by
        continue;
      }
      // The campaign's own fields and select, as the lead's GET shows them.
      for (const char* field : {"/full_name", "/email", "/roof_area"}) {
        BOOST_TEST(Has(body, std::string("/data/lead/field_values") + field), field);
      }
      BOOST_TEST(Str(body, "/data/lead/select_field_values/source") == "vendor-aaa");
    }
  }
  simdjson::dom::element changed =
      At(spec, "/webhooks/lead.status_changed/post/requestBody/content/application~1json/examples/example/value");
  BOOST_TEST(Str(changed, "/data/status_from") == "new");
  BOOST_TEST(Str(changed, "/data/lead/status") == "won");
  BOOST_TEST(Text(At(spec, "/webhooks/lead.created/post/security")) == "[]");  // signed, not sent with a token
}

BOOST_AUTO_TEST_CASE(the_example_signatures_verify_with_the_example_secret) {
  const std::string key = KeyOf(apidocs::ExampleWebhookSecret());
  const std::vector<apidocs::WebhookEventDoc> events = apidocs::WebhookEventDocs(Admin());
  BOOST_REQUIRE_EQUAL(events.size(), kEventTypes.size());
  const std::string html = apidocs::BuildHtmlPage(Admin());
  for (const auto& event : events) {
    BOOST_TEST_CONTEXT(event.type) {
      const std::string signed_content =
          event.webhook_id + "." + std::to_string(event.webhook_timestamp) + "." + event.body;
      BOOST_TEST(event.webhook_signature == "v1," + Base64(core::HmacSha256(key, {signed_content})));
    }
  }
  // The page's example request carries the first event's headers.
  BOOST_TEST(Contains(html, "webhook-signature: " + events.front().webhook_signature));
  BOOST_TEST(Contains(html, "webhook-id: " + events.front().webhook_id));
}

BOOST_AUTO_TEST_CASE(a_vendor_token_is_offered_only_its_own_options) {
  const apidocs::DocsRequest vendor = Vendor("vendor-bbb");
  const std::string text = apidocs::BuildOpenApi(vendor);
  simdjson::dom::parser parser;
  simdjson::dom::element spec = Parse(parser, text);
  for (const std::string& part :
       {Text(At(spec, "/webhooks")), apidocs::BuildHtmlPage(vendor), apidocs::BuildPostman(vendor)}) {
    BOOST_TEST(Contains(part, "vendor-bbb"));
    BOOST_TEST(!Contains(part, "vendor-aaa"));
    BOOST_TEST(!Contains(part, "Alpha Leads"));
  }
  BOOST_TEST(Str(spec,
                 "/webhooks/lead.created/post/requestBody/content/application~1json/examples/example/value/"
                 "data/lead/select_field_values/source") == "vendor-bbb");
  // Its endpoints go through its own filter and campaign: no filter_id, campaign_id fixed.
  simdjson::dom::element create = At(spec, "/components/schemas/WebhookEndpointCreate");
  BOOST_TEST(!Has(create, "/properties/filter_id"));
  BOOST_TEST(Text(At(create, "/properties/campaign_id/const")) == "7");
  BOOST_TEST(Text(At(create, "/required")) == R"(["url","event_types"])");

  simdjson::dom::parser admin_parser;
  const std::string admin_text = apidocs::BuildOpenApi(Admin());
  simdjson::dom::element admin_create =
      At(Parse(admin_parser, admin_text), "/components/schemas/WebhookEndpointCreate");
  BOOST_TEST(Has(admin_create, "/properties/filter_id"));
  BOOST_TEST(Text(At(admin_create, "/required")) == R"(["url","event_types","campaign_id"])");
}

BOOST_AUTO_TEST_CASE(a_read_token_may_register_endpoints_in_every_form) {
  const apidocs::DocsRequest reader = Vendor("vendor-aaa");
  simdjson::dom::parser parser;
  const std::string text = apidocs::BuildOpenApi(reader);
  simdjson::dom::element spec = Parse(parser, text);
  for (const char* op :
       {"/paths/~1v2~1webhooks/post", "/paths/~1v2~1webhooks/get", "/paths/~1v2~1webhooks~1{webhook_id}/delete",
        "/paths/~1v2~1webhooks~1{webhook_id}~1ping/post", "/paths/~1v2~1webhooks~1{webhook_id}~1deliveries/get",
        "/paths/~1v2~1webhooks~1{webhook_id}~1deliveries~1{delivery_id}~1replay/post",
        "/paths/~1v2~1webhooks~1{webhook_id}~1rotate/post"}) {
    BOOST_TEST(Has(spec, op), op);
  }
  BOOST_TEST(!Has(spec, "/paths/~1v2~1campaigns~17~1leads/post"));  // still no lead writes
  const std::string html = apidocs::BuildHtmlPage(reader);
  BOOST_TEST(Contains(html, R"(<table id="webhooks-endpoints-table">)"));
  BOOST_TEST(Contains(html, "<code>POST</code></td><td><code>/v2/webhooks</code>"));
}

BOOST_AUTO_TEST_CASE(the_html_section_lists_events_headers_rules_and_the_verify_snippets) {
  const std::string html = apidocs::BuildHtmlPage(Vendor("vendor-aaa"));
  BOOST_TEST(Contains(html, R"(<h2 id="webhooks">Webhooks</h2>)"));
  BOOST_TEST(Contains(html, R"(<a href="#webhooks">)"));
  for (const auto& type : kEventTypes) BOOST_TEST(Contains(html, "<tr><td><code>" + type + "</code>"), type);
  for (std::string_view part :
       {"webhook-id", "webhook-timestamp", "webhook-signature", "require(&quot;standardwebhooks&quot;)",
        "wh.verify(req.body, req.headers)", "hmac.new(key, signed, hashlib.sha256)",
        "5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h", "<code>410 Gone</code>", "Retry-After", "whsec_"}) {
    BOOST_TEST(Contains(html, part), part);
  }
}

BOOST_AUTO_TEST_CASE(the_collection_registers_an_endpoint_and_deletes_it_again) {
  const std::string text = apidocs::BuildPostman(Vendor("vendor-aaa"));
  simdjson::dom::parser parser;
  simdjson::dom::element collection = Parse(parser, text);
  simdjson::dom::array items = Array(collection, "/item");
  simdjson::dom::element folder = Item(items, items.size() - 1);
  BOOST_REQUIRE(Str(folder, "/name") == "Webhooks");
  simdjson::dom::array calls = Array(folder, "/item");
  simdjson::dom::element first = Item(calls, 0);
  simdjson::dom::element last = Item(calls, calls.size() - 1);
  BOOST_TEST(Str(first, "/request/method") == "POST");
  BOOST_TEST(Contains(Str(first, "/request/body/raw"), R"("url":"{{webhookUrl}}")"));
  BOOST_TEST(Contains(Text(At(first, "/event")), "webhookId"));
  BOOST_TEST(Str(last, "/request/method") == "DELETE");
  BOOST_TEST(Str(last, "/request/url/raw") == "{{baseUrl}}/v2/webhooks/{{webhookId}}");
  bool url_variable = false;
  for (simdjson::dom::element variable : Array(collection, "/variable")) {
    url_variable |= Str(variable, "/key") == "webhookUrl" && Str(variable, "/value") == apidocs::kExampleWebhookUrl;
  }
  BOOST_TEST(url_variable);
}

BOOST_AUTO_TEST_CASE(docs_without_a_campaign_describe_no_webhooks) {
  const apidocs::DocsRequest empty = Base("Nothing", core::Permission::kRead);
  simdjson::dom::parser parser;
  const std::string text = apidocs::BuildOpenApi(empty);
  simdjson::dom::element spec = Parse(parser, text);
  BOOST_TEST(!Has(spec, "/webhooks"));
  BOOST_TEST(!Has(spec, "/paths/~1v2~1webhooks"));
  BOOST_TEST(!Contains(apidocs::BuildHtmlPage(empty), "webhooks"));
  BOOST_TEST(!Contains(apidocs::BuildPostman(empty), "Webhooks"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace webhook_docs_test
