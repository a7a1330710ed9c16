// The live changes part of a token's documentation (apidocs/stream_docs.h): the event stream's path
// in OpenAPI with its text/event-stream answer (an example stream built from the campaign's own
// example lead), Last-Event-ID and the list's condition parameters (the vendor's own option only);
// the list's wait= with its bounds; the HTML section; the Postman long-poll request.

#include "apidocs/stream_docs.h"

#include <simdjson.h>

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
#include "tests/support/json_pointer.h"
#include "tests/support/must.h"

namespace stream_docs_test {

using namespace lg;
using lg::test::At;
using lg::test::Contains;
using lg::test::Has;
using lg::test::Int;
using lg::test::Must;
using lg::test::Str;

namespace {

constexpr std::string_view kEvents = "/paths/~1v2~1campaigns~17~1leads~1events/get";
constexpr std::string_view kList = "/paths/~1v2~1campaigns~17~1leads/get";

core::Campaign Solar() {
  core::Campaign campaign = Must(core::DecodeCampaign(R"({"name": "Solar",
      "fields": [{"slug": "full_name", "label": "Name", "type": "text", "required": true},
                 {"slug": "email", "label": "E-mail", "type": "email"}],
      "selects": [{"slug": "source", "label": "Source", "required": true, "options": [
                    {"slug": "vendor-aaa", "label": "Alpha Leads"}, {"slug": "vendor-bbb", "label": "Bravo Media"}]}],
      "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
                   {"slug": "won", "label": "Won", "type": "won"}]})",
                                                      core::CampaignForm::kApi));
  campaign.id = 7;
  campaign.AssignInternalIds();
  return campaign;
}

// A vendor's read token, filtered to source = vendor-aaa, as docs_service builds it.
apidocs::DocsRequest Vendor() {
  apidocs::DocsRequest request;
  request.account_name = "Acme";
  request.title = "Vendor AAA";
  request.base_url = "https://leads.acme.example";
  request.docs_path = "/docs/abc";
  request.campaign_scoped = true;
  const core::Campaign campaign = Solar();
  core::Filter filter;
  filter.name = "aaa";
  filter.conditions = {{"source", core::FilterOp::kEq, {"\"vendor-aaa\""}}};
  const core::CompiledFilter compiled = Must(core::CompileFilter(campaign, filter));
  request.campaigns.push_back({core::RestrictToFilter(campaign, &compiled), core::PinnedBy(compiled), true});
  return request;
}

// The parameter `name` of an operation, or the test stops.
simdjson::dom::element Parameter(simdjson::dom::element operation, std::string_view name) {
  simdjson::dom::array parameters;
  BOOST_REQUIRE(!At(operation, "/parameters").get_array().get(parameters));
  for (simdjson::dom::element parameter : parameters) {
    if (Str(parameter, "/name") == name) return parameter;
  }
  BOOST_FAIL("no parameter " << name);
  return {};
}

std::vector<std::string> ParameterNames(simdjson::dom::element operation) {
  std::vector<std::string> names;
  simdjson::dom::array parameters;
  BOOST_REQUIRE(!At(operation, "/parameters").get_array().get(parameters));
  for (simdjson::dom::element parameter : parameters) names.push_back(Str(parameter, "/name"));
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_docs)

BOOST_AUTO_TEST_CASE(the_spec_documents_the_event_stream_with_an_example_of_the_vendors_own_lead) {
  const std::string text = apidocs::BuildOpenApi(Vendor());
  simdjson::dom::parser parser;
  simdjson::dom::element spec;
  BOOST_REQUIRE(!parser.parse(text).get(spec));
  simdjson::dom::element get = At(spec, kEvents);
  const std::string media = std::string(kEvents) + "/responses/200/content/text~1event-stream";
  BOOST_TEST(Str(spec, media + "/schema/type") == "string");
  BOOST_TEST(Contains(Str(spec, media + "/schema/description"), "lead.deleted"));
  const std::string example = Str(spec, media + "/examples/example/value");
  for (const char* part : {"retry: 2000\n", "event: ready\ndata: {\"cursor\":\"", "event: lead\ndata: {\"id\":",
                           "event: lead.deleted\ndata: {", "\"deleted\":true", ": heartbeat\n"}) {
    BOOST_TEST(Contains(example, part), part);
  }
  BOOST_TEST(Contains(example, "vendor-aaa"));
  BOOST_TEST(!Contains(text, "vendor-bbb"));  // the restricted schema, in the example and the parameters

  BOOST_TEST(Str(Parameter(get, "Last-Event-ID"), "/in") == "header");
  BOOST_TEST(Str(Parameter(get, "cursor"), "/in") == "query");
  for (const char* condition : {"status", "created_after", "updated_before"}) {
    BOOST_TEST(Str(Parameter(get, condition), "/in") == "query", condition);
  }
  // A comma list of the vendor's own option (form style, not exploded: source=a,b).
  BOOST_TEST(Str(Parameter(get, "source"), "/schema/items/enum/0") == "vendor-aaa");
  BOOST_TEST(Str(Parameter(get, "source"), "/style") == "form");
  for (const auto& name : ParameterNames(get)) {
    BOOST_TEST((name != "sort" && name != "limit" && name != "wait" && name != "page"), name);
  }
  BOOST_TEST(Contains(Str(spec, std::string(kEvents) + "/responses/429/description"), "too_many_streams"));
  BOOST_TEST(Str(spec, std::string(kEvents) + "/responses/429/content/application~1problem+json/examples/example/"
                                              "value/code") == "too_many_streams");
  BOOST_TEST(Str(spec, std::string(kEvents) + "/responses/400/content/application~1problem+json/examples/example/"
                                              "value/code") == "invalid_parameter");
  BOOST_TEST(Str(spec, std::string(kEvents) + "/responses/401/$ref") == "#/components/responses/Unauthorized");
  BOOST_TEST(Str(spec, std::string(kEvents) + "/responses/404/$ref") == "#/components/responses/NotFound");
}

