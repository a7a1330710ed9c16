#include "tools/bench/slow_clients.h"

#include <atomic>
#include <boost/asio.hpp>
#include <string>
#include <thread>

namespace lg::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct SlowClients::Impl {
  asio::io_context io{1};
  std::atomic<uint64_t> connects{0}, closed{0}, bytes{0};
  std::thread thread;
  bool stopped = false;

  // One slow client: connect, send the headers a byte at a time, start over when cut off.
  // `offset` spreads the clients over the interval, as independent ones would be.
  asio::awaitable<void> Trickle(tcp::endpoint endpoint, std::string head, std::chrono::milliseconds interval,
                                std::chrono::microseconds offset) {
    asio::steady_timer timer(io);
    timer.expires_after(offset);
    co_await timer.async_wait(asio::use_awaitable);
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(io);
      co_await socket.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) ++connects;
      for (size_t i = 0; !ec; i = (i + 1) % head.size()) {
        co_await asio::async_write(socket, asio::buffer(&head[i], 1), asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) ++bytes;
        timer.expires_after(interval);
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted) co_return;
      }
      ++closed;
      timer.expires_after(std::chrono::milliseconds(100));
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted) co_return;
    }
  }
};

SlowClients::SlowClients(const tools::Url& url, int count, std::chrono::milliseconds interval)
    : impl_(std::make_unique<Impl>()) {
  tcp::resolver resolver(impl_->io);
  const tcp::endpoint endpoint = *resolver.resolve(url.host, url.port).begin();
  // Headers that never end: a long run of X-Slow lines, sent until the server gives up.
  std::string head = "GET " + (url.base_path.empty() ? std::string("/") : url.base_path) +
                     " HTTP/1.1\r\nHost: " + url.HostHeader() + "\r\n";
  for (int i = 0; i < 64; ++i) head += "X-Slow-" + std::to_string(i) + ": trickle\r\n";
  for (int i = 0; i < count; ++i) {
    const auto offset = std::chrono::duration_cast<std::chrono::microseconds>(interval) * i / count;
    asio::co_spawn(impl_->io, impl_->Trickle(endpoint, head, interval, offset), asio::detached);
  }
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

SlowClientStats SlowClients::Stop() {
  if (!impl_->stopped) {
    impl_->stopped = true;
    impl_->io.stop();
    impl_->thread.join();
  }
  return {impl_->connects.load(), impl_->closed.load(), impl_->bytes.load()};
}

SlowClients::~SlowClients() { Stop(); }

}  // namespace lg::bench
