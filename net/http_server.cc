#include "net/http_server.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/log.h"
#include "net/http_server_impl.h"
#include "net/problem.h"
#include "net/response_head.h"
#include "net/route_metrics.h"

namespace lg::net {
namespace {

constexpr std::chrono::milliseconds kAcceptPause{50};
constexpr std::chrono::milliseconds kDrainQuiet{250};
constexpr size_t kMaxBacklogAccepts = 4096;  // at most the kernel's somaxconn

// Accept errors that last until something else lets go: descriptors (EMFILE, ENFILE), memory.
bool OutOfResources(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

void HttpServer::Impl::RefuseConnection(tcp::socket& socket, bool per_client) {
  static const std::string refusal = [] {
    HttpResponse r = ProblemResponse({core::ErrorKind::kUnavailable, "too_many_connections",
                                      "The server has too many connections open; retry shortly."});
    return ResponseHead(r, true, Framing{false}) + r.body;
  }();
  static const std::string client_refusal = [] {
    HttpResponse r = ProblemResponse({core::ErrorKind::kOverLimit, "too_many_client_connections",
                                      "This address has too many connections open; close some and retry."});
    r.headers.emplace_back("Retry-After", "1");
    return ResponseHead(r, true, Framing{false}) + r.body;
  }();
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  // What the client sent already is read and dropped first: closing with unread bytes resets the
  // connection, and the reset can overtake the answer. Bounded, and never waits.
  std::array<char, 4096> sink{};
  for (int i = 0; i < 4 && !ec; ++i) socket.read_some(asio::buffer(sink), ec);
  // A fresh socket's send buffer takes the whole answer in one write.
  socket.write_some(asio::buffer(per_client ? client_refusal : refusal), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  socket.close(ec);
  Rejected(per_client ? "client_connection_cap" : "connection_cap").Add();
  if (per_client) {
    if (auto count = client_refused_log.Count()) {
      core::log::Warn("client_connections_refused",
                      {{"count", std::to_string(*count)},
                       {"max_connections_per_client", std::to_string(options.max_connections_per_client)}});
    }
  } else if (auto count = refused_log.Count()) {
    core::log::Warn("connections_refused",
                    {{"count", std::to_string(*count)}, {"max_connections", std::to_string(options.max_connections)}});
  }
}

asio::awaitable<void> HttpServer::Impl::Accept() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(NextReactor());
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec && OutOfResources(ec)) {
      // The connection stays in the backlog, so accepting again at once fails again at once: a
      // busy loop that would starve the connections we have. Wait for some to close.
      if (auto count = accept_error_log.Count()) {
        core::log::Warn("accept_failing", {{"error", ec.message()}, {"count", std::to_string(*count)}});
      }
      asio::steady_timer pause(acceptor.get_executor(), kAcceptPause);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (ec) continue;  // e.g. a connection reset while it waited in the backlog
    StartSession(std::move(socket));
  }
}

void HttpServer::Impl::StartSession(tcp::socket socket) {
  if (options.max_connections != 0 && connections >= options.max_connections) {
    // Answered without a session: a flood of connections costs an accept, a write and a close.
    RefuseConnection(socket, false);
    return;
  }
  boost::system::error_code ec;
  std::string peer;
  bool counted = false;
  if (auto ep = socket.remote_endpoint(ec); !ec) {
    peer = ClientAddress::Canonical(ep.address().to_string());
    // Counted from the accept, before a byte is read: a client holding connections open with
    // half-sent headers counts as much as one sending requests. A proxy of ours speaks for many.
    if (!client_address.IsTrustedProxy(peer)) {
      if (!client_connections.TryAdd(peer)) {
        RefuseConnection(socket, true);
        return;
      }
      counted = options.max_connections_per_client != 0;
    }
  }
  ++connections;
  socket.set_option(tcp::no_delay(true), ec);
  auto executor = socket.get_executor();
  asio::co_spawn(executor, Session(std::move(socket), std::move(peer), counted), asio::detached);
}

void HttpServer::Impl::AcceptBacklog() {
  boost::system::error_code ec;
  acceptor.non_blocking(true, ec);
  for (size_t i = 0; i < kMaxBacklogAccepts && !ec; ++i) {
    tcp::socket socket(NextReactor());
    acceptor.accept(socket, ec);
    if (!ec) StartSession(std::move(socket));
  }
}

void HttpServer::Impl::Drain(std::chrono::steady_clock::time_point deadline) {
  const auto now = std::chrono::steady_clock::now();
  const auto quiet = now - std::chrono::steady_clock::time_point(
                               std::chrono::steady_clock::duration(last_request_ns.load(std::memory_order_relaxed)));
  // Every connection closes after its next answer; one left idle is closed once no request has
  // come in for kDrainQuiet (a client sending later sees the close, which HTTP clients retry).
  if (connections == 0 || (in_flight == 0 && quiet >= kDrainQuiet) || now >= deadline) {
    StopReactors();
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(*reactors.front(), std::chrono::milliseconds(20));
  timer->async_wait([this, timer, deadline](boost::system::error_code) { Drain(deadline); });
}

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { impl_->StopReactors(); }

core::Status HttpServer::Start() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->options.listen, ec);
  if (ec) return core::Status::Malformed("invalid_config", "server.listen is not an IP address");
  auto client_address = ClientAddress::WithTrustedProxies(impl_->options.trusted_proxies);
  if (!client_address.has_value()) return client_address.error();
  impl_->client_address = std::move(client_address).value();
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Status::Internal("cannot listen on " + impl_->options.listen + ":" +
                                  std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->bound_port = acceptor.local_endpoint().port();
  asio::co_spawn(*impl_->reactors.front(), impl_->Accept(), asio::detached);
  return core::Status::Ok();
}

uint16_t HttpServer::port() const { return impl_->bound_port; }
bool HttpServer::draining() const { return impl_->stopping.load(); }

void HttpServer::Run() {
  std::vector<std::thread> extra;
  for (size_t i = 1; i < impl_->reactors.size(); ++i) extra.emplace_back([this, i] { impl_->reactors[i]->run(); });
  impl_->reactors.front()->run();
  for (auto& t : extra) t.join();
}

void HttpServer::Stop() {
  asio::post(*impl_->reactors.front(), [impl = impl_.get()] {
    if (impl->stopping.exchange(true)) return;
    impl->StampRequest();  // the quiet time is counted from the stop
    boost::system::error_code ec;
    impl->AcceptBacklog();
    impl->acceptor.close(ec);
    impl->Drain(std::chrono::steady_clock::now() + std::chrono::seconds(10));
  });
}

}  // namespace lg::net
