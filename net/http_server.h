#pragma once
// The HTTP/1.1 server: Asio reactors (Beast, C++20 coroutines; one event loop per reactor
// thread, each keeping the connections it accepted) that read requests with a fresh parser each
// (header limit -> 431, body limit (per request target) -> 413 before the body is read, read
// timeout), hand each request to `handler` on the reactor thread, run the `blocking` part of its
// answer on a worker pool (so the reactor never waits on the store), wait for a deferred
// answer's Reply without holding a thread, and write the response, keeping connections alive.
// Beast and Asio stay inside http_server.cc.

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
  int worker_threads = 8;
  size_t body_limit_bytes = 1 << 20;
  // The body limit of one request from its method and percent-decoded path (empty for a target
  // that is not a valid path), asked once its headers are in; unset = body_limit_bytes for every
  // request.
  std::function<size_t(std::string_view method, std::string_view path)> body_limit_for;
  size_t header_limit_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout{30000};
};

class HttpServer {
 public:
  // Runs on the reactor thread, so it must not block (hand disk work back as
  // HttpResponse::blocking); must not throw (exceptions become a 500).
  using RequestHandler = std::function<HttpResponse(HttpRequest&)>;

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
