// A webhook endpoint's stored form comes back as it went in (secrets' sealed bytes included);
// the API's input is checked member by member, with the event types put in one order.

#include "core/webhook_endpoint.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace webhook_endpoint_test {

using lg::core::DecodeWebhookEndpoint;
using lg::core::EncodeWebhookEndpoint;
using lg::core::ErrorKind;
using lg::core::ParseWebhookEndpointInput;
using lg::core::WebhookEndpoint;

namespace {

// The field of each 422 error, in order.
std::vector<std::string> FieldsAtFault(const lg::core::Status& status) {
  std::vector<std::string> fields;
  for (const auto& error : status.errors()) fields.push_back(error.field + ":" + error.code);
  return fields;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_endpoint)

BOOST_AUTO_TEST_CASE(the_stored_form_round_trips) {
  WebhookEndpoint e;
  e.id = 12;
  e.url = "https://crm.example.com/hooks/leads?src=leadgate";
  e.description = "CRM – new leads";
  e.event_types = {"lead.created", "lead.deleted"};
  e.campaign_id = 3;
  e.filter_id = 9;
  e.token_id = 41;
  e.enabled = false;
  e.disabled_reason = "gone";
  e.secrets = {{std::string("\x00old\xff", 5), 1000, 5000}, {std::string("new\x01", 4), 2000, std::nullopt}};
  e.created_at = 1000;
  e.updated_at = 2000;
  e.failing_since = 1500;
  auto back = DecodeWebhookEndpoint(EncodeWebhookEndpoint(e));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == e));
  BOOST_TEST(back->Wants("lead.deleted"));
  BOOST_TEST(!back->Wants("lead.updated"));

  WebhookEndpoint plain;
  plain.id = 1;
  plain.url = "https://a.example";
  plain.event_types = {"lead.created"};
  plain.campaign_id = 1;
  back = DecodeWebhookEndpoint(EncodeWebhookEndpoint(plain));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == plain));
  BOOST_TEST(!DecodeWebhookEndpoint(R"({"id": "x"})").has_value());
}

BOOST_AUTO_TEST_CASE(a_post_needs_url_and_event_types_and_orders_the_types) {
  auto in = ParseWebhookEndpointInput(
      R"({"url": "https://crm.example.com/in", "event_types": ["lead.deleted", "lead.created", "lead.created"],
          "description": "d", "campaign_id": 4, "filter_id": null, "enabled": false})",
      false);
  BOOST_REQUIRE(in.has_value());
  BOOST_TEST(*in->url == "https://crm.example.com/in");
  BOOST_TEST((*in->event_types == std::vector<std::string>{"lead.created", "lead.deleted"}));
  BOOST_TEST(*in->campaign_id == 4u);
  BOOST_TEST((in->filter_id.has_value() && !in->filter_id->has_value()));
  BOOST_TEST(*in->enabled == false);

  auto missing = ParseWebhookEndpointInput(R"({"description": "x"})", false);
  BOOST_REQUIRE(!missing.has_value());
  BOOST_TEST((missing.error().kind() == ErrorKind::kInvalid));
  BOOST_TEST((FieldsAtFault(missing.error()) == std::vector<std::string>{"url:required", "event_types:required"}));
  BOOST_TEST(ParseWebhookEndpointInput(R"({"enabled": true})", true).has_value());
}

BOOST_AUTO_TEST_CASE(bad_members_are_named) {
  auto bad = ParseWebhookEndpointInput(
      R"({"url": "ftp://x.example/", "event_types": ["lead.exploded"], "campaign_id": 0, "filter_id": -1,
          "enabled": "yes", "secret": "mine", "description": ")" +
          std::string(501, 'd') + R"("})",
      false);
  BOOST_REQUIRE(!bad.has_value());
  BOOST_TEST((FieldsAtFault(bad.error()) ==
              std::vector<std::string>{"url:invalid_url", "event_types:invalid_event_types", "campaign_id:invalid_id",
                                       "filter_id:invalid_id", "enabled:invalid_type", "secret:unknown_field",
                                       "description:too_long"}),
             bad.error().detail());
  for (const char* url : {"https://", "https://a b.example/", "http:/x", "https://x.example/\u00e9",
                          "https://user:pw@x.example/", "https://127.1/", "https://x.example:99999/"}) {
    auto refused =
        ParseWebhookEndpointInput(std::string(R"({"url": ")") + url + R"(", "event_types": ["lead.created"]})", false);
    BOOST_TEST_CONTEXT(url) { BOOST_TEST(!refused.has_value()); }
  }
  BOOST_TEST(!ParseWebhookEndpointInput(R"({"event_types": []})", true).has_value());
  BOOST_TEST(!ParseWebhookEndpointInput("[1]", true).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace webhook_endpoint_test
