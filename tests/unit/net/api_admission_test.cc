// Api: a request is routed once. Admission (Api::Admit) finds the route and keeps it, with its
// captures, in the request's admission; the handler (Api::Handle) runs that route and never
// routes the request again. Refusals keep what the router found too (404, 405 with Allow).

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "net/problem.h"
#include "net/router.h"
#include "tests/unit/net/api_fixture.h"

namespace api_admission_test {

using namespace lg;
using lg::net_test::ApiFixture;

namespace {

std::string LeadPath(uint64_t campaign, uint64_t lead) {
  return "/v2/campaigns/" + std::to_string(campaign) + "/leads/" + std::to_string(lead);
}

std::string HeaderOf(const net::HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(api_admission, ApiFixture)

BOOST_AUTO_TEST_CASE(admission_keeps_the_route_it_found_with_its_captures) {
  net::HttpRequest request = Request("GET", LeadPath(campaign, a1.id), vendor_a.secret);
  BOOST_TEST(!api.Admit(request).has_value());
  BOOST_TEST(request.admission.done);
  BOOST_REQUIRE(request.admission.match.has_value());
  const net::RouteMatch& match = *request.admission.match;
  BOOST_REQUIRE(match.route != nullptr);
  BOOST_TEST(match.route->name == "GET /v2/campaigns/{campaign_id}/leads/{lead_id}");
  BOOST_TEST(match.params.at("campaign_id") == std::to_string(campaign));
  BOOST_TEST(match.params.at("lead_id") == std::to_string(a1.id));
  BOOST_TEST(Handle(request).status == 200);
}

BOOST_AUTO_TEST_CASE(the_handler_runs_the_route_admission_found_without_routing_again) {
  net::HttpRequest request = Request("GET", "/livez");
  BOOST_TEST(!api.Admit(request).has_value());
  // Were the request routed again, this path would be a 404.
  request.path = "/no/such/route";
  net::HttpResponse answer = Handle(request);
  BOOST_TEST(answer.status == 200);
  BOOST_TEST(answer.body == R"({"status":"ok"})");
  // A lead read admitted for vendor a: its captures are the ones admission found.
  net::HttpRequest read = Request("GET", LeadPath(campaign, a1.id), vendor_a.secret);
  BOOST_TEST(!api.Admit(read).has_value());
  read.path = LeadPath(campaign, b1.id);  // vendor b's lead: 404 for vendor a, if it were read
  BOOST_TEST(Handle(read).status == 200);
}

BOOST_AUTO_TEST_CASE(a_request_not_admitted_before_is_admitted_and_routed_by_the_handler) {
  BOOST_TEST(Handle(Request("GET", "/livez")).status == 200);
  BOOST_TEST(Handle(Request("GET", "/no/such/route")).status == 404);
  BOOST_TEST(Handle(Request("GET", LeadPath(campaign, a1.id))).status == 401);
  BOOST_TEST(Handle(Request("GET", LeadPath(campaign, a1.id), vendor_a.secret)).status == 200);
  BOOST_TEST(Handle(Request("GET", LeadPath(campaign, b1.id), vendor_a.secret)).status == 404);
}

BOOST_AUTO_TEST_CASE(a_refusal_keeps_what_the_router_found) {
  net::HttpRequest unknown = Request("GET", "/no/such/route");
  std::optional<net::HttpResponse> not_found = api.Admit(unknown);
  BOOST_REQUIRE(not_found.has_value());
  BOOST_TEST(not_found->status == 404);
  BOOST_REQUIRE(unknown.admission.match.has_value());
  BOOST_TEST(unknown.admission.match->route == nullptr);
  BOOST_TEST(!unknown.admission.done);

  net::HttpRequest wrong_method = Request("PUT", LeadPath(campaign, a1.id), vendor_a.secret);
  std::optional<net::HttpResponse> not_allowed = api.Admit(wrong_method);
  BOOST_REQUIRE(not_allowed.has_value());
  BOOST_TEST(not_allowed->status == 405);
  BOOST_TEST(HeaderOf(*not_allowed, "Allow") == "GET, HEAD, PATCH, DELETE");
  BOOST_REQUIRE(wrong_method.admission.match.has_value());
  BOOST_TEST(!wrong_method.admission.match->allowed.empty());

  net::HttpRequest anonymous = Request("GET", LeadPath(campaign, a1.id));
  std::optional<net::HttpResponse> unauthenticated = api.Admit(anonymous);
  BOOST_REQUIRE(unauthenticated.has_value());
  BOOST_TEST(unauthenticated->status == 401);
  BOOST_REQUIRE(anonymous.admission.match.has_value());
  BOOST_REQUIRE(anonymous.admission.match->route != nullptr);
  BOOST_TEST(anonymous.admission.match->route->name == "GET /v2/campaigns/{campaign_id}/leads/{lead_id}");
}

// The token's scope is compiled once, at admission, onto the principal the handler gets; an
// edit of the filter applies from the next request on.
BOOST_AUTO_TEST_CASE(admission_attaches_the_tokens_scope_and_the_next_request_follows_an_edit) {
  net::HttpRequest vendor = Request("GET", LeadPath(campaign, a1.id), vendor_a.secret);
  BOOST_TEST(!api.Admit(vendor).has_value());
  BOOST_REQUIRE(vendor.admission.principal.has_value());
  BOOST_TEST(vendor.admission.principal->scope != nullptr);
  BOOST_TEST(leads->ScopeFilter(*vendor.admission.principal) == filters->Compiled(filter_a));
  net::HttpRequest account = Request("GET", LeadPath(campaign, a1.id), initial_admin.secret);
  BOOST_TEST(!api.Admit(account).has_value());
  BOOST_REQUIRE(account.admission.principal.has_value());
  BOOST_TEST(account.admission.principal->scope == nullptr);

  net::HttpRequest edit =
      Request("PATCH", "/v2/campaigns/" + std::to_string(campaign) + "/filters/" + std::to_string(filter_a),
              initial_admin.secret);
  edit.body = R"({"conditions": [{"field": "source", "op": "eq", "value": "vendor-b"}]})";
  BOOST_TEST(Serve(edit).status == 200);
  // The request admitted before the edit keeps its scope; the next one has the new.
  BOOST_TEST(Handle(vendor).status == 200);
  net::HttpRequest next_a = Request("GET", LeadPath(campaign, a1.id), vendor_a.secret);
  BOOST_TEST(Serve(next_a).status == 404);
  net::HttpRequest next_b = Request("GET", LeadPath(campaign, b1.id), vendor_a.secret);
  BOOST_TEST(Serve(next_b).status == 200);
}

// A path id that is no id (not a positive decimal integer within 64 bits) names nothing: 404
// not_found, the same document as any other path that names nothing. It reaches its route all
// the same, so what admission answers for the route comes first: 401 without a token, 405 for
// another method, the bulk route's body.
BOOST_AUTO_TEST_CASE(a_path_id_that_is_no_id_is_404_after_what_admission_answers_for_its_route) {
  const std::string not_found = net::NotFoundResponse().body;
  const std::string c = std::to_string(campaign);
  for (const std::string& path : std::vector<std::string>{
           "/v2/campaigns/abc", "/v2/campaigns/0", "/v2/campaigns/007/leads", "/v2/campaigns/-1/filters",
           "/v2/campaigns/18446744073709551616/stats", "/v2/campaigns/" + c + "/leads/abc",
           "/v2/campaigns/" + c + "/leads/99999999999999999999", "/v2/campaigns/" + c + "/filters/1x", "/v2/tokens/abc",
           "/v2/webhooks/0", "/v2/campaigns/abc/leads/events"}) {
    BOOST_TEST_CONTEXT(path) {
      net::HttpRequest request = Request("GET", path, initial_admin.secret);
      net::HttpResponse answer = Serve(request);
      BOOST_TEST(answer.status == 404);
      BOOST_TEST(answer.body == not_found);
      BOOST_TEST(!HeaderOf(answer, "RateLimit").empty());  // admitted, as before
      net::HttpRequest anonymous = Request("GET", path);
      BOOST_TEST(Serve(anonymous).status == 401);
    }
  }
  for (const char* path : {"/v2/campaigns/abc/leads", "/v2/campaigns/abc/leads/bulk", "/v2/campaigns/abc/fields",
                           "/v2/webhooks/abc/ping"}) {
    BOOST_TEST_CONTEXT(path) {
      net::HttpRequest post = Request("POST", path, initial_admin.secret);
      post.body = R"({"field_values": {}})";
      net::HttpResponse answer = Serve(post);
      BOOST_TEST(answer.status == 404);
      BOOST_TEST(answer.body == not_found);
    }
  }
  net::HttpRequest wrong_method = Request("PUT", "/v2/campaigns/abc/leads", initial_admin.secret);
  BOOST_TEST(Serve(wrong_method).status == 405);
  net::HttpRequest bulk = Request("POST", "/v2/campaigns/abc/leads/bulk", initial_admin.secret);
  BOOST_TEST((api.BodyOf(bulk) == net::Body::kBulkStreamed));
  // A valid id of nothing is the service's own 404, as before.
  net::HttpRequest absent = Request("GET", "/v2/campaigns/" + c + "/leads/1", initial_admin.secret);
  BOOST_TEST(Serve(absent).status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace api_admission_test
