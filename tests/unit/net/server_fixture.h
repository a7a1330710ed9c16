#pragma once
// The HttpServer tests' pieces: a real server on 127.0.0.1:0 in front of a fake handler that
// records every request it is given, run on its own thread until the fixture ends; and a client
// connection that sends bytes as they are and bounds every wait (tests/support's HttpClient
// waits without a limit: Beast ignores stream timeouts on synchronous operations).

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "net/http_server.h"
#include "tests/support/http_client.h"  // HttpResult
#include "tests/support/wait_until.h"

namespace lg::net_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace std::chrono_literals;
using net::HttpRequest;
using net::HttpResponse;
using net::HttpServer;
using net::HttpServerOptions;

using FakeHandler = std::function<asio::awaitable<HttpResponse>(const HttpRequest&)>;

inline HttpResponse Text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

inline asio::awaitable<HttpResponse> AnswerOk(const HttpRequest&) { co_return Text(200, "ok"); }

// Answers 200 with the request's path as the body.
inline asio::awaitable<HttpResponse> EchoPath(const HttpRequest& request) { co_return Text(200, request.path); }

// Awaits a timer: the reactor thread is free meanwhile.
inline asio::awaitable<void> Sleep(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::use_awaitable);
}

using lg::test::WaitUntil;

inline HttpServerOptions TestOptions() {
  HttpServerOptions options;
  options.listen = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  options.read_timeout = 10s;
  return options;
}

// The response as the test client reports it (header names in lower case), for CheckProblem.
inline test::HttpResult AsResult(const http::response<http::string_body>& response) {
  test::HttpResult out;
  out.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = response.body();
  return out;
}

// One TCP connection to the server. Every connect, write and read gives up after 5 s (Beast's
// stream timeouts apply to asynchronous operations only, so each one runs on a private
// io_context until it completes or times out); a failure or a timeout throws.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) {
    stream_.expires_after(5s);
    Await([&](auto done) {
      stream_.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                            [done](beast::error_code ec) mutable { done(ec, 0); });
    });
  }

  void Write(std::string_view bytes) {
    stream_.expires_after(5s);
    Await([&](auto done) { asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()), done); });
  }

  // The next response; `to_head`: it answers a HEAD request (no body follows its headers).
  http::response<http::string_body> Read(bool to_head = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(to_head);
    stream_.expires_after(5s);
    Await([&](auto done) { http::async_read(stream_, buffer_, parser, done); });
    return parser.release();
  }

  // Reads up to and including the next blank line (a 1xx interim response, say).
  std::string ReadHead() {
    stream_.expires_after(5s);
    for (;;) {
      std::string have = beast::buffers_to_string(buffer_.data());
      if (size_t end = have.find("\r\n\r\n"); end != std::string::npos) {
        buffer_.consume(end + 4);
        return have.substr(0, end + 4);
      }
      buffer_.commit(Await([&](auto done) { stream_.async_read_some(buffer_.prepare(4096), done); }));
    }
  }

  // Waits at most `limit` for the server to close the connection: the bytes that came before the
  // close, or nothing when it stayed open.
  std::optional<std::string> ReadUntilClosed(std::chrono::milliseconds limit = 5s) {
    std::string received = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    stream_.expires_after(limit);
    char chunk[4096];
    for (;;) {
      beast::error_code ec;
      size_t n = Await([&](auto done) { stream_.async_read_some(asio::buffer(chunk), done); }, &ec);
      received.append(chunk, n);
      if (ec == asio::error::eof || ec == asio::error::connection_reset) return received;
      if (ec) return std::nullopt;
    }
  }

 private:
  // Starts one operation with a completion handler and runs it to completion; the bytes it
  // transferred. An error throws, or goes to `error` when given.
  template <typename Start>
  size_t Await(Start start, beast::error_code* error = nullptr) {
    beast::error_code result;
    size_t transferred = 0;
    start([&result, &transferred](beast::error_code ec, size_t n) {
      result = ec;
      transferred = n;
    });
    ioc_.restart();
    ioc_.run();
    if (error) {
      *error = result;
    } else if (result) {
      throw beast::system_error(result);
    }
    return transferred;
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
};

// The bytes of a request: Host, the extra headers as given, and a Content-Length when there is a
// body (or the method is POST).
inline std::string RequestBytes(const std::string& method, const std::string& target, const std::string& body = "",
                                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST") out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return out + "\r\n" + body;
}

// Sends `bytes` on a fresh connection and reads one response (each step bounded).
inline test::HttpResult Exchange(uint16_t port, const std::string& bytes) {
  RawConnection conn(port);
  conn.Write(bytes);
  return AsResult(conn.Read());
}

class ServerFixture {
 public:
  explicit ServerFixture(FakeHandler handler = AnswerOk, HttpServerOptions options = TestOptions())
      : server_(std::make_unique<HttpServer>(std::move(options),
                                             [this, handler = std::move(handler)](const HttpRequest& request) {
                                               Record(request);
                                               return handler(request);
                                             })) {
    core::Status started = server_->Start();
    BOOST_REQUIRE_MESSAGE(started.ok(), "Start: " << started.code() << ": " << started.detail());
    BOOST_REQUIRE(server_->port() != 0);
    run_returned_ = run_done_.get_future();
    thread_ = std::thread([this] {
      server_->Run();
      run_done_.set_value();
    });
  }
  ~ServerFixture() {
    server_->Stop();
    thread_.join();
  }
  ServerFixture(const ServerFixture&) = delete;
  ServerFixture& operator=(const ServerFixture&) = delete;

  uint16_t port() const { return server_->port(); }
  // One request on a fresh connection (see RequestBytes), its response.
  test::HttpResult Send(const std::string& method, const std::string& target, const std::string& body = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) const {
    return Exchange(port(), RequestBytes(method, target, body, headers));
  }
  test::HttpResult SendRaw(const std::string& bytes) const { return Exchange(port(), bytes); }
  void Stop() { server_->Stop(); }
  // Whether Run() returned, waiting at most `limit`.
  bool RunReturned(std::chrono::milliseconds limit = 0ms) {
    return run_returned_.wait_for(limit) == std::future_status::ready;
  }

  // The requests the handler was given so far, in order.
  std::vector<HttpRequest> Seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }
  size_t Calls() const { return Seen().size(); }

 private:
  void Record(const HttpRequest& request) {
    std::lock_guard lock(mu_);
    seen_.push_back(request);
  }

  mutable std::mutex mu_;
  std::vector<HttpRequest> seen_;
  std::promise<void> run_done_;
  std::future<void> run_returned_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace lg::net_test
