// Router: which route a method and a path as sent reach, with the percent-decoded captures of its
// template, and what a client is told when none does (404 without allowed methods, 405 with).

#include "net/router.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/problem.h"
#include "net/request_target.h"

namespace router_test {

namespace {

namespace asio = boost::asio;
using lg::net::Access;
using lg::net::HttpRequest;
using lg::net::HttpResponse;
using lg::net::RouteParams;
using lg::net::Router;
using lg::net::Runs;

// The route's answer: its name, then each capture as " name=value".
asio::awaitable<HttpResponse> Reply(std::string name, RouteParams params) {
  HttpResponse response;
  response.body = name;
  for (const auto& [key, value] : params) response.body += " " + key + "=" + value;
  co_return response;
}

lg::net::Handler Named(const std::string& name) {
  return
      [name](const HttpRequest&, const RouteParams& params, const lg::auth::Principal*) { return Reply(name, params); };
}

// The API's lead routes, in the shape api.cc registers them.
Router LeadRouter() {
  Router router;
  router.Add("GET", "/v2/campaigns", Access::kBearer, Named("list campaigns"));
  router.Add("POST", "/v2/campaigns", Access::kBearer, Named("create campaign"));
  router.Add("GET", "/v2/campaigns/{campaign_id}/leads", Access::kBearer, Named("list leads"));
  router.Add("POST", "/v2/campaigns/{campaign_id}/leads", Access::kBearer, Named("create lead"), Runs::kOnReactor);
  router.Add("GET", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer, Named("get lead"));
  router.Add("PATCH", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer, Named("patch lead"));
  router.Add("GET", "/livez", Access::kPublic, Named("livez"));
  return router;
}

// What the found route answers, run as the API runs it (Route::Run), to completion within 5 s.
HttpResponse Run(const Router::Match& match) {
  BOOST_REQUIRE(match.route != nullptr);
  HttpRequest request;
  asio::io_context ioc;
  auto future = asio::co_spawn(ioc, match.route->Run(request, match.params, nullptr), asio::use_future);
  ioc.run_for(std::chrono::seconds(5));
  BOOST_REQUIRE(future.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  return future.get();
}

std::string Answer(const Router::Match& match) { return Run(match).body; }

// The route a request with this target reaches, as a client sends it (percent-encoded).
Router::Match FindTarget(const Router& router, std::string_view method, std::string_view target) {
  std::string path;
  std::multimap<std::string, std::string> query;
  BOOST_REQUIRE_MESSAGE(lg::net::ParseRequestTarget(target, path, query), "invalid target " << target);
  return router.Find(method, path);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(a_template_with_captures_matches_and_yields_its_params) {
  Router router = LeadRouter();
  auto lead = router.Find("GET", "/v2/campaigns/7/leads/42");
  BOOST_REQUIRE(lead.route != nullptr);
  BOOST_TEST((lead.params == RouteParams{{"campaign_id", "7"}, {"lead_id", "42"}}));
  BOOST_TEST(lead.allowed.empty());
  BOOST_TEST(Answer(lead) == "get lead campaign_id=7 lead_id=42");

  BOOST_TEST(Answer(router.Find("PATCH", "/v2/campaigns/7/leads/42")) == "patch lead campaign_id=7 lead_id=42");
  BOOST_TEST(Answer(router.Find("POST", "/v2/campaigns/abc/leads")) == "create lead campaign_id=abc");
  BOOST_TEST(Answer(router.Find("GET", "/v2/campaigns")) == "list campaigns");
  BOOST_TEST(router.Find("GET", "/v2/campaigns").params.empty());
  BOOST_TEST(Answer(router.Find("GET", "/livez")) == "livez");
  BOOST_TEST((router.Find("GET", "/livez").route->access == Access::kPublic));
  BOOST_TEST((router.Find("GET", "/v2/campaigns").route->access == Access::kBearer));
}

BOOST_AUTO_TEST_CASE(captures_arrive_percent_decoded) {
  Router router = LeadRouter();
  auto match = FindTarget(router, "GET", "/v2/campaigns/caf%C3%A9%20bar/leads/%34%32?x=1");
  BOOST_REQUIRE(match.route != nullptr);
  BOOST_TEST((match.params == RouteParams{{"campaign_id", "café bar"}, {"lead_id", "42"}}));
  BOOST_TEST(Answer(match) == "get lead campaign_id=café bar lead_id=42");
}

// The path is split on '/' before it is decoded: an encoded slash is part of a segment. Other
// characters written encoded read as themselves ('+' stays a plus).
BOOST_AUTO_TEST_CASE(an_encoded_slash_never_separates_segments) {
  Router router = LeadRouter();
  for (const char* target : {"/v2%2Fcampaigns", "/v2%2fcampaigns", "/v2/campaigns%2F7%2Fleads", "/%2Flivez",
                             "/v2/campaigns/7/leads%2F42", "/v2/campaigns/7%2Fleads/42"}) {
    BOOST_TEST_CONTEXT("target " << target) {
      for (const char* method : {"GET", "POST", "PATCH"}) {
        auto match = FindTarget(router, method, target);
        BOOST_TEST(match.route == nullptr);
        BOOST_TEST(match.allowed.empty());
      }
    }
  }
  // In a capture it is a character of the value, which names nothing here.
  auto slash = FindTarget(router, "GET", "/v2/campaigns/7%2F8/leads");
  BOOST_REQUIRE(slash.route != nullptr);
  BOOST_TEST((slash.params == RouteParams{{"campaign_id", "7/8"}}));
  BOOST_TEST(Answer(FindTarget(router, "GET", "/v2/c%61mpaigns/%37/le%61ds")) == "list leads campaign_id=7");
  BOOST_TEST(Answer(FindTarget(router, "GET", "/v2/campaigns/a+b/leads")) == "list leads campaign_id=a+b");
  // Not valid percent-encoding (only reachable without ParseRequestTarget in front): no route.
  BOOST_TEST(router.Find("GET", "/v2/campaigns/%zz/leads").route == nullptr);
}

BOOST_AUTO_TEST_CASE(an_unknown_path_has_no_route_and_no_allowed_methods) {
  Router router = LeadRouter();
  for (const char* path : {"/", "", "/nope", "/v2", "/v3/campaigns", "/V2/campaigns", "/v2/campaign", "/v2/campaigns/7",
                           "/v2/campaigns/7/lead/42", "/v2/campaigns/7/leads/42/extra", "/livez/now"}) {
    BOOST_TEST_CONTEXT("path " << path) {
      for (const char* method : {"GET", "POST", "DELETE"}) {
        auto match = router.Find(method, path);
        BOOST_TEST(match.route == nullptr);
        BOOST_TEST(match.allowed.empty());
        BOOST_TEST(match.params.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_known_path_with_another_method_reports_the_allowed_methods) {
  Router router = LeadRouter();
  auto lead = router.Find("DELETE", "/v2/campaigns/7/leads/42");
  BOOST_TEST(lead.route == nullptr);
  BOOST_TEST(lead.allowed == (std::vector<std::string>{"GET", "HEAD", "PATCH"}), boost::test_tools::per_element());

  auto campaigns = router.Find("PUT", "/v2/campaigns");
  BOOST_TEST(campaigns.route == nullptr);
  BOOST_TEST(campaigns.allowed == (std::vector<std::string>{"GET", "HEAD", "POST"}), boost::test_tools::per_element());

  auto livez = router.Find("POST", "/livez");
  BOOST_TEST(livez.route == nullptr);
  BOOST_TEST(livez.allowed == (std::vector<std::string>{"GET", "HEAD"}), boost::test_tools::per_element());

  // Methods are case-sensitive (RFC 9110 9.1): "get" is another method.
  auto lower = router.Find("get", "/livez");
  BOOST_TEST(lower.route == nullptr);
  BOOST_TEST(lower.allowed == (std::vector<std::string>{"GET", "HEAD"}), boost::test_tools::per_element());
}

// RFC 9110 9.3.2: HEAD is GET without the content; every GET route answers it (the server
// leaves the body out).
BOOST_AUTO_TEST_CASE(head_reaches_every_get_route) {
  Router router = LeadRouter();
  for (const char* path : {"/livez", "/v2/campaigns", "/v2/campaigns/7/leads", "/v2/campaigns/7/leads/42"}) {
    BOOST_TEST_CONTEXT("path " << path) {
      auto head = router.Find("HEAD", path);
      BOOST_REQUIRE(head.route != nullptr);
      BOOST_TEST(head.route == router.Find("GET", path).route);
      BOOST_TEST((head.params == router.Find("GET", path).params));
    }
  }
  BOOST_TEST(Answer(router.Find("HEAD", "/v2/campaigns/7/leads/42")) == "get lead campaign_id=7 lead_id=42");
  // A path without a GET route is a 405 to HEAD too, listing what it has.
  Router posts;
  posts.Add("POST", "/v2/leads", Access::kBearer, Named("create"));
  auto head = posts.Find("HEAD", "/v2/leads");
  BOOST_TEST(head.route == nullptr);
  BOOST_TEST(head.allowed == (std::vector<std::string>{"POST"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(empty_segments_do_not_match_captures) {
  Router router = LeadRouter();
  for (const char* path : {"/v2/campaigns//leads", "/v2/campaigns//leads/42", "/v2/campaigns/7/leads/",
                           "/v2/campaigns/7/leads//", "//v2/campaigns/7/leads", "/v2/campaigns/"}) {
    BOOST_TEST_CONTEXT("path " << path) {
      for (const char* method : {"GET", "POST", "PATCH"}) {
        auto match = router.Find(method, path);
        BOOST_TEST(match.route == nullptr);
        BOOST_TEST(match.allowed.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(get_routes_run_on_the_reactor_unless_they_ask_for_the_worker_pool) {
  Router router;
  router.Add("GET", "/a", Access::kPublic, Named("a"), Runs::kOnWorker);
  router.Add("GET", "/b", Access::kPublic, Named("b"));
  router.Add("GET", "/c", Access::kPublic, Named("c"), Runs::kOnReactor);
  router.Add("POST", "/a", Access::kBearer, Named("post a"), Runs::kOnWorker);
  router.Add("POST", "/b", Access::kBearer, Named("post b"));
  router.Add("POST", "/c", Access::kBearer, Named("post c"), Runs::kOnReactor);
  // A read that may scan (the lead list) asks for the worker pool and gets it.
  BOOST_TEST((router.Find("GET", "/a").route->runs == Runs::kOnWorker));
  for (const char* path : {"/b", "/c"}) {
    BOOST_TEST_CONTEXT("GET " << path) { BOOST_TEST((router.Find("GET", path).route->runs == Runs::kOnReactor)); }
  }
  // Other methods run where they asked, on the worker pool unless told otherwise.
  BOOST_TEST((router.Find("POST", "/a").route->runs == Runs::kOnWorker));
  BOOST_TEST((router.Find("POST", "/b").route->runs == Runs::kOnWorker));
  BOOST_TEST((router.Find("POST", "/c").route->runs == Runs::kOnReactor));
  BOOST_TEST(Answer(router.Find("POST", "/c")) == "post c");
}

// A route declares the body its requests take where it is added; by default GET, HEAD (its GET
// route's) and DELETE take none, the other methods the default.
BOOST_AUTO_TEST_CASE(routes_take_the_body_their_method_gives_unless_they_declare_one) {
  using lg::net::Body;
  Router router;
  router.Add("GET", "/a", Access::kPublic, Named("get a"));
  router.Add("DELETE", "/a", Access::kBearer, Named("delete a"));
  router.Add("POST", "/a", Access::kBearer, Named("post a"));
  router.Add("PATCH", "/a", Access::kBearer, Named("patch a"));
  router.Add("POST", "/bulk", Access::kBearer, Named("bulk"), Runs::kOnReactor, std::nullopt, Body::kBulkStreamed);
  router.Add("PUT", "/quiet", Access::kBearer, Named("put nothing"), std::nullopt, std::nullopt, Body::kNone);
  BOOST_TEST((router.Find("GET", "/a").route->body == Body::kNone));
  BOOST_TEST((router.Find("HEAD", "/a").route->body == Body::kNone));
  BOOST_TEST((router.Find("DELETE", "/a").route->body == Body::kNone));
  BOOST_TEST((router.Find("POST", "/a").route->body == Body::kDefault));
  BOOST_TEST((router.Find("PATCH", "/a").route->body == Body::kDefault));
  BOOST_TEST((router.Find("POST", "/bulk").route->body == Body::kBulkStreamed));
  BOOST_TEST((router.Find("PUT", "/quiet").route->body == Body::kNone));
  // Without a route, by the method alone.
  for (const char* method : {"GET", "HEAD", "DELETE"}) {
    BOOST_TEST_CONTEXT(method) { BOOST_TEST((lg::net::DefaultBody(method) == Body::kNone)); }
  }
  for (const char* method : {"POST", "PUT", "PATCH", "OPTIONS", "get", ""}) {
    BOOST_TEST_CONTEXT(method) { BOOST_TEST((lg::net::DefaultBody(method) == Body::kDefault)); }
  }
}

// Captures the router reads as ids are read once, at match time: a handler takes them as numbers.
// A path whose id is no id still reaches its route (so 401, 405 and 413 come first, as for any
// path of it), and the route answers 404 not_found without running its handler.
BOOST_AUTO_TEST_CASE(id_captures_are_read_at_match_time_and_a_path_whose_id_is_none_is_404_at_the_route) {
  Router router({"campaign_id", "lead_id"});
  std::vector<uint64_t> reached;  // the ids each handler that ran took, as numbers
  auto record = [&reached](const HttpRequest&, const RouteParams& params, const lg::auth::Principal*) {
    reached.push_back(params.Id("campaign_id"));
    if (std::optional<uint64_t> lead = params.FindId("lead_id")) reached.push_back(*lead);
    return Reply("ran", params);
  };
  router.Add("GET", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer, record);
  router.Add("PATCH", "/v2/campaigns/{campaign_id}/selects/{slug}", Access::kBearer, record);

  auto lead = router.Find("GET", "/v2/campaigns/7/leads/18446744073709551615");
  BOOST_REQUIRE(lead.route != nullptr);
  BOOST_TEST(lead.params.ids_valid());
  BOOST_TEST(Answer(lead) == "ran campaign_id=7 lead_id=18446744073709551615");
  BOOST_TEST(reached == (std::vector<uint64_t>{7, 18446744073709551615u}), boost::test_tools::per_element());
  // Text captures stay text; asking one as an id is a handler's bug.
  reached.clear();
  auto select = router.Find("PATCH", "/v2/campaigns/7/selects/42");
  BOOST_REQUIRE(select.route != nullptr);
  BOOST_TEST(!select.params.FindId("slug").has_value());
  BOOST_CHECK_THROW(select.params.Id("slug"), std::logic_error);
  BOOST_TEST(Answer(select) == "ran campaign_id=7 slug=42");
  BOOST_TEST(reached == std::vector<uint64_t>{7}, boost::test_tools::per_element());
  // An id is read from the capture as decoded, as before: %37 is 7.
  reached.clear();
  BOOST_TEST(Answer(FindTarget(router, "GET", "/v2/campaigns/%37/leads/42")) == "ran campaign_id=7 lead_id=42");
  BOOST_TEST(reached == (std::vector<uint64_t>{7, 42}), boost::test_tools::per_element());

  reached.clear();
  for (const char* id : {"abc", "0", "007", "-1", "+1", "1.0", "1e3", "0x10", "18446744073709551616",
                         "99999999999999999999", "1%20", "%201", "7%2F8"}) {
    for (const std::string& path :
         {std::string("/v2/campaigns/") + id + "/leads/42", std::string("/v2/campaigns/42/leads/") + id}) {
      BOOST_TEST_CONTEXT(path) {
        auto match = FindTarget(router, "GET", path);
        BOOST_REQUIRE(match.route != nullptr);
        BOOST_TEST(!match.params.ids_valid());
        HttpResponse answer = Run(match);
        BOOST_TEST(answer.status == 404);
        BOOST_TEST(answer.body == lg::net::NotFoundResponse().body);
      }
    }
  }
  BOOST_TEST(reached.empty());  // no handler ran for a path whose id is no id

  // A replicated command's captures are read the same way where it is applied.
  const lg::net::Route& route = *lead.route;
  BOOST_TEST(route.Params({{"campaign_id", "7"}, {"lead_id", "9"}}).Id("lead_id") == 9u);
  BOOST_TEST(!route.Params({{"campaign_id", "07"}, {"lead_id", "9"}}).ids_valid());
  // A route reading more ids than RouteParams holds is refused when it is added, at start-up.
  Router wide({"campaign_id", "lead_id", "filter_id"});
  BOOST_CHECK_THROW(wide.Add("GET", "/{campaign_id}/{lead_id}/{filter_id}", Access::kBearer, Named("three")),
                    std::logic_error);
  // A router without id captures reads none (every capture text, as before).
  Router plain;
  plain.Add("GET", "/v2/campaigns/{campaign_id}", Access::kBearer, Named("campaign"));
  auto text = plain.Find("GET", "/v2/campaigns/abc");
  BOOST_TEST(text.params.ids_valid());
  BOOST_TEST(!text.params.FindId("campaign_id").has_value());
  BOOST_TEST(Answer(text) == "campaign campaign_id=abc");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace router_test
