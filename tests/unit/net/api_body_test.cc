// Api::BodyOf: the body a request takes is its route's. The bulk create route, and nothing else,
// takes a bulk body read as it arrives (exactly where the router reaches it: the path as sent,
// segments decoded after splitting, any one segment as the campaign id); GET, HEAD and DELETE
// take none; the others the default, a request without a route by its method. The route found
// for it is the one admission and the handler use.

#include <boost/test/unit_test.hpp>
#include <string>

#include "net/router.h"
#include "tests/unit/net/api_fixture.h"

namespace api_body_test {

using namespace lg;
using lg::net::Body;
using lg::net_test::ApiFixture;

namespace {

Body BodyOf(const net::Api& api, const std::string& method, const std::string& path) {
  net::HttpRequest request = ApiFixture::Request(method, path);
  return api.BodyOf(request);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(api_body, ApiFixture)

BOOST_AUTO_TEST_CASE(a_post_to_a_campaigns_bulk_endpoint_takes_a_streamed_bulk_body) {
  for (const char* path : {"/v2/campaigns/1/leads/bulk", "/v2/campaigns/18446744073709551615/leads/bulk",
                           "/v2/campaigns/abc/leads/bulk", "/v2/campaigns/caf%C3%A9%20bar/leads/bulk",
                           "/v2/c%61mpaigns/1/le%61ds/bulk", "/v2/campaigns/1%2F2/leads/bulk"}) {
    BOOST_TEST_CONTEXT(path) { BOOST_TEST((BodyOf(api, "POST", path) == Body::kBulkStreamed)); }
  }
}

BOOST_AUTO_TEST_CASE(other_methods_on_the_bulk_endpoint_take_their_methods_body) {
  for (const char* method : {"GET", "HEAD", "DELETE"}) {
    BOOST_TEST_CONTEXT(method) { BOOST_TEST((BodyOf(api, method, "/v2/campaigns/1/leads/bulk") == Body::kNone)); }
  }
  for (const char* method : {"PUT", "PATCH", "OPTIONS", "post", "Post", ""}) {
    BOOST_TEST_CONTEXT(method) { BOOST_TEST((BodyOf(api, method, "/v2/campaigns/1/leads/bulk") == Body::kDefault)); }
  }
}

BOOST_AUTO_TEST_CASE(paths_without_exactly_one_segment_as_the_id_are_no_bulk) {
  for (const char* path : {"/v2/campaigns//leads/bulk", "/v2/campaigns/leads/bulk", "/v2/campaigns/1/2/leads/bulk",
                           "/v2/campaigns/1/leads/bulk/", "/v2/campaigns/1/leads/bulk/x", "/v2/campaigns/1/leads",
                           "/v2/campaigns/1/leads/bulkx", "/v2/campaigns/1/leadsbulk", "/v2/leads/bulk", "/leads/bulk",
                           "/v1/campaigns/1/leads/bulk", "/x/v2/campaigns/1/leads/bulk", "/v2/campaigns/1/leads/BULK",
                           "/v2/campaigns/", "", "/"}) {
    BOOST_TEST_CONTEXT("'" << path << "'") { BOOST_TEST((BodyOf(api, "POST", path) == Body::kDefault)); }
  }
  // An encoded slash is no separator, just as the router reads it.
  for (const char* path : {"/v2/campaigns/1/leads%2Fbulk", "/v2%2Fcampaigns/1/leads/bulk",
                           "/v2/campaigns/1/leads/bulk%2F", "/v2/campaigns/%zz/leads/bulk"}) {
    BOOST_TEST_CONTEXT("'" << path << "'") { BOOST_TEST((BodyOf(api, "POST", path) == Body::kDefault)); }
  }
}

BOOST_AUTO_TEST_CASE(each_route_takes_the_body_its_method_gives_it) {
  BOOST_TEST((BodyOf(api, "POST", "/v2/campaigns/1/leads") == Body::kDefault));
  BOOST_TEST((BodyOf(api, "PATCH", "/v2/campaigns/1/leads/2") == Body::kDefault));
  BOOST_TEST((BodyOf(api, "GET", "/v2/campaigns/1/leads/2") == Body::kNone));
  BOOST_TEST((BodyOf(api, "HEAD", "/v2/campaigns/1/leads/2") == Body::kNone));
  BOOST_TEST((BodyOf(api, "DELETE", "/v2/campaigns/1/leads/2") == Body::kNone));
  BOOST_TEST((BodyOf(api, "GET", "/no/such/route") == Body::kNone));
  BOOST_TEST((BodyOf(api, "POST", "/no/such/route") == Body::kDefault));
}

BOOST_AUTO_TEST_CASE(the_route_found_for_the_body_is_the_one_admission_and_the_handler_use) {
  net::HttpRequest request = Request("GET", "/livez");
  BOOST_TEST((api.BodyOf(request) == Body::kNone));
  BOOST_REQUIRE(request.admission.match.has_value());
  BOOST_REQUIRE(request.admission.match->route != nullptr);
  BOOST_TEST(request.admission.match->route->name == "GET /livez");
  // Were the request routed again, this path would be a 404, at admission or in the handler.
  request.path = "/no/such/route";
  BOOST_TEST(!api.Admit(request).has_value());
  BOOST_TEST(Handle(request).status == 200);
  // Not admitted before the handler (a request waiting for a log position is admitted there).
  net::HttpRequest later = Request("GET", "/livez");
  BOOST_TEST((api.BodyOf(later) == Body::kNone));
  later.path = "/no/such/route";
  BOOST_TEST(Handle(later).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace api_body_test
