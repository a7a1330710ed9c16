#pragma once
// The HTTP/1.1 server: Asio reactors (Beast, C++20 coroutines; one event loop per reactor
// thread, each keeping the connections it accepted) that read requests with a fresh parser each
// (header limit -> 431, body limit (per request target) -> 413 before the body is read, framing
// other than one Content-Length or exactly "chunked" -> 400, chunk lines bounded -> 400, read
// timeout), ask `admit` about each request once its headers are in (before any body is read),
// await `handler`'s answer for each request on the reactor thread, and write the response,
// keeping connections alive. Connections over max_connections are closed as accepted; a client
// address with max_requests_per_client requests in progress gets 429. An answer with a stream
// (HttpResponse::stream) is written as it is produced and ends its connection; it ends when the
// server drains too. Beast stays inside the .cc files.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "net/http_types.h"

namespace lg::net {

// What a request's body may be, decided from its headers (HttpServerOptions::body_rule).
struct BodyRule {
  // 0 for a request that takes no body: one announced anyway (a Content-Length over 0, or a
  // chunked body) is refused with 413 before any of it is read.
  size_t limit = 0;
  bool streamed = false;  // handed to the handler as it arrives (HttpRequest::body_stream)
};

struct HttpServerOptions {
  std::string listen = "127.0.0.1";
  uint16_t port = 0;
  int io_threads = 2;
  size_t body_limit_bytes = 1 << 20;
  // The body limit of one request from its method and path as sent (empty for a target
  // that is not a valid path), asked once its headers are in; unset = body_limit_bytes for every
  // request.
  // 0 for a request that takes no body: one announced anyway (a Content-Length over 0, or a
  // chunked body) is refused with 413 before any of it is read.
  std::function<size_t(std::string_view method, std::string_view path)> body_limit_for;
  // Whether a request's body is handed to its handler as it arrives (HttpRequest::body_stream)
  // instead of read whole first; asked like body_limit_for. Unset: never.
  std::function<bool(std::string_view method, std::string_view path)> streams_body;
  // Both questions above at once, asked instead of them when set: once a request's headers are
  // in, before `admit` and before any of its body is read, with everything but the body set
  // (request.path empty for a target that is not a valid path; streamed is then ignored). What
  // it finds on the way (the request's route) it may keep in request.admission, which `admit`
  // and the handler get. Runs on the reactor thread and must not block.
  std::function<BodyRule(HttpRequest& request)> body_rule;
  size_t header_limit_bytes = 16 << 10;
  // How long a connection may wait for the next request's first byte (keep-alive idle), and for
  // a request's body to make progress.
  std::chrono::milliseconds read_timeout{30000};
  // How long a request's header block may take to arrive, from its first byte (from the accept,
  // for a connection's first request): a client trickling headers (slowloris) is cut off here.
  std::chrono::milliseconds header_timeout{10000};
  // Connections open at once; one more is closed as soon as it is accepted (0 = no limit).
  size_t max_connections = 4096;
  // Connections one TCP peer address may have open at once, counted from the accept (a
  // connection still sending its headers counts); one more is answered 429
  // too_many_client_connections and closed (0 = no limit). Trusted proxies are not limited.
  size_t max_connections_per_client = 256;
  // Requests of one client address in progress at once (headers in, answer not yet written);
  // one more is answered 429 too_many_concurrent_requests with Retry-After: 1 (0 = no limit).
  size_t max_requests_per_client = 128;
  // Comma-separated IP addresses of reverse proxies (server.trusted_proxies; empty = none). A
  // request whose TCP peer is one of them comes from the rightmost X-Forwarded-For entry that is
  // not itself one of them; from any other peer X-Forwarded-For is ignored. That client address
  // is what HttpRequest::client_address and max_requests_per_client see. Start() refuses an
  // entry that is not an IP address.
  std::string trusted_proxies;
  // Asked once a request's headers are in, before any of its body is read (so a client that is
  // refused, e.g. one without a valid token, cannot make the server read a large body), with
  // everything but the body set: an answer to give at once, or nullopt to read the body and
  // hand the request, carrying what `admit` put in request.admission, to the handler. The body
  // of a request answered early is never read; when one was coming the answer says
  // Connection: close and the connection closes. Runs on the reactor thread and must not block;
  // an exception becomes a 500. Unset: every request proceeds.
  std::function<std::optional<HttpResponse>(HttpRequest& request)> admit;
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
  // Stops accepting and drains: requests in progress, and those arriving on open connections
  // meanwhile, are answered with Connection: close; once every connection is closed, or none has
  // had a request for 250 ms (counted from the stop), or after 10 s, Run() returns. Safe to call from any thread,
  // including a signal handler thread.
  void Stop();
  // True from Stop() on (the readiness probe answers 503 draining).
  bool draining() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::net