BOOST_AUTO_TEST_CASE(the_list_takes_wait_within_the_configured_bounds) {
  apidocs::DocsRequest request = Vendor();
  for (int64_t most : {60, 20}) {
    request.live_feed.max_wait_seconds = most;
    simdjson::dom::parser parser;
    simdjson::dom::element spec;
    BOOST_REQUIRE(!parser.parse(apidocs::BuildOpenApi(request)).get(spec));
    simdjson::dom::element wait = Parameter(At(spec, kList), "wait");
    BOOST_TEST(Str(wait, "/in") == "query");
    BOOST_TEST(Str(wait, "/schema/type") == "integer");
    BOOST_TEST(Int(wait, "/schema/minimum") == 0);
    BOOST_TEST(Int(wait, "/schema/maximum") == most);
    BOOST_TEST(Contains(Str(wait, "/description"), "sort=updated_at"));
  }
}

BOOST_AUTO_TEST_CASE(the_page_has_a_live_changes_section) {
  apidocs::DocsRequest request = Vendor();
  request.live_feed = {.max_streams_per_token = 3, .heartbeat_seconds = 20, .max_wait_seconds = 45};
  const std::string html = apidocs::BuildHtmlPage(request);
  const std::string events = "https://leads.acme.example/v2/campaigns/7/leads/events";
  for (const std::string& part :
       {std::string("<h2 id=\"live\">Live changes</h2>"), std::string("href=\"#live\""), "curl -N -s " + events,
        std::string("-H &quot;Authorization: Bearer $TOKEN&quot;"), std::string("Last-Event-ID"),
        std::string("new EventSource(&quot;") + events, std::string("addEventListener(&quot;lead.deleted&quot;"),
        std::string("event: ready"), std::string("too_many_streams"), std::string("every 20 seconds"),
        std::string("may hold 3 streams"), std::string("(0 to 45)"), std::string("sort=updated_at&amp;wait=30"),
        std::string("<code>wait</code>")}) {
    BOOST_TEST(Contains(html, part), part);
  }
  BOOST_TEST(!Contains(html, "vendor-bbb"));
}

BOOST_AUTO_TEST_CASE(the_collection_long_polls_the_sync_feed) {
  const std::string text = apidocs::BuildPostman(Vendor());
  simdjson::dom::parser parser;
  simdjson::dom::element collection;
  BOOST_REQUIRE(!parser.parse(text).get(collection));
  simdjson::dom::array items;
  BOOST_REQUIRE(!At(collection, "/item").get_array().get(items));
  bool found = false;
  for (simdjson::dom::element item : items) {
    if (!Str(item, "/name").starts_with("Long-poll changes")) continue;
    found = true;
    BOOST_TEST(Str(item, "/request/method") == "GET");
    BOOST_TEST(Str(item, "/request/url/raw") == "{{baseUrl}}/v2/campaigns/7/leads?sort=updated_at&wait=30");
    BOOST_TEST(Str(item, "/request/url/query/0/key") == "sort");
    BOOST_TEST(Str(item, "/request/url/query/0/value") == "updated_at");
    BOOST_TEST(Str(item, "/request/url/query/1/key") == "wait");
    BOOST_TEST(Str(item, "/request/url/query/1/value") == "30");
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(the_example_stream_reads_as_the_server_writes_it) {
  const apidocs::DocsRequest request = Vendor();
  const std::string stream = apidocs::ExampleEventStream(request, request.campaigns.front());
  // Events separated by blank lines; every id an updated_at feed cursor (hex).
  size_t ids = 0;
  for (size_t at = stream.find("id: "); at != std::string::npos; at = stream.find("\nid: ", at + 1)) {
    const size_t start = stream[at] == '\n' ? at + 5 : at + 4;
    const std::string id = stream.substr(start, stream.find('\n', start) - start);
    BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos, id);
    ++ids;
  }
  BOOST_TEST(ids == 3U);
  BOOST_TEST(stream.ends_with(": heartbeat\n\n"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace stream_docs_test
