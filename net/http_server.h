#pragma once
// The HTTP/1.1 server: Asio reactors (Beast, C++20 coroutines; one event loop per reactor
// thread, each keeping the connections it accepted) that read requests with a fresh parser each
// (header limit -> 431, body limit (per request target) -> 413 before the body is read, read
// timeout), await `handler`'s answer for each request on the reactor thread, and write the
// response, keeping connections alive. Beast stays inside http_server.cc.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "net/http_types.h"

namespace lg::net {

struct HttpServerOptions {
  std::string listen = "127.0.0.1";
  uint16_t port = 0;
  int io_threads = 2;
  size_t body_limit_bytes = 1 << 20;
  // The body limit of one request from its method and percent-decoded path (empty for a target
  // that is not a valid path), asked once its headers are in; unset = body_limit_bytes for every
  // request.
  std::function<size_t(std::string_view method, std::string_view path)> body_limit_for;
  size_t header_limit_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout{30000};
  // Connections open at once; one more is closed as soon as it is accepted (0 = no limit).
  size_t max_connections = 4096;
  // Requests of one client address in progress at once (headers in, answer not yet written);
  // one more is answered 429 too_many_concurrent_requests with Retry-After: 1 (0 = no limit).
  size_t max_requests_per_client = 128;
  // Comma-separated IP addresses of reverse proxies (server.trusted_proxies; empty = none). A
  // request whose TCP peer is one of them comes from the rightmost X-Forwarded-For entry that is
  // not itself one of them; from any other peer X-Forwarded-For is ignored. That client address
  // is what HttpRequest::client_address and max_requests_per_client see. Start() refuses an
  // entry that is not an IP address.
  std::string trusted_proxies;
};

class HttpServer {
 public:
  // Awaited on the reactor thread that read the request, so it must not block it (work that
  // waits on the disk goes elsewhere and is awaited); an exception becomes a 500. The request
  // lives until the coroutine completes.
  using RequestHandler = std::function<boost::asio::awaitable<HttpResponse>(const HttpRequest&)>;

  HttpServer(HttpServerOptions options, RequestHandler handler);
  ~HttpServer();

  // Binds and listens; port() is valid afterwards.
  core::Status Start();
  uint16_t port() const;
  // Serves until Stop(); blocks the calling thread (plus io_threads - 1 more).
  void Run();
  // Stops accepting, lets in-flight requests finish (at most 10 s), then makes Run() return.
  // Safe to call from any thread, including a signal handler thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::net
