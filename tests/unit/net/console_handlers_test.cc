// The console's routes: /console/ and its files come from the binary with their content types
// and a strict Content-Security-Policy on every answer; /console redirects to /console/;
// anything else under /console/ is 404; the routes are public (the files hold no data).

#include "net/console_handlers.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <string>

#include "net/console_assets.h"

namespace console_handlers_test {

namespace {

namespace asio = boost::asio;
using lg::net::Access;
using lg::net::HttpRequest;
using lg::net::HttpResponse;
using lg::net::Router;

Router ConsoleRouter() {
  Router router;
  lg::net::AddConsoleRoutes(router);
  return router;
}

// The answer to GET `path` (run to completion, at most 5 s).
HttpResponse Get(const Router& router, const std::string& path) {
  Router::Match match = router.Find("GET", path);
  BOOST_REQUIRE_MESSAGE(match.route != nullptr, path);
  BOOST_TEST((match.route->access == Access::kPublic));
  HttpRequest request;
  request.method = "GET";
  request.path = path;
  asio::io_context ioc;
  auto future = asio::co_spawn(ioc, match.route->handler(request, match.params, nullptr), asio::use_future);
  ioc.run_for(std::chrono::seconds(5));
  BOOST_REQUIRE(future.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  return future.get();
}

std::optional<std::string> Header(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(console_handlers)

BOOST_AUTO_TEST_CASE(the_page_and_its_files_are_served_with_their_types) {
  Router router = ConsoleRouter();
  HttpResponse index = Get(router, "/console/");
  BOOST_TEST(index.status == 200);
  BOOST_TEST(index.content_type == "text/html; charset=utf-8");
  BOOST_TEST(index.body.find(R"(<script type="module" src="console.js">)") != std::string::npos);
  HttpResponse script = Get(router, "/console/console.js");
  BOOST_TEST(script.status == 200);
  BOOST_TEST(script.content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(script.body.find("sessionStorage") != std::string::npos);
  HttpResponse style = Get(router, "/console/console.css");
  BOOST_TEST(style.status == 200);
  BOOST_TEST(style.content_type == "text/css; charset=utf-8");
  // The embedded files are served whole (the raw-string embedding cut nothing off).
  for (const auto& asset : lg::net::ConsoleAssets()) {
    BOOST_TEST_CONTEXT(asset.name) {
      BOOST_TEST(Get(router, "/console/" + std::string(asset.name)).body.size() == asset.body.size());
      BOOST_TEST(asset.body.size() > 100u);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_answer_carries_a_strict_policy) {
  Router router = ConsoleRouter();
  for (const char* path : {"/console/", "/console/console.js", "/console/console.css", "/console/index.html"}) {
    BOOST_TEST_CONTEXT(path) {
      HttpResponse response = Get(router, path);
      auto policy = Header(response, "Content-Security-Policy");
      BOOST_REQUIRE(policy.has_value());
      BOOST_TEST(policy->find("default-src 'none'") != std::string::npos);
      BOOST_TEST(policy->find("script-src 'self'") != std::string::npos);
      BOOST_TEST(policy->find("frame-ancestors 'none'") != std::string::npos);
      BOOST_TEST(policy->find("unsafe") == std::string::npos);
      BOOST_TEST(Header(response, "X-Content-Type-Options").value_or("") == "nosniff");
      BOOST_TEST(Header(response, "Referrer-Policy").value_or("") == "no-referrer");
    }
  }
}

BOOST_AUTO_TEST_CASE(the_bare_path_redirects_and_unknown_files_are_404) {
  Router router = ConsoleRouter();
  HttpResponse bare = Get(router, "/console");
  BOOST_TEST(bare.status == 308);
  BOOST_TEST(Header(bare, "Location").value_or("") == "/console/");
  for (const char* path : {"/console/nothing.js", "/console/..", "/console/CONSOLE.JS", "/console/console.js.map"}) {
    BOOST_TEST_CONTEXT(path) { BOOST_TEST(Get(router, path).status == 404); }
  }
  // Deeper paths match no route at all.
  BOOST_TEST(router.Find("GET", "/console/a/b").route == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace console_handlers_test
