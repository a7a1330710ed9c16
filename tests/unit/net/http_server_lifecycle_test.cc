// HttpServer over time: starting (and failing to), handlers that await without holding up other
// connections, idle connections closed after the read timeout and trickling headers after the
// header timeout, and stopping without cutting off a request in flight.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <future>
#include <memory>
#include <string>

#include "net/http_server.h"
#include "tests/unit/net/server_fixture.h"

namespace http_server_lifecycle_test {

using namespace lg::net_test;

namespace {

HttpServerOptions WithTimeouts(std::chrono::milliseconds read, std::chrono::milliseconds header) {
  HttpServerOptions options = TestOptions();
  options.read_timeout = read;
  options.header_timeout = header;
  return options;
}

// Whether a new connection to `port` is refused.
bool Refused(uint16_t port) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return ec == asio::error::connection_refused;
}

// A request held by the handler until the test releases it (or 5 s pass).
struct Gate {
  std::atomic<bool> entered{false};
  std::atomic<bool> released{false};
  std::atomic<bool> finished{false};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server_lifecycle)

BOOST_AUTO_TEST_CASE(start_rejects_a_listen_address_that_is_not_an_ip) {
  HttpServerOptions options = TestOptions();
  options.listen = "localhost:8080";
  HttpServer server(options, AnswerOk);
  lg::core::Status status = server.Start();
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.code() == "invalid_config");
}

BOOST_AUTO_TEST_CASE(start_reports_a_port_that_is_already_taken) {
  ServerFixture first;
  HttpServerOptions options = TestOptions();
  options.port = first.port();
  HttpServer second(options, AnswerOk);
  lg::core::Status status = second.Start();
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.detail().find(std::to_string(first.port())) != std::string::npos);
  // The first server is unaffected.
  BOOST_TEST(first.Send("GET", "/").status == 200);
}

BOOST_AUTO_TEST_CASE(a_handler_awaiting_a_timer_does_not_stop_another_connection_being_answered) {
  // One reactor thread for both connections.
  HttpServerOptions options = TestOptions();
  options.io_threads = 1;
  auto slow_entered = std::make_shared<std::atomic<bool>>(false);
  auto fast_answered = std::make_shared<std::atomic<bool>>(false);
  ServerFixture server(
      [slow_entered, fast_answered](const HttpRequest& request) -> asio::awaitable<HttpResponse> {
        if (request.path == "/fast") {
          *fast_answered = true;
          co_return Text(200, "fast");
        }
        *slow_entered = true;
        // Awaits 10 ms timers until the other connection has been answered (at most 5 s).
        auto deadline = std::chrono::steady_clock::now() + 5s;
        while (!*fast_answered && std::chrono::steady_clock::now() < deadline) co_await Sleep(10ms);
        co_return Text(200, *fast_answered ? "slow, after fast" : "slow, alone");
      },
      options);
  auto slow = std::async(std::launch::async, [&server] { return server.Send("GET", "/slow"); });
  BOOST_REQUIRE(WaitUntil([&] { return slow_entered->load(); }));
  auto fast = server.Send("GET", "/fast");
  BOOST_TEST(fast.status == 200);
  BOOST_TEST(fast.body == "fast");
  BOOST_REQUIRE(slow.wait_for(10s) == std::future_status::ready);
  BOOST_TEST(slow.get().body == "slow, after fast");
}

BOOST_AUTO_TEST_CASE(a_connection_silent_for_its_timeout_is_closed) {
  ServerFixture server(AnswerOk, WithTimeouts(600ms, 200ms));
  // Nothing sent at all: a new connection has the header timeout for its first request.
  auto start = std::chrono::steady_clock::now();
  RawConnection quiet(server.port());
  BOOST_TEST(quiet.ReadUntilClosed().value_or("(still open)") == "");
  auto quiet_for = std::chrono::steady_clock::now() - start;
  BOOST_TEST((quiet_for >= 200ms && quiet_for < 600ms));

  // Idle after a request was answered on it: the read (keep-alive) timeout.
  RawConnection idle(server.port());
  auto asked = std::chrono::steady_clock::now();
  idle.Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(idle.Read().result_int() == 200);
  BOOST_TEST(idle.ReadUntilClosed().value_or("(still open)") == "");
  BOOST_TEST((std::chrono::steady_clock::now() - asked >= 600ms));

  // Stalled halfway through the headers: closed without an answer, the handler never called.
  RawConnection stalled(server.port());
  stalled.Write("GET / HTTP/1.1\r\nHost: x\r\n");
  BOOST_TEST(stalled.ReadUntilClosed().value_or("(still open)") == "");
  BOOST_TEST(server.Calls() == 1u);
}

