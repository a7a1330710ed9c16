// HttpServer and what a request may hold of it: a body a route streams reaches its handler in
// bounded pieces (with its limit, a stalled client and an unread rest handled), a request that
// takes no body is refused before any is read, and one address gets only so many connections,
// counted from the accept.

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "net/http_server.h"
#include "tests/support/json_helpers.h"
#include "tests/unit/net/server_fixture.h"

namespace http_server_streaming_test {

using namespace lg::net_test;
using lg::test::CheckProblem;

namespace {

// Streams the body of every request to "/stream" (up to `limit` bytes); takes no body on GET.
HttpServerOptions Streaming(size_t limit = 8 << 20, std::chrono::milliseconds read_timeout = 10s) {
  HttpServerOptions options = TestOptions();
  options.read_timeout = read_timeout;
  options.body_limit_for = [limit](std::string_view method, std::string_view path) -> size_t {
    if (method == "GET") return 0;
    return path == "/stream" ? limit : 1024;
  };
  options.streams_body = [](std::string_view, std::string_view path) { return path == "/stream"; };
  return options;
}

// What a handler saw of a streamed body.
struct Received {
  std::mutex mu;
  size_t bytes = 0;
  size_t pieces = 0;
  size_t largest = 0;
  std::string error;  // the code Read() ended with, if it failed
};

// Reads the whole body (or `max_pieces` of it) and answers with the byte count.
FakeHandler Reader(const std::shared_ptr<Received>& got, size_t max_pieces = 1 << 30) {
  return [got, max_pieces](const HttpRequest& request) -> asio::awaitable<HttpResponse> {
    if (!request.body_stream) co_return Text(200, "not streamed: " + std::to_string(request.body.size()));
    for (size_t n = 0; n < max_pieces; ++n) {
      auto piece = co_await request.body_stream->Read();
      std::lock_guard lock(got->mu);
      if (!piece.has_value()) {
        got->error = piece.error().code();
        co_return Text(piece.error().kind() == lg::core::ErrorKind::kBodyTooLarge ? 413 : 400, got->error);
      }
      if (piece->empty()) break;
      got->bytes += piece->size();
      ++got->pieces;
      got->largest = std::max(got->largest, piece->size());
    }
    co_return Text(200, std::to_string(got->bytes));
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server_streaming)

BOOST_AUTO_TEST_CASE(a_streamed_body_reaches_its_handler_in_bounded_pieces) {
  auto got = std::make_shared<Received>();
  ServerFixture server(Reader(got), Streaming());
  const std::string body(3 << 20, 'b');
  auto res = server.Send("POST", "/stream", body);
  BOOST_TEST(res.status == 200);
  BOOST_TEST(res.body == std::to_string(body.size()));
  BOOST_TEST(got->largest <= size_t{64} << 10);
  BOOST_TEST(got->pieces >= 48u);
  // Chunked too, and the connection stays usable after a body read to its end.
  RawConnection conn(server.port());
  conn.Write(
      "POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  auto chunked = conn.Read();
  BOOST_TEST(chunked.result_int() == 200);
  BOOST_TEST(chunked.body() == std::to_string(body.size() + 11));
  BOOST_TEST(chunked.keep_alive());
  conn.Write("POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  BOOST_TEST(conn.Read().body() == "not streamed: 3");
}

BOOST_AUTO_TEST_CASE(a_streamed_body_past_its_limit_is_413_to_the_handler_and_the_connection_closes) {
  auto got = std::make_shared<Received>();
  ServerFixture server(Reader(got), Streaming(100));
  // Announced too large: refused before the handler is called.
  CheckProblem(server.Send("POST", "/stream", std::string(101, 'x')), 413, "payload_too_large");
  BOOST_TEST(server.Calls() == 0u);
  // Chunked past the limit: the handler reads up to it and hears why it stops.
  std::string chunked = "POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "40\r\n" + std::string(64, 'x') + "\r\n";
  chunked += "0\r\n\r\n";
  auto res = server.SendRaw(chunked);
  BOOST_TEST(res.status == 413);
  BOOST_TEST(res.Header("connection") == "close");
  BOOST_TEST(got->error == "payload_too_large");
  BOOST_TEST(got->bytes <= 100u);
}

BOOST_AUTO_TEST_CASE(a_handler_that_stops_reading_gets_the_connection_closed_after_its_answer) {
  auto got = std::make_shared<Received>();
  ServerFixture server(Reader(got, 1), Streaming());
  // The client sends the whole body before it reads: the server takes the rest in after its
  // answer (a lingering close), so the answer is not lost to a reset.
  RawConnection conn(server.port());
  conn.Write(RequestBytes("POST", "/stream", std::string(4 << 20, 'r')));
  auto res = conn.Read();
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(std::stoul(res.body()) <= size_t{64} << 10);  // one piece read
  BOOST_TEST(!res.keep_alive());  // the rest of the body is unread: no request boundary to go on from
  BOOST_TEST(conn.ReadUntilClosed().has_value());
}

BOOST_AUTO_TEST_CASE(a_client_that_stalls_mid_body_gets_the_answer_after_the_read_timeout_then_the_close) {
  auto got = std::make_shared<Received>();
  ServerFixture server(Reader(got), Streaming(8 << 20, 300ms));
  for (const std::string& framing : {std::string("Content-Length: 1000\r\n\r\n") + std::string(10, 's'),
                                     std::string("Transfer-Encoding: chunked\r\n\r\na\r\n") + std::string(10, 's')}) {
    BOOST_TEST_CONTEXT(framing.substr(0, 17)) {
      {
        std::lock_guard lock(got->mu);
        got->bytes = 0;
        got->error.clear();
      }
      RawConnection conn(server.port());
      const auto sent = std::chrono::steady_clock::now();
      conn.Write("POST /stream HTTP/1.1\r\nHost: x\r\n" + framing);
      // The read times out, the handler's Read() fails, and what it answers reaches the client
      // (for a bulk: the items stored before the stall) before the connection closes.
      auto res = conn.Read();
      BOOST_TEST((std::chrono::steady_clock::now() - sent >= 300ms));
      BOOST_TEST(res.result_int() == 400);
      BOOST_TEST(res.body() == "body_incomplete");
      BOOST_TEST(!res.keep_alive());
      BOOST_TEST(conn.ReadUntilClosed().has_value());
      std::lock_guard lock(got->mu);
      BOOST_TEST(got->error == "body_incomplete");
      BOOST_TEST(got->bytes == 10u);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_request_that_takes_no_body_is_refused_before_any_is_read) {
  ServerFixture server(AnswerOk, Streaming());
  // Headers announcing a megabyte, and not a byte of it sent: the answer comes at once.
  for (const std::string& framing :
       {std::string("Content-Length: 1048576"), std::string("Transfer-Encoding: chunked")}) {
    BOOST_TEST_CONTEXT(framing) {
      RawConnection conn(server.port());
      auto asked = std::chrono::steady_clock::now();
      conn.Write("GET /livez HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n\r\n");
      auto res = AsResult(conn.Read());
      CheckProblem(res, 413, "payload_too_large");
      BOOST_TEST(lg::test::Member(res.body, "detail") == "This request takes no body.");
      BOOST_TEST(res.Header("connection") == "close");
      BOOST_TEST((std::chrono::steady_clock::now() - asked < 2s));
    }
  }
  // Without a body it is served, with Content-Length: 0 too.
  BOOST_TEST(server.Send("GET", "/livez").status == 200);
  BOOST_TEST(server.Send("GET", "/livez", "", {{"Content-Length", "0"}}).status == 200);
  BOOST_TEST(server.Calls() == 2u);
}

BOOST_AUTO_TEST_CASE(one_address_gets_at_most_max_connections_per_client_counted_from_the_accept) {
  HttpServerOptions options = TestOptions();
  options.max_connections_per_client = 3;
  ServerFixture server(AnswerOk, options);
  // Three connections that have sent nothing yet (or half their headers) hold all three places.
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawConnection>(server.port()));
  held[1]->Write("GET / HTTP/1.1\r\nHost:");
  RawConnection fourth(server.port());
  auto refused = AsResult(fourth.Read());
  CheckProblem(refused, 429, "too_many_client_connections");
  BOOST_TEST(refused.Header("retry-after") == "1");
  BOOST_TEST(server.Calls() == 0u);
  // One closes, and its place is free again.
  held.pop_back();
  BOOST_TEST(WaitUntil([&] { return server.Send("GET", "/").status == 200; }, 5s));
}

BOOST_AUTO_TEST_CASE(a_trusted_proxy_is_not_held_to_the_per_address_cap) {
  HttpServerOptions options = TestOptions();
  options.max_connections_per_client = 2;
  options.trusted_proxies = "127.0.0.1";
  ServerFixture server(AnswerOk, options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawConnection>(server.port()));
  for (auto& conn : held) {
    conn->Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(conn->Read().result_int() == 200);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace http_server_streaming_test
