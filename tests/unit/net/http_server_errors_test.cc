// HttpServer's own answers, given before or instead of the handler's: size limits (431, 413 by
// Content-Length before the body is sent, 413 for a chunked body, per-path limits), bytes that
// are not HTTP, targets that are not URLs, and a handler that throws.

#include <boost/test/unit_test.hpp>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/problem.h"
#include "net/http_server.h"
#include "tests/support/json_helpers.h"
#include "tests/unit/net/server_fixture.h"

namespace http_server_errors_test {

using namespace lg::net_test;
using lg::test::CheckProblem;
using lg::test::HttpResult;
using lg::test::Json;
using lg::test::Str;

namespace {

// Named: two sizes side by side are easily swapped.
struct ByteLimits {
  size_t header = 0;
  size_t body = 0;
};

HttpServerOptions Limits(ByteLimits limits) {
  HttpServerOptions options = TestOptions();
  options.header_limit_bytes = limits.header;
  options.body_limit_bytes = limits.body;
  return options;
}

// The server still answers a plain request, on a fresh connection.
void CheckStillServing(const ServerFixture& server) {
  auto res = server.Send("GET", "/still-there");
  BOOST_TEST(res.status == 200);
}

// What body_limit_for was asked, from the reactor threads.
struct LimitQuestions {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> asked;  // method, path

