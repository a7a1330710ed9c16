// HttpServer's body_rule: asked once per request, before admit and before any body is read, with
// the request as the handler will see it; its limit and streaming are the request's (413 before
// a byte is read, a streamed body handed over as it arrives), it replaces body_limit_for and
// streams_body, and what it keeps in request.admission (the route it found) reaches admit and
// the handler.

#include <boost/test/unit_test.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_server.h"
#include "tests/support/json_helpers.h"
#include "tests/unit/net/server_fixture.h"

namespace http_server_body_rule_test {

using namespace lg::net_test;
using lg::net::BodyRule;
using lg::test::CheckProblem;

namespace {

// What body_rule, admit and the handler saw, from the reactor threads.
struct Seen {
  std::mutex mu;
  std::vector<std::string> rules;    // "METHOD path" per body_rule call
  std::vector<std::string> admits;   // the route admit found kept in the admission
  std::vector<std::string> handled;  // the route the handler found kept in the admission
  size_t legacy = 0;                 // body_limit_for and streams_body calls: none expected

  std::vector<std::string> Of(const std::vector<std::string>& list) {
    std::lock_guard lock(mu);
    return list;
  }
};

// The route a test rule "finds": the path's first segment, kept as the match's one capture.
std::string KeptRoute(const HttpRequest& request) {
  const auto& match = request.admission.match;
  if (!match) return "none";
  auto it = match->params.find("found");
  return it == match->params.end() ? "none" : it->second;
}

// /big takes 1000 bytes, /stream streams up to 1000, GET takes none, the rest 10.
HttpServerOptions Rules(Seen& seen) {
  HttpServerOptions options = TestOptions();
  options.body_limit_bytes = 1;  // unused once body_rule is set
  options.body_limit_for = [&seen](std::string_view, std::string_view) -> size_t {
    std::lock_guard lock(seen.mu);
    ++seen.legacy;
    return 1;
  };
  options.streams_body = [&seen](std::string_view, std::string_view) {
    std::lock_guard lock(seen.mu);
    ++seen.legacy;
    return false;
  };
  options.body_rule = [&seen](HttpRequest& request) {
    {
      std::lock_guard lock(seen.mu);
      seen.rules.push_back(request.method + " " + request.path);
    }
    request.admission.match.emplace();
    request.admission.match->params.emplace("found", "route of " + request.path);
    if (request.method == "GET") return BodyRule{0, false};
    if (request.path == "/big") return BodyRule{1000, false};
    if (request.path == "/stream") return BodyRule{1000, true};
    return BodyRule{10, false};
  };
  options.admit = [&seen](HttpRequest& request) -> std::optional<HttpResponse> {
    std::lock_guard lock(seen.mu);
    seen.admits.push_back(KeptRoute(request));
    return std::nullopt;
  };
  return options;
}

// Answers with what the request carried: streamed or not, the body's size.
FakeHandler Describe(Seen& seen) {
  return [&seen](const HttpRequest& request) -> asio::awaitable<HttpResponse> {
    {
      std::lock_guard lock(seen.mu);
      seen.handled.push_back(KeptRoute(request));
    }
    if (!request.body_stream) co_return Text(200, "whole " + std::to_string(request.body.size()));
    size_t bytes = 0;
    for (;;) {
      auto piece = co_await request.body_stream->Read();
      if (!piece.has_value()) co_return Text(413, piece.error().code());
      if (piece->empty()) break;
      bytes += piece->size();
    }
    co_return Text(200, "streamed " + std::to_string(bytes));
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server_body_rule)

BOOST_AUTO_TEST_CASE(the_rule_gives_each_request_its_limit_and_streaming) {
  Seen seen;
  ServerFixture server(Describe(seen), Rules(seen));
  const std::string body(50, 'z');
  CheckProblem(server.Send("POST", "/small", body), 413, "payload_too_large");
  BOOST_TEST(server.Send("POST", "/big?x=1", body).body == "whole 50");
  BOOST_TEST(server.Send("POST", "/stream", body).body == "streamed 50");
  CheckProblem(server.Send("POST", "/stream", std::string(1001, 's')), 413, "payload_too_large");
  BOOST_TEST(server.Send("PUT", "/small", "tiny").body == "whole 4");
  CheckProblem(server.Send("GET", "/big", "x"), 413, "payload_too_large");
  BOOST_TEST(server.Send("GET", "/big").status == 200);
  // A target that is not a path is asked about with an empty path, and is never streamed.
  CheckProblem(server.SendRaw("POST http://example.com/big HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n" + body),
               413, "payload_too_large");
  BOOST_TEST(
      seen.Of(seen.rules) == (std::vector<std::string>{"POST /small", "POST /big", "POST /stream", "POST /stream",
                                                       "PUT /small", "GET /big", "GET /big", "POST "}),
      boost::test_tools::per_element());
  std::lock_guard lock(seen.mu);
  BOOST_TEST(seen.legacy == 0u);
}

BOOST_AUTO_TEST_CASE(what_the_rule_keeps_in_the_admission_reaches_admit_and_the_handler) {
  Seen seen;
  ServerFixture server(Describe(seen), Rules(seen));
  BOOST_TEST(server.Send("POST", "/big", "abc").status == 200);
  BOOST_TEST(server.Send("POST", "/stream", "abc").status == 200);
  BOOST_TEST(server.Send("GET", "/a%2Fb").status == 200);
  const std::vector<std::string> routes{"route of /big", "route of /stream", "route of /a%2Fb"};
  BOOST_TEST(seen.Of(seen.rules).size() == 3u);  // once per request
  BOOST_TEST(seen.Of(seen.admits) == routes, boost::test_tools::per_element());
  BOOST_TEST(seen.Of(seen.handled) == routes, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace http_server_body_rule_test
