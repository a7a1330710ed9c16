#pragma once
// The HTTP server's insides (net/http_server.h), shared by its two halves: the listener
// (net/http_server.cc: accepting, refusing over the caps, draining) and the session
// (net/http_session.cc: reading requests off one connection and writing their answers).
// Included by those two files only; Beast stays inside them.

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/metrics.h"
#include "net/client_address.h"
#include "net/client_counters.h"
#include "net/http_server.h"

namespace lg::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Counts events and says, at most once a second, how many to log since the last time.
class OncePerSecond {
 public:
  std::optional<size_t> Count() {
    ++unlogged_;
    auto now = std::chrono::steady_clock::now();
    if (now - logged_at_ < std::chrono::seconds(1)) return std::nullopt;
    logged_at_ = now;
    return std::exchange(unlogged_, 0);
  }

 private:
  size_t unlogged_ = 0;
  std::chrono::steady_clock::time_point logged_at_{};
};

// One io_context per reactor thread, each run by exactly that thread: a connection lives on one
// reactor for its whole life, so its coroutine needs no strand and the reactors share no lock.
// Other threads (the worker pool, the group committer) post completions to a connection's own
// reactor.
struct HttpServer::Impl {
  using Work = asio::executor_work_guard<asio::io_context::executor_type>;

  HttpServerOptions options;
  RequestHandler handler;
  // Declared before the reactors: destroying a reactor destroys the sessions still on it, and
  // they give back their connection and their requests here.
  std::atomic<size_t> connections{0};
  // leadgate_http_open_connections for /metrics, while this server exists.
  core::metrics::Registry::CollectorHandle connections_metric = core::metrics::Registry::Global().AddCollector(
      {{"leadgate_http_open_connections", core::metrics::Registry::Type::kGauge, "HTTP connections open now"}},
      [this](core::metrics::SampleWriter& out) {
        out.Sample("leadgate_http_open_connections", "", static_cast<double>(connections.load()));
      });
  ClientCounters client_requests{options.max_requests_per_client};        // in progress, by client address
  ClientCounters client_connections{options.max_connections_per_client};  // open, by TCP peer address
  std::vector<std::unique_ptr<asio::io_context>> reactors;
  std::vector<Work> keep_running;  // a reactor with no connection yet must not return from run()
  size_t next_reactor = 0;         // touched by the accept loop only
  tcp::acceptor acceptor;
  std::atomic<int> in_flight{0};
  // While draining: when the drain began or a request's headers last came in (steady clock, ns).
  // The drain waits for a quiet moment, so a request already on its way over a kept-alive
  // connection is still served. Not stamped before: the hot path pays one flag check.
  std::atomic<int64_t> last_request_ns{0};
  void StampRequest() {
    last_request_ns.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
  }
  std::atomic<bool> stopping{false};
  uint16_t bound_port = 0;
  ClientAddress client_address;  // set by Start, then read-only
  // Touched by the accept loop only.
  OncePerSecond refused_log;         // connections refused over max_connections
  OncePerSecond client_refused_log;  // connections refused over max_connections_per_client
  OncePerSecond accept_error_log;    // accepts failing for want of descriptors or memory

  Impl(HttpServerOptions opts, RequestHandler h)
      : options(std::move(opts)),
        handler(std::move(h)),
        reactors(MakeReactors(options.io_threads)),
        keep_running(KeepRunning(reactors)),
        acceptor(*reactors.front()) {}

  static std::vector<std::unique_ptr<asio::io_context>> MakeReactors(int count) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < std::max(count, 1); ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }
  static std::vector<Work> KeepRunning(const std::vector<std::unique_ptr<asio::io_context>>& reactors) {
    std::vector<Work> out;
    out.reserve(reactors.size());
    for (const auto& r : reactors) out.push_back(asio::make_work_guard(*r));
    return out;
  }
  asio::io_context& NextReactor() { return *reactors[next_reactor++ % reactors.size()]; }
  void StopReactors() {
    for (auto& r : reactors) r->stop();
  }

  // Answers a connection refused at accept (over max_connections: 503, over
  // max_connections_per_client: 429) and closes it, without waiting on it.
  void RefuseConnection(tcp::socket& socket, bool per_client);

  asio::awaitable<void> Accept();
  // Serves an accepted connection, or refuses it over max_connections.
  void StartSession(tcp::socket socket);
  // Takes the connections waiting in the listen backlog without waiting for more: closing the
  // listener would reset them, and their clients may have sent a request already.
  void AcceptBacklog();
  // `peer`: the TCP peer's address; `counted`: its connection is counted against
  // max_connections_per_client (given back when the session ends).
  asio::awaitable<void> Session(tcp::socket socket, std::string peer, bool counted);
  // What the request's body may be (HttpServerOptions::body_rule, or else body_limit_for and
  // streams_body).
  BodyRule BodyRuleOf(HttpRequest& request) const;
  asio::awaitable<HttpResponse> Dispatch(const HttpRequest& request);
  void Drain(std::chrono::steady_clock::time_point deadline);
};

}  // namespace lg::net