BOOST_AUTO_TEST_CASE(headers_trickling_in_are_cut_off_at_the_header_timeout_however_steady) {
  // A slowloris sends a byte of its headers well within the read timeout, again and again.
  ServerFixture server(AnswerOk, WithTimeouts(5s, 300ms));
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(server.port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  // After a request answered, the connection may idle past the header timeout...
  const std::string request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  BOOST_REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  char answer[4096];
  BOOST_REQUIRE(::recv(fd, answer, sizeof answer, 0) > 0);
  std::this_thread::sleep_for(400ms);
  // ...but the next request's headers must arrive within it, counted from their first byte.
  const auto first_byte = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 200 && !closed; ++i) {  // up to 5 s of one byte every 25 ms
    (void)::send(fd, "X", 1, MSG_NOSIGNAL);
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, 25) > 0) closed = ::recv(fd, answer, sizeof answer, 0) <= 0;
  }
  const auto lasted = std::chrono::steady_clock::now() - first_byte;
  ::close(fd);
  BOOST_TEST(closed);
  BOOST_TEST((lasted >= 300ms && lasted < 3s));
  BOOST_TEST(server.Calls() == 1u);
}

BOOST_AUTO_TEST_CASE(a_connection_that_keeps_talking_stays_open_past_the_read_timeout) {
  ServerFixture server(AnswerOk, WithTimeouts(500ms, 500ms));
  RawConnection conn(server.port());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) {
    conn.Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    auto res = conn.Read();
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(res.keep_alive());
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 600ms));
  BOOST_TEST(server.Calls() == 6u);
}

BOOST_AUTO_TEST_CASE(stop_lets_an_in_flight_request_finish_before_run_returns) {
  auto gate = std::make_shared<Gate>();
  ServerFixture server([gate](const HttpRequest&) -> asio::awaitable<HttpResponse> {
    gate->entered = true;
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!gate->released && std::chrono::steady_clock::now() < deadline) co_await Sleep(5ms);
    gate->finished = true;
    co_return Text(200, "finished");
  });
  auto in_flight = std::async(std::launch::async, [&server] { return server.Send("GET", "/held"); });
  BOOST_REQUIRE(WaitUntil([&] { return gate->entered.load(); }));

  server.Stop();
  // New connections are refused while the request is still being answered.
  BOOST_TEST(WaitUntil([&] { return Refused(server.port()); }));
  BOOST_TEST(!server.RunReturned(50ms));
  BOOST_TEST(!gate->finished);

  gate->released = true;
  BOOST_REQUIRE(in_flight.wait_for(5s) == std::future_status::ready);
  auto res = in_flight.get();
  BOOST_TEST(res.status == 200);
  BOOST_TEST(res.body == "finished");
  // The answer says the connection ends with it.
  BOOST_TEST(res.Header("connection") == "close");
  BOOST_TEST(server.RunReturned(5s));
}

BOOST_AUTO_TEST_CASE(a_request_arriving_on_a_kept_alive_connection_while_draining_is_answered) {
  ServerFixture server;
  RawConnection conn(server.port());
  conn.Write("GET /before HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(conn.Read().keep_alive());
  // Nothing is in progress when the stop comes; the next request is already on its way.
  server.Stop();
  conn.Write("GET /during HTTP/1.1\r\nHost: x\r\n\r\n");
  auto during = conn.Read();
  BOOST_TEST(during.result_int() == 200u);
  BOOST_TEST(!during.keep_alive());
  BOOST_TEST(server.Calls() == 2u);
  BOOST_TEST(server.RunReturned(5s));
}

BOOST_AUTO_TEST_CASE(stop_does_not_wait_for_idle_keep_alive_connections) {
  ServerFixture server;  // read timeout 10 s
  RawConnection idle(server.port());
  idle.Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(idle.Read().keep_alive());
  RawConnection silent(server.port());
  auto start = std::chrono::steady_clock::now();
  server.Stop();
  BOOST_TEST(server.RunReturned(5s));
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace http_server_lifecycle_test
