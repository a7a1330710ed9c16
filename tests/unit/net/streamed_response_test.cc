// Answers produced as they go (HttpResponse::stream, what the event stream uses): chunked, ended
// by their producer, with Connection: close; a client that goes away ends the producer at once,
// and so does a server that stops; HEAD gets the head only, HTTP/1.0 an unframed body.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "net/http_server.h"
#include "tests/unit/net/server_fixture.h"

namespace streamed_response_test {

using namespace lg::net_test;
using lg::net::ResponseStream;

namespace {

struct Produced {
  std::atomic<bool> started{false};
  std::atomic<bool> returned{false};
};

// Writes `pieces`, then waits (in steps of `step`) while the stream is open unless `end` is set.
asio::awaitable<void> Produce(std::shared_ptr<Produced> seen, std::vector<std::string> pieces, bool end,
                              std::chrono::milliseconds step, ResponseStream& out) {
  seen->started = true;
  for (const auto& piece : pieces) {
    if (!co_await out.Write(piece)) break;
  }
  while (!end && out.open()) co_await out.Sleep(step);
  seen->returned = true;
}

FakeHandler Streaming(const std::shared_ptr<Produced>& seen, const std::vector<std::string>& pieces, bool end,
                      std::chrono::milliseconds step = 10s) {
  return [=](const HttpRequest&) -> asio::awaitable<HttpResponse> {
    HttpResponse response;
    response.content_type = "text/event-stream";
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.stream = [=](ResponseStream& out) { return Produce(seen, pieces, end, step, out); };
    co_return response;
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(streamed_response)

BOOST_AUTO_TEST_CASE(is_chunked_and_ends_with_its_producer) {
  auto seen = std::make_shared<Produced>();
  ServerFixture server(Streaming(seen, {"data: one\n\n", "", "data: two\n\n"}, true));
  RawConnection conn(server.port());
  conn.Write(RequestBytes("GET", "/events"));
  auto response = conn.Read();
  BOOST_TEST(response.result_int() == 200u);
  BOOST_TEST(response[http::field::content_type] == "text/event-stream");
  BOOST_TEST(response[http::field::cache_control] == "no-cache");
  BOOST_TEST(response[http::field::transfer_encoding] == "chunked");
  BOOST_TEST(!response.keep_alive());
  BOOST_TEST(response.body() == "data: one\n\ndata: two\n\n");
  BOOST_TEST(conn.ReadUntilClosed().has_value());
  BOOST_TEST(seen->returned.load());
}

BOOST_AUTO_TEST_CASE(a_client_going_away_ends_the_producer_at_once) {
  auto seen = std::make_shared<Produced>();
  ServerFixture server(Streaming(seen, {"data: hello\n\n"}, false));
  {
    RawConnection conn(server.port());
    conn.Write(RequestBytes("GET", "/events"));
    BOOST_TEST(conn.ReadHead().find("200") != std::string::npos);
    BOOST_TEST(WaitUntil([&] { return seen->started.load(); }));
  }
  // The producer sleeps for 10 s at a time: only the closed connection can wake it this early.
  BOOST_TEST(WaitUntil([&] { return seen->returned.load(); }, 2000ms));
}

BOOST_AUTO_TEST_CASE(a_stopping_server_ends_open_streams) {
  auto seen = std::make_shared<Produced>();
  ServerFixture server(Streaming(seen, {"data: hello\n\n"}, false, 50ms));
  RawConnection conn(server.port());
  conn.Write(RequestBytes("GET", "/events"));
  BOOST_TEST(conn.ReadHead().find("200") != std::string::npos);
  BOOST_TEST(WaitUntil([&] { return seen->started.load(); }));
  server.Stop();
  BOOST_TEST(server.RunReturned(2000ms));
  auto rest = conn.ReadUntilClosed(2000ms);
  BOOST_REQUIRE(rest.has_value());
  BOOST_TEST(rest->ends_with("0\r\n\r\n"));  // ended properly, with the last chunk
  BOOST_TEST(seen->returned.load());
}

BOOST_AUTO_TEST_CASE(head_gets_the_head_only) {
  auto seen = std::make_shared<Produced>();
  ServerFixture server(Streaming(seen, {"data: one\n\n"}, true));
  RawConnection conn(server.port());
  conn.Write(RequestBytes("HEAD", "/events"));
  auto head = conn.ReadHead();
  BOOST_TEST(head.find("text/event-stream") != std::string::npos);
  auto rest = conn.ReadUntilClosed();
  BOOST_REQUIRE(rest.has_value());
  BOOST_TEST(rest->empty());
  BOOST_TEST(!seen->started.load());
}

BOOST_AUTO_TEST_CASE(http10_gets_an_unframed_body_ended_by_the_close) {
  auto seen = std::make_shared<Produced>();
  ServerFixture server(Streaming(seen, {"data: one\n\n", "data: two\n\n"}, true));
  RawConnection conn(server.port());
  conn.Write("GET /events HTTP/1.0\r\n\r\n");
  auto head = conn.ReadHead();
  BOOST_TEST(head.find("Transfer-Encoding") == std::string::npos);
  auto rest = conn.ReadUntilClosed();
  BOOST_REQUIRE(rest.has_value());
  BOOST_TEST(*rest == "data: one\n\ndata: two\n\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace streamed_response_test
