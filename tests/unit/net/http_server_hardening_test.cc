// HttpServer against hostile or careless clients: request framing that two parsers could read
// differently, connection and per-client request limits, chunk lines that would grow memory,
// running out of file descriptors, and answers given from the headers alone (early admission).

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/http_server.h"
#include "tests/support/json_helpers.h"
#include "tests/unit/net/server_fixture.h"

namespace http_server_hardening_test {

using namespace lg::net_test;
using lg::test::CheckProblem;
using lg::test::HttpResult;

namespace {

// Sends `bytes`, reads one response and whether the server then closed the connection.
struct Answer {
  HttpResult result;
  bool closed = false;
};
Answer ExchangeAndClose(uint16_t port, const std::string& bytes) {
  RawConnection conn(port);
  conn.Write(bytes);
  Answer out;
  out.result = AsResult(conn.Read());
  out.closed = conn.ReadUntilClosed(2s).has_value();
  return out;
}

// A handler that holds every request until Open() (awaiting, so the reactor stays free).
struct Gate {
  std::shared_ptr<std::atomic<bool>> open = std::make_shared<std::atomic<bool>>(false);
  void Open() { *open = true; }
  FakeHandler Handler() const {
    return [open = open](const HttpRequest&) -> asio::awaitable<HttpResponse> {
      while (!*open) co_await Sleep(5ms);
      co_return Text(200, "ok");
    };
  }
};

// A request on a fresh connection, or nothing when the connection fails.
std::optional<HttpResult> TryExchange(uint16_t port, const std::string& bytes) {
  try {
    return Exchange(port, bytes);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// CPU time (user + system) this process used so far.
std::chrono::microseconds CpuTime() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto us = [](const timeval& t) { return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

// While it lives, this process cannot open another file descriptor (EMFILE).
class NoMoreDescriptors {
 public:
  NoMoreDescriptors() {
    BOOST_REQUIRE(getrlimit(RLIMIT_NOFILE, &saved_) == 0);
    int lowest_free = dup(0);
    BOOST_REQUIRE(lowest_free >= 0);
    close(lowest_free);
    rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(lowest_free);
    BOOST_REQUIRE(setrlimit(RLIMIT_NOFILE, &lowered) == 0);
  }
  ~NoMoreDescriptors() { Restore(); }
  NoMoreDescriptors(const NoMoreDescriptors&) = delete;
  NoMoreDescriptors& operator=(const NoMoreDescriptors&) = delete;
  void Restore() {
    if (!restored_) setrlimit(RLIMIT_NOFILE, &saved_);
    restored_ = true;
  }

 private:
  rlimit saved_{};
  bool restored_ = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server_hardening)

BOOST_AUTO_TEST_CASE(a_transfer_encoding_other_than_chunked_gets_400_and_the_connection_closes) {
  ServerFixture server;
  const std::string body = "5\r\nhello\r\n0\r\n\r\n";
  for (const std::string& headers : std::vector<std::string>{
           "Transfer-Encoding: gzip, chunked\r\n",
           "Transfer-Encoding: chunked, gzip\r\n",
           "Transfer-Encoding: identity\r\n",
           "Transfer-Encoding: gzip\r\n",
           "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
           "Transfer-Encoding: chunked\r\nContent-Length: 15\r\n",
           "Content-Length: 15\r\nTransfer-Encoding: chunked\r\n",
           "Transfer-Encoding: gzip\r\nContent-Length: 15\r\n",
       }) {
    BOOST_TEST_CONTEXT(headers) {
      Answer answer = ExchangeAndClose(server.port(), "POST /x HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body);
      CheckProblem(answer.result, 400, "unsupported_transfer_encoding");
      BOOST_TEST(answer.result.Header("connection") == "close");
      BOOST_TEST(answer.closed);
    }
  }
  BOOST_TEST(server.Calls() == 0u);
  // Exactly chunked (a token, so in any case) is served.
  auto chunked = server.SendRaw("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n" + body);
  BOOST_TEST(chunked.status == 200);
  BOOST_TEST(server.Calls() == 1u);
  BOOST_TEST(server.Seen().back().body == "hello");
}

// RFC 9112 5.2: a header line continued on the next one (obs-fold: the next line starts with a
// space or a tab) is joined by Beast, and may be read otherwise by a proxy in front, so it is
// refused in any header, whether a body follows or not.
BOOST_AUTO_TEST_CASE(a_folded_header_line_gets_400_and_the_connection_closes) {
  ServerFixture server;
  for (const std::string& request : std::vector<std::string>{
           "GET /x HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n\r\n",
           "GET /x HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n\ttwo\r\n\r\n",
           "GET /x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n lg_token\r\n\r\n",
           "GET /x HTTP/1.1\r\nX-Empty:\r\n folded\r\nHost: x\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n 5\r\n\r\nhello",
           "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Note: a\r\n b\r\n c\r\n\r\nhello",
       }) {
    BOOST_TEST_CONTEXT(request) {
      Answer answer = ExchangeAndClose(server.port(), request);
      CheckProblem(answer.result, 400, "obsolete_line_folding");
      BOOST_TEST(answer.result.Header("connection") == "close");
      BOOST_TEST(answer.closed);
    }
  }
  BOOST_TEST(server.Calls() == 0u);
  // Spaces and tabs inside one line are values like any other; a body may hold anything.
  auto fine =
      server.SendRaw("POST /x HTTP/1.1\r\nHost: x\r\nX-Note: one \t two\r\nContent-Length: 9\r\n\r\na\r\n b\r\n\tc");
  BOOST_TEST(fine.status == 200);
  BOOST_REQUIRE_EQUAL(server.Calls(), 1u);
  BOOST_TEST(server.Seen().back().body == "a\r\n b\r\n\tc");
}

BOOST_AUTO_TEST_CASE(a_long_chunk_extension_gets_400_without_the_server_buffering_it) {
  ServerFixture server;
  const std::string head = "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  // A short extension is ignored.
  auto fine = server.SendRaw(head + "5;name=value\r\nhello\r\n0\r\n\r\n");
  BOOST_TEST(fine.status == 200);
  BOOST_TEST(server.Calls() == 1u);
  for (size_t ext_bytes : {size_t{10} << 10, size_t{1} << 20}) {
    BOOST_TEST_CONTEXT("extension of " << ext_bytes << " bytes") {
      RawConnection conn(server.port());
      // The server may answer and close before all of it is sent; the write may then fail.
      try {
        conn.Write(head + "5;x=" + std::string(ext_bytes, 'a') + "\r\nhello\r\n0\r\n\r\n");
      } catch (const std::exception&) {
      }
      HttpResult res = AsResult(conn.Read());
      CheckProblem(res, 400, "chunk_line_too_long");
      BOOST_TEST(res.Header("connection") == "close");
    }
  }
  BOOST_TEST(server.Calls() == 1u);
  BOOST_TEST(server.Send("GET", "/still").status == 200);
}

BOOST_AUTO_TEST_CASE(connections_over_max_connections_get_503_with_retry_after_and_are_closed_at_once) {
  HttpServerOptions options = TestOptions();
  options.max_connections = 2;
  ServerFixture server(AnswerOk, options);
  auto first = std::make_unique<RawConnection>(server.port());
  RawConnection second(server.port());
  for (RawConnection* conn : {first.get(), &second}) {
    conn->Write(RequestBytes("GET", "/kept"));
    BOOST_TEST(conn->Read().result_int() == 200u);
  }
  // The third is told 503 and closed at once, long before any timeout, its request unread.
  RawConnection third(server.port());
  auto start = std::chrono::steady_clock::now();
  std::optional<std::string> closed = third.ReadUntilClosed(3s);
  BOOST_REQUIRE(closed.has_value());
  BOOST_TEST(closed->find("HTTP/1.1 503 ") == 0u);
  BOOST_TEST(closed->find("Retry-After: 1\r\n") != std::string::npos);
  BOOST_TEST(closed->find("too_many_connections") != std::string::npos);
  BOOST_TEST(closed->find("Connection: close\r\n") != std::string::npos);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
  BOOST_TEST(server.Calls() == 2u);
  // The two open ones are still served, and once one goes a new connection is accepted.
  second.Write(RequestBytes("GET", "/still"));
  BOOST_TEST(second.Read().result_int() == 200u);
  first.reset();
  BOOST_TEST(WaitUntil([&] {
    auto res = TryExchange(server.port(), RequestBytes("GET", "/again"));
    return res && res->status == 200;
  }));
}

BOOST_AUTO_TEST_CASE(requests_in_progress_over_max_requests_per_client_get_429_with_retry_after) {
  Gate gate;
  HttpServerOptions options = TestOptions();
  options.max_requests_per_client = 2;
  ServerFixture server(gate.Handler(), options);
  RawConnection a(server.port()), b(server.port()), c(server.port());
  a.Write(RequestBytes("GET", "/a"));
  b.Write(RequestBytes("GET", "/b"));
  BOOST_REQUIRE(WaitUntil([&] { return server.Calls() == 2; }));
  c.Write(RequestBytes("GET", "/c"));
  HttpResult busy = AsResult(c.Read());
  CheckProblem(busy, 429, "too_many_concurrent_requests");
  BOOST_TEST(busy.Header("retry-after") == "1");
  BOOST_TEST(server.Calls() == 2u);
  // A request without a body leaves the connection usable; once the others finish it is served.
  gate.Open();
  BOOST_TEST(a.Read().result_int() == 200u);
  BOOST_TEST(b.Read().result_int() == 200u);
  c.Write(RequestBytes("GET", "/c"));
  BOOST_TEST(c.Read().result_int() == 200u);
  BOOST_TEST(server.Calls() == 3u);
}

BOOST_AUTO_TEST_CASE(accept_failing_for_want_of_descriptors_does_not_spin_and_recovers) {
  ServerFixture server;
  BOOST_REQUIRE(server.Send("GET", "/warm").status == 200);
  // The client's descriptors exist before the limit; its connection waits in the backlog,
  // which the server cannot accept from while no descriptor is left.
  asio::io_context ioc;
  asio::ip::tcp::socket client(ioc);
  client.open(asio::ip::tcp::v4());
  std::chrono::microseconds cpu{};
  const auto waited = 500ms;
  {
    NoMoreDescriptors limit;
    client.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    auto cpu_before = CpuTime();
    std::this_thread::sleep_for(waited);
    cpu = CpuTime() - cpu_before;
  }
  // A loop retrying accept at once burns a whole core for the whole wait.
  BOOST_TEST_MESSAGE("CPU while accept failed: " << cpu.count() << " us in " << waited.count() << " ms");
  BOOST_TEST(cpu.count() < std::chrono::microseconds(waited).count() / 4,
             "CPU " << cpu.count() << " us in " << waited.count() << " ms");
  // With descriptors back, the waiting connection is accepted and served.
  const std::string request = RequestBytes("GET", "/after", "", {{"Connection", "close"}});
  asio::write(client, asio::buffer(request));
  std::string received;
  char chunk[4096];
  std::function<void()> read = [&] {
    client.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, size_t n) {
      received.append(chunk, n);
      if (!ec) read();
    });
  };
  read();
  ioc.run_for(5s);
  BOOST_TEST(received.rfind("HTTP/1.1 200 ", 0) == 0, received);
}

BOOST_AUTO_TEST_CASE(x_forwarded_for_is_believed_only_from_a_trusted_proxy) {
  // The client address the handler sees, for a request with these X-Forwarded-For fields.
  auto client_of = [](ServerFixture& server, const std::vector<std::string>& forwarded) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& value : forwarded) headers.emplace_back("X-Forwarded-For", value);
    BOOST_REQUIRE(server.Send("GET", "/", "", headers).status == 200);
    return server.Seen().back().client_address;
  };
  {
    // The peer (127.0.0.1) is not a proxy of ours: a spoofed header changes nothing.
    HttpServerOptions options = TestOptions();
    options.trusted_proxies = "10.9.9.9";
    ServerFixture server(AnswerOk, options);
    BOOST_TEST(client_of(server, {"203.0.113.7"}) == "127.0.0.1");
    BOOST_TEST(client_of(server, {}) == "127.0.0.1");
  }
  {
    HttpServerOptions options = TestOptions();
    options.trusted_proxies = " 127.0.0.1 , 10.0.0.2,2001:db8::1";
    ServerFixture server(AnswerOk, options);
    BOOST_TEST(client_of(server, {"203.0.113.7"}) == "203.0.113.7");
    // The rightmost entry that is not a proxy of ours: what a client put before it is not believed.
    BOOST_TEST(client_of(server, {"198.51.100.1, 203.0.113.7"}) == "203.0.113.7");
    BOOST_TEST(client_of(server, {"198.51.100.1, 203.0.113.7, 10.0.0.2"}) == "203.0.113.7");
    BOOST_TEST(client_of(server, {"198.51.100.1", "203.0.113.7 ,2001:db8::1"}) == "203.0.113.7");
    BOOST_TEST(client_of(server, {"203.0.113.7:4711"}) == "203.0.113.7");
    BOOST_TEST(client_of(server, {"[2001:db8::7]:4711"}) == "2001:db8::7");
    BOOST_TEST(client_of(server, {"::ffff:203.0.113.9"}) == "203.0.113.9");
    // All proxies: the leftmost; none at all: the peer; something that is no address: the proxy
    // that passed it on.
    BOOST_TEST(client_of(server, {"10.0.0.2"}) == "10.0.0.2");
    BOOST_TEST(client_of(server, {}) == "127.0.0.1");
    BOOST_TEST(client_of(server, {"unknown"}) == "127.0.0.1");
    BOOST_TEST(client_of(server, {"203.0.113.7, unknown, 10.0.0.2"}) == "10.0.0.2");
  }
}

BOOST_AUTO_TEST_CASE(start_refuses_a_trusted_proxy_that_is_not_an_ip_address) {
  for (const char* proxies : {"127.0.0.1,proxy.local", "10.0.0.0/8", "127.0.0.1,"}) {
    HttpServerOptions options = TestOptions();
    options.trusted_proxies = proxies;
    HttpServer server(options, AnswerOk);
    lg::core::Status started = server.Start();
    BOOST_TEST(!started.ok(), proxies);
    BOOST_TEST(started.code() == "invalid_config");
    BOOST_TEST(started.detail().find("server.trusted_proxies") != std::string::npos, started.detail());
  }
  HttpServerOptions options = TestOptions();
  options.trusted_proxies = "  ";
  HttpServer server(options, AnswerOk);
  BOOST_TEST(server.Start().ok());
}

BOOST_AUTO_TEST_CASE(admit_answers_from_the_headers_without_reading_the_body) {
  HttpServerOptions options = TestOptions();
  options.read_timeout = 30s;  // an answer that waited for the body would take this long
  options.body_limit_bytes = 64 << 20;
  std::atomic<int> asked{0};
  options.admit = [&asked](HttpRequest& request) -> std::optional<HttpResponse> {
    ++asked;
    BOOST_TEST(request.body.empty());  // asked before the body is read
    if (request.authorization != "Bearer good") return Text(401, "no");
    request.admission.done = true;
    request.admission.principal.emplace().name = "vendor";
    request.admission.response_headers.emplace_back("X-Decided", "early");
    return std::nullopt;
  };
  ServerFixture server(
      [](const HttpRequest& request) -> asio::awaitable<HttpResponse> {
        co_return Text(200, request.admission.principal ? request.admission.principal->name : "nobody");
      },
      options);
  // Refused with a body pending: answered at once, and the connection closes (its stream is no
  // longer at a request boundary).
  {
    RawConnection conn(server.port());
    auto start = std::chrono::steady_clock::now();
    conn.Write("POST /bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer bad\r\nContent-Length: 10485760\r\n\r\n");
    auto res = conn.Read();
    BOOST_TEST(res.result_int() == 401u);
    BOOST_TEST(res[http::field::connection] == "close");
    BOOST_TEST((std::chrono::steady_clock::now() - start < 3s));
    BOOST_TEST(conn.ReadUntilClosed(2s).has_value());
  }
  // Refused without a body: the connection goes on.
  {
    RawConnection conn(server.port());
    conn.Write(RequestBytes("GET", "/x", "", {{"Authorization", "Bearer bad"}}));
    BOOST_TEST(conn.Read().result_int() == 401u);
    conn.Write(RequestBytes("GET", "/x", "", {{"Authorization", "Bearer good"}}));
    auto res = conn.Read();
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body() == "vendor");  // what admit decided reached the handler
  }
  BOOST_TEST(server.Calls() == 1u);
  // Admitted with a body: the body is read and the handler sees it.
  auto posted = server.Send("POST", "/x", "{\"a\":1}", {{"Authorization", "Bearer good"}});
  BOOST_TEST(posted.status == 200);
  BOOST_TEST(server.Seen().back().body == "{\"a\":1}");
  BOOST_TEST(asked == 4);
}

BOOST_AUTO_TEST_CASE(an_admit_that_throws_gives_500) {
  HttpServerOptions options = TestOptions();
  options.admit = [](HttpRequest&) -> std::optional<HttpResponse> { throw std::runtime_error("secret detail"); };
  ServerFixture server(AnswerOk, options);
  auto res = server.Send("GET", "/x");
  CheckProblem(res, 500, "internal_error");
  BOOST_TEST(res.body.find("secret detail") == std::string::npos);
  BOOST_TEST(server.Calls() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace http_server_hardening_test