  std::vector<std::string> Asked() {
    std::lock_guard lock(mu);
    std::vector<std::string> out;
    for (const auto& [method, path] : asked) out.push_back(method + " " + path);
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server_errors)

BOOST_AUTO_TEST_CASE(headers_over_the_header_limit_get_431_headers_too_large) {
  ServerFixture server(AnswerOk, Limits({.header = 1024, .body = 1 << 20}));
  auto res = server.SendRaw("GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(2048, 'a') + "\r\n\r\n");
  CheckProblem(res, 431, "headers_too_large");
  BOOST_TEST(res.Header("connection") == "close");
  // Many small headers add up.
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 40; ++i) many += "X-H" + std::to_string(i) + ": " + std::string(30, 'b') + "\r\n";
  CheckProblem(server.SendRaw(many + "\r\n"), 431, "headers_too_large");
  // So does a long target.
  CheckProblem(server.SendRaw("GET /" + std::string(2048, 'p') + " HTTP/1.1\r\nHost: x\r\n\r\n"), 431,
               "headers_too_large");
  BOOST_TEST(server.Calls() == 0u);
  // Headers under the limit are served.
  BOOST_TEST(server.Send("GET", "/", "", {{"X-Padding", std::string(512, 'a')}}).status == 200);
  BOOST_TEST(server.Calls() == 1u);
}

BOOST_AUTO_TEST_CASE(a_content_length_over_the_body_limit_gets_413_before_the_body_is_sent) {
  ServerFixture server(AnswerOk, Limits({.header = 16 << 10, .body = 100}));
  // Only the headers are sent: the answer cannot wait for the body.
  auto res = server.SendRaw(
      "POST /v2/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
  CheckProblem(res, 413, "payload_too_large");
  BOOST_TEST(res.Header("connection") == "close");
  BOOST_TEST(Str(Json(res.body)["detail"]).find("100 bytes") != std::string::npos);
  BOOST_TEST(server.Calls() == 0u);

  // Even when the client waits for a 100 Continue.
  auto expecting =
      server.SendRaw("POST /v2/leads HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n");
  CheckProblem(expecting, 413, "payload_too_large");
  BOOST_TEST(server.Calls() == 0u);

  // A body of exactly the limit is served.
  BOOST_TEST(server.Send("POST", "/v2/leads", std::string(100, 'x')).status == 200);
  CheckProblem(server.Send("POST", "/v2/leads", std::string(101, 'x')), 413, "payload_too_large");
  auto seen = server.Seen();
  BOOST_REQUIRE_EQUAL(seen.size(), 1u);
  BOOST_TEST(seen[0].body == std::string(100, 'x'));
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(a_chunked_body_over_the_limit_gets_413) {
  ServerFixture server(AnswerOk, Limits({.header = 16 << 10, .body = 100}));
  std::string chunked = "POST /v2/leads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "40\r\n" + std::string(64, 'x') + "\r\n";
  chunked += "0\r\n\r\n";
  auto res = server.SendRaw(chunked);
  CheckProblem(res, 413, "payload_too_large");
  BOOST_TEST(res.Header("connection") == "close");
  BOOST_TEST(server.Calls() == 0u);
  // Chunks that add up to no more than the limit are served.
  std::string small = "POST /v2/leads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n" +
                      std::string(50, 'y') + "\r\n32\r\n" + std::string(50, 'y') + "\r\n0\r\n\r\n";
  BOOST_TEST(server.SendRaw(small).status == 200);
  auto seen = server.Seen();
  BOOST_REQUIRE_EQUAL(seen.size(), 1u);
  BOOST_TEST(seen[0].body == std::string(100, 'y'));
}

BOOST_AUTO_TEST_CASE(body_limit_for_gives_each_path_its_own_limit) {
  LimitQuestions questions;
  HttpServerOptions options = TestOptions();
  options.body_limit_bytes = 1;  // unused once body_limit_for is set
  options.body_limit_for = [&questions](std::string_view method, std::string_view path) -> size_t {
    std::lock_guard lock(questions.mu);
    questions.asked.emplace_back(std::string(method), std::string(path));
    return path == "/big" ? 1000 : 10;
  };
  ServerFixture server(AnswerOk, options);
  const std::string body(50, 'z');
  CheckProblem(server.Send("POST", "/small", body), 413, "payload_too_large");
  // Asked with the path as sent (the router decodes it segment by segment), without the query.
  BOOST_TEST(server.Send("POST", "/big?x=1", body).status == 200);
  CheckProblem(server.Send("POST", "/b%69g", body), 413, "payload_too_large");
  BOOST_TEST(server.Send("PUT", "/small", "tiny").status == 200);
  // A target that is not a path is asked about as "".
  CheckProblem(server.SendRaw("POST http://example.com/big HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n" + body),
               413, "payload_too_large");
  BOOST_TEST(
      questions.Asked() == (std::vector<std::string>{"POST /small", "POST /big", "POST /b%69g", "PUT /small", "POST "}),
      boost::test_tools::per_element());
  auto seen = server.Seen();
  BOOST_REQUIRE_EQUAL(seen.size(), 2u);
  BOOST_TEST(seen[0].path == "/big");
  BOOST_TEST(seen[0].body == body);
  BOOST_TEST(seen[1].body == "tiny");
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_http_get_400_bad_request) {
  ServerFixture server;
  for (const std::string& raw :
       {std::string("HELLO\r\n\r\n"), std::string("GET\r\n\r\n"),
        std::string("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n"), std::string("GET / HTTQ/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        std::string("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 TLS hello", 21)}) {
    BOOST_TEST_CONTEXT(raw) {
      auto res = server.SendRaw(raw);
      CheckProblem(res, 400, "bad_request");
      BOOST_TEST(res.Header("connection") == "close");
    }
  }
  BOOST_TEST(server.Calls() == 0u);
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(an_invalid_target_gets_400_invalid_target_and_the_connection_goes_on) {
  ServerFixture server;
  for (const char* target : {"http://example.com/livez", "/a%zz", "/a%", "*", "/x?q=%g1"}) {
    BOOST_TEST_CONTEXT(target) {
      CheckProblem(server.SendRaw(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                   "invalid_target");
    }
  }
  BOOST_TEST(server.Calls() == 0u);
  RawConnection conn(server.port());
  conn.Write("POST /a%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody");
  auto bad = conn.Read();
  CheckProblem(AsResult(bad), 400, "invalid_target");
  BOOST_TEST(bad.keep_alive());
  conn.Write("GET /fine HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(conn.Read().result_int() == 200);
  BOOST_TEST(server.Calls() == 1u);
}

BOOST_AUTO_TEST_CASE(a_handler_that_throws_gives_500_internal_error_without_the_exception_text) {
  ServerFixture server([](const HttpRequest& request) -> asio::awaitable<HttpResponse> {
    if (request.path == "/throw") throw std::runtime_error("test secret: /var/lib/leadgate/db is corrupt");
    co_return Text(200, "fine");
  });
  RawConnection conn(server.port());
  conn.Write("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n");
  auto res = AsResult(conn.Read());
  CheckProblem(res, 500, "internal_error");
  BOOST_TEST(res.body.find("secret") == std::string::npos);
  BOOST_TEST(res.body.find("/var/lib") == std::string::npos);
  BOOST_TEST(res.body.find("corrupt") == std::string::npos);
  BOOST_TEST(Str(Json(res.body)["detail"]) == std::string(lg::core::kInternalErrorDetail));
  // The connection and the server go on.
  conn.Write("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
  auto next = conn.Read();
  BOOST_TEST(next.result_int() == 200);
  BOOST_TEST(next.body() == "fine");
}

// http_server.h: "an exception becomes a 500", whatever is thrown; an unanswered request would
// also stay counted in flight and make Stop() wait out its whole drain.
BOOST_AUTO_TEST_CASE(a_handler_that_throws_a_non_std_exception_still_gets_500) {
  ServerFixture server([](const HttpRequest&) -> asio::awaitable<HttpResponse> {
    throw 42;
    co_return Text(200, "unreachable");
  });
  HttpResult res;
  BOOST_CHECK_NO_THROW(res = server.Send("GET", "/throw"));
  if (res.status != 0) CheckProblem(res, 500, "internal_error");
  server.Stop();
  BOOST_TEST(server.RunReturned(2s));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace http_server_errors_test
