#include "net/streamed_response.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/http/status.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "core/log.h"

namespace lg::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// What the stream shares with the handlers it leaves on the socket's reactor (the watch's read,
// a write's deadline): they may run after the stream is done, so this outlives it, and once
// `finished` they leave the socket alone (it may be gone).
struct Connection {
  explicit Connection(tcp::socket& s) : socket(s), sleep(s.get_executor()), write_deadline(s.get_executor()) {}
  tcp::socket& socket;
  bool gone = false;      // the client closed the connection, or it broke
  bool finished = false;  // the stream is done
  asio::steady_timer sleep;
  asio::steady_timer write_deadline;
  std::array<char, 1024> sink{};
};

// Reads until the client closes the connection. An event stream's client sends nothing more, so
// bytes that do come are dropped; the connection is not reused.
void WatchClient(const std::shared_ptr<Connection>& connection) {
  connection->socket.async_read_some(asio::buffer(connection->sink),
                                     [connection](const boost::system::error_code& ec, size_t) {
                                       if (connection->finished) return;
                                       if (!ec) {
                                         WatchClient(connection);
                                         return;
                                       }
                                       connection->gone = true;
                                       connection->sleep.cancel();
                                     });
}

std::string StreamHead(const HttpResponse& r, StreamFraming framing) {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " ";
  head.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status))).append("\r\n");
  head.append("Content-Type: ").append(r.content_type).append("\r\n");
  for (const auto& [name, value] : r.headers) head.append(name).append(": ").append(value).append("\r\n");
  if (!framing.http10) head.append("Transfer-Encoding: chunked\r\n");
  head.append("Connection: close\r\n\r\n");
  return head;
}

class SessionStream final : public ResponseStream {
 public:
  SessionStream(std::shared_ptr<Connection> connection, bool chunked, const std::atomic<bool>& stopping,
                std::chrono::milliseconds write_timeout)
      : connection_(std::move(connection)), chunked_(chunked), stopping_(stopping), write_timeout_(write_timeout) {}

  asio::awaitable<bool> Write(std::string_view data) override {
    if (data.empty()) co_return !connection_->gone;  // an empty chunk would end the body
    std::array<char, 24> size{};
    const int size_length = chunked_ ? std::snprintf(size.data(), size.size(), "%zx\r\n", data.size()) : 0;
    const std::array<asio::const_buffer, 3> buffers{asio::buffer(size.data(), static_cast<size_t>(size_length)),
                                                    asio::buffer(data.data(), data.size()),
                                                    asio::buffer("\r\n", chunked_ ? 2 : 0)};
    co_return co_await Send(buffers);
  }

  bool open() const override { return !connection_->gone && !stopping_.load(); }

  asio::awaitable<void> Sleep(std::chrono::milliseconds duration) override {
    if (connection_->gone) co_return;
    connection_->sleep.expires_after(duration);
    boost::system::error_code ec;
    co_await connection_->sleep.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  // Timed per write: an idle stream must not time out, a client that stops reading must.
  template <typename Buffers>
  asio::awaitable<bool> Send(const Buffers& buffers) {
    if (connection_->gone) co_return false;
    connection_->write_deadline.expires_after(write_timeout_);
    connection_->write_deadline.async_wait([connection = connection_](const boost::system::error_code& ec) {
      if (ec || connection->finished) return;
      boost::system::error_code ignored;
      connection->socket.close(ignored);  // the write under way fails
    });
    boost::system::error_code ec;
    co_await asio::async_write(connection_->socket, buffers, asio::redirect_error(asio::use_awaitable, ec));
    connection_->write_deadline.cancel();
    if (ec) connection_->gone = true;
    co_return !ec;
  }

 private:
  std::shared_ptr<Connection> connection_;
  const bool chunked_;
  const std::atomic<bool>& stopping_;
  const std::chrono::milliseconds write_timeout_;
};

}  // namespace

asio::awaitable<void> WriteStreamedResponse(tcp::socket& socket, HttpResponse response, StreamFraming framing,
                                            const std::atomic<bool>& stopping,
                                            std::chrono::milliseconds write_timeout) {
  auto connection = std::make_shared<Connection>(socket);
  SessionStream out(connection, !framing.http10, stopping, write_timeout);
  const std::string head = StreamHead(response, framing);
  if (co_await out.Send(asio::buffer(head)) && !framing.head) {
    WatchClient(connection);
    try {
      co_await response.stream(out);
      // The last chunk: the body ended as it should (a stream cut short lacks it).
      if (!framing.http10) co_await out.Send(asio::buffer(std::string_view("0\r\n\r\n")));
    } catch (const std::exception& e) {
      core::log::Error("stream_failed", {{"error", e.what()}});
    }
  }
  connection->finished = true;
  boost::system::error_code ignored;
  socket.cancel(ignored);
  connection->write_deadline.cancel();
}

}  // namespace lg::net
