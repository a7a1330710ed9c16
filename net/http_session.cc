#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "net/http_server_impl.h"
#include "net/problem.h"
#include "net/request_target.h"
#include "net/response_head.h"
#include "net/route_metrics.h"
#include "net/streamed_response.h"

namespace lg::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr size_t kReadBufferBytes = size_t{8} << 10;
// A lingering close reads what a client still sends for at most this long, and stops when it
// sends nothing for kLingerIdle.
constexpr std::chrono::seconds kLingerTotal{5};
constexpr std::chrono::seconds kLingerIdle{1};
// What a connection may hold of a request beyond its header limit while parsing it: a chunk
// line (size and extensions) or a trailer must end within it, so none can grow memory. Body
// bytes are handed to the body as they are parsed and do not count.
constexpr size_t kReadBufferSlackBytes = size_t{64} << 10;
// Chunk extensions are ignored; a long one only costs us parsing it.
constexpr size_t kMaxChunkExtensionBytes = size_t{4} << 10;

core::Status BodyTooLarge(size_t limit) {
  if (limit == 0) return {core::ErrorKind::kBodyTooLarge, "payload_too_large", "This request takes no body."};
  return {core::ErrorKind::kBodyTooLarge, "payload_too_large",
          "The request body exceeds " + std::to_string(limit) + " bytes."};
}

core::Status ChunkLineTooLong() {
  return core::Status::Malformed("chunk_line_too_long", "A chunk size line or trailer of the request is too long.");
}

core::Status NotHttp() { return core::Status::Malformed("bad_request", "The request is not valid HTTP/1.1."); }

core::Status UnsupportedTransferEncoding() {
  return core::Status::Malformed("unsupported_transfer_encoding",
                                 "Transfer-Encoding must be exactly \"chunked\", without a Content-Length.");
}

// Request smuggling starts where two parsers frame a body differently. Beast accepts a
// Transfer-Encoding whose last coding is chunked ("gzip, chunked"), and one that is not chunked
// at all next to a Content-Length; a proxy in front may read either another way. So a request
// body is framed by one Content-Length or by exactly "Transfer-Encoding: chunked", nothing else.
bool HasAmbiguousFraming(const http::request<http::string_body>& req) {
  if (req.count(http::field::transfer_encoding) == 0) return false;
  if (req.count(http::field::transfer_encoding) > 1 || req.count(http::field::content_length) > 0) return true;
  return !beast::iequals(req[http::field::transfer_encoding], "chunked");
}

// A header line continued on the next line (obs-fold, RFC 9112 5.2) is joined by Beast, but a
// proxy in front may read it otherwise, so it is refused (400) like ambiguous framing.
core::Status ObsoleteLineFolding() {
  return core::Status::Malformed("obsolete_line_folding",
                                 "A header line continues on the next line (obsolete line folding); send each header "
                                 "field on one line.");
}

// The connection's read buffer as async_read_header sees it, noting whether the bytes the parser
// takes hold an obs-fold: a line break followed by a space or a tab. Beast folds no other way,
// and looks one byte past a field's line break before it takes the field, so a fold is never
// split between two takes. Only the header is read through it.
class FoldWatchingBuffer {
 public:
  using const_buffers_type = beast::flat_buffer::const_buffers_type;
  using mutable_buffers_type = beast::flat_buffer::mutable_buffers_type;

  explicit FoldWatchingBuffer(beast::flat_buffer& buffer) : buffer_(buffer) {}
  size_t size() const { return buffer_.size(); }
  size_t max_size() const { return buffer_.max_size(); }
  size_t capacity() const { return buffer_.capacity(); }
  const_buffers_type data() const { return buffer_.data(); }
  mutable_buffers_type prepare(size_t n) { return buffer_.prepare(n); }
  void commit(size_t n) { buffer_.commit(n); }
  void consume(size_t n) {
    const std::string_view taken(static_cast<const char*>(buffer_.data().data()), std::min(n, buffer_.size()));
    for (size_t at = taken.find('\n'); at != std::string_view::npos && at + 1 < taken.size();
         at = taken.find('\n', at + 1)) {
      folded_ = folded_ || taken[at + 1] == ' ' || taken[at + 1] == '\t';
    }
    buffer_.consume(n);
  }
  bool folded() const { return folded_; }

 private:
  beast::flat_buffer& buffer_;
  bool folded_ = false;
};

// Runs `f` when it goes out of scope (a coroutine's frame included, when its reactor is
// destroyed with the coroutine suspended).
template <typename F>
class OnExit {
 public:
  explicit OnExit(F f) : f_(std::move(f)) {}
  ~OnExit() { f_(); }
  OnExit(const OnExit&) = delete;
  OnExit& operator=(const OnExit&) = delete;

 private:
  F f_;
};

// The request as the handlers see it, from its headers; the body follows once read.
HttpRequest FromHeader(const http::request<http::string_body>& req, const std::string& client) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  out.authorization = std::string(req[http::field::authorization]);
  out.content_type = std::string(req[http::field::content_type]);
  out.accept = std::string(req[http::field::accept]);
  if (auto it = req.find("Idempotency-Key"); it != req.end()) out.idempotency_key = std::string(it->value());
  if (auto it = req.find(kMinPositionHeader); it != req.end()) out.min_position = std::string(it->value());
  if (auto it = req.find("Last-Event-ID"); it != req.end()) out.last_event_id = std::string(it->value());
  out.client_address = client;
  return out;
}

// A request body read as it arrives (HttpRequest::body_stream), on the session's reactor: the
// session is suspended in Dispatch meanwhile, so the stream and buffer are the handler's alone.
class StreamedBody final : public BodyStream {
 public:
  StreamedBody(beast::tcp_stream& stream, beast::flat_buffer& buffer, http::request_parser<http::buffer_body>& parser,
               std::chrono::milliseconds timeout, size_t body_limit)
      : stream_(stream), buffer_(buffer), parser_(parser), timeout_(timeout), body_limit_(body_limit) {}

  asio::awaitable<core::Result<std::string_view>> Read() override {
    for (;;) {
      if (parser_.is_done()) co_return std::string_view();
      parser_.get().body().data = piece_.data();
      parser_.get().body().size = piece_.size();
      // The stream's own timeout would close the socket, and the handler's answer (what a bulk
      // stored before the client stalled) would reach nobody: a timer of our own cancels the read
      // and leaves the socket open for that answer. `armed` outlives this read (the timer's
      // handler may already be queued when the read completes) and is cleared once it is done.
      stream_.expires_never();
      auto armed = std::make_shared<bool>(true);
      asio::steady_timer timer(stream_.get_executor(), timeout_);
      timer.async_wait([armed, &socket = stream_.socket()](const beast::error_code& waited) {
        if (!waited && *armed) socket.cancel();
      });
      beast::error_code ec;
      co_await http::async_read_some(stream_, buffer_, parser_, asio::redirect_error(asio::use_awaitable, ec));
      *armed = false;
      if (ec == http::error::need_buffer) ec = {};
      if (ec == http::error::body_limit) co_return BodyTooLarge(body_limit_);
      if (ec == http::error::buffer_overflow || ec == http::error::bad_chunk_extension) co_return ChunkLineTooLong();
      if (ec) {
        co_return core::Status(core::ErrorKind::kUnavailable, "body_incomplete",
                               "The request body stopped before its end.");
      }
      const size_t got = piece_.size() - parser_.get().body().size;
      if (got > 0) co_return std::string_view(piece_.data(), got);
    }
  }

 private:
  beast::tcp_stream& stream_;
  beast::flat_buffer& buffer_;
  http::request_parser<http::buffer_body>& parser_;
  std::chrono::milliseconds timeout_;
  size_t body_limit_;
  std::array<char, 64 << 10> piece_{};
};

// The client a request from the trusted proxy `peer` comes from (see ClientAddress).
std::string ForwardedClient(const ClientAddress& client_address, const http::request<http::string_body>& req,
                            const std::string& peer) {
  std::vector<std::string_view> fields;
  for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
    fields.emplace_back(it->value().data(), it->value().size());
  }
  return client_address.Forwarded(peer, fields);
}

}  // namespace

BodyRule HttpServer::Impl::BodyRuleOf(HttpRequest& request) const {
  if (options.body_rule) return options.body_rule(request);
  BodyRule rule;
  rule.limit = options.body_limit_for ? options.body_limit_for(request.method, request.path) : options.body_limit_bytes;
  // An empty path: the target was not valid, and nothing streams.
  rule.streamed = !request.path.empty() && options.streams_body && options.streams_body(request.method, request.path);
  return rule;
}

asio::awaitable<HttpResponse> HttpServer::Impl::Dispatch(const HttpRequest& request) {
  // The handler runs right here on the reactor thread; whatever it awaits (a commit, a worker)
  // resumes it here, so the reactor never waits on the disk.
  try {
    co_return co_await handler(request);
  } catch (const std::exception& e) {
    co_return ProblemResponse(core::Status::Internal(std::string("handler exception: ") + e.what()));
  } catch (...) {
    co_return ProblemResponse(core::Status::Internal("handler exception of an unknown type"));
  }
}

asio::awaitable<void> HttpServer::Impl::Session(tcp::socket socket, std::string peer, bool counted) {
  OnExit give_back_connection([this, &peer, counted] {
    --connections;
    if (counted) client_connections.Remove(peer);
  });
  beast::tcp_stream stream(std::move(socket));
  beast::error_code ec;
  const std::string& client = peer;
  // The peer is a trusted proxy: X-Forwarded-For names the client.
  const bool behind_proxy = client_address.any_trusted() && client_address.IsTrustedProxy(peer);
  // Room for a typical request (headers and a ~1 KiB lead) from the start: Beast reads at most
  // the free capacity (512 bytes when empty), and every short read is another trip through the
  // reactor.
  beast::flat_buffer buffer(options.header_limit_bytes + kReadBufferSlackBytes);
  buffer.reserve(kReadBufferBytes);
  // Referenced by every request's parser, so it outlives them.
  auto limit_chunk_extensions = [](std::uint64_t, beast::string_view extensions, beast::error_code& error) {
    if (extensions.size() > kMaxChunkExtensionBytes) error = http::error::bad_chunk_extension;
  };

  auto send = [&](HttpResponse r, Framing framing) -> asio::awaitable<bool> {
    const bool has_body = !r.body.empty() && !Bodiless(r.status);
    const std::string head = ResponseHead(r, has_body, framing);
    const bool send_body = has_body && !framing.head;
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                              asio::buffer(r.body.data(), send_body ? r.body.size() : 0)};
    stream.expires_after(options.read_timeout);
    co_await asio::async_write(stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  };
  auto gone = [](const beast::error_code& error) {
    return error == http::error::end_of_stream || error == beast::error::timeout ||
           error == asio::error::operation_aborted || error == asio::error::connection_reset ||
           error == asio::error::eof;
  };

  bool linger = false;  // an answer left a request body unread (see the lingering close below)
  // Ends when an answer says Connection: close (every answer once draining) or the client goes.
  // A connection accepted while draining is still read: its client has sent a request already.
  for (bool first = true;; first = false) {
    // Waiting for a request is one thing (a kept-alive connection may idle for read_timeout),
    // receiving its headers another: from their first byte (for a new connection, from the
    // accept) they must all arrive within header_timeout, however slowly they trickle in.
    if (!first && buffer.size() == 0) {
      stream.expires_after(options.read_timeout);
      size_t got = co_await stream.async_read_some(buffer.prepare(kReadBufferBytes),
                                                   asio::redirect_error(asio::use_awaitable, ec));
      buffer.commit(got);
      if (ec) break;
    }
    // A fresh parser per request: limits apply to each request, never to the connection.
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit_bytes));
    parser.on_chunk_header(limit_chunk_extensions);
    // The limit depends on the target (bulk creates take more), so it is checked once the
    // headers are in, still before any of the body is read.
    parser.body_limit(boost::none);
    stream.expires_after(options.header_timeout);
    FoldWatchingBuffer header_buffer(buffer);
    co_await http::async_read_header(stream, header_buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (stopping) StampRequest();
    if (ec == http::error::header_limit) {
      co_await send(ProblemResponse(
                        {core::ErrorKind::kHeadersTooLarge, "headers_too_large", "The request headers are too large."}),
                    Framing{false});
      break;
    }
    if (gone(ec)) break;
    // Beast refuses a Transfer-Encoding after a Content-Length (bad_transfer_encoding) and a
    // Content-Length after "chunked" (bad_content_length, the Transfer-Encoding already kept).
    if (ec == http::error::bad_transfer_encoding ||
        (ec == http::error::bad_content_length && parser.get().count(http::field::transfer_encoding) > 0) ||
        (!ec && HasAmbiguousFraming(parser.get()))) {
      co_await send(ProblemResponse(UnsupportedTransferEncoding()), Framing{false});
      break;
    }
    if (ec) {
      co_await send(ProblemResponse(NotHttp()), Framing{false});
      break;
    }
    if (header_buffer.folded()) {
      co_await send(ProblemResponse(ObsoleteLineFolding()), Framing{false});
      break;
    }
    const bool keep_alive = parser.get().keep_alive();
    const Framing framing{keep_alive, parser.get().version() == 10, parser.get().method() == http::verb::head};
    // An answer given from the headers alone: the connection goes on only when no body follows
    // them (one that does is never read, so the stream is no longer at a request boundary).
    auto answer_early = [&](HttpResponse r) -> asio::awaitable<bool> {
      Framing early = framing;
      early.keep_alive = keep_alive && parser.is_done() && !stopping;
      linger = linger || !parser.is_done();
      co_return co_await send(std::move(r), early) && early.keep_alive;
    };

    const std::string request_client = behind_proxy ? ForwardedClient(client_address, parser.get(), client) : client;
    if (!client_requests.TryAdd(request_client)) {
      Rejected("client_concurrency").Add();
      HttpResponse busy = ProblemResponse({core::ErrorKind::kOverLimit, "too_many_concurrent_requests",
                                           "This client has too many requests in progress; retry later."});
      busy.headers.emplace_back("Retry-After", "1");
      if (co_await answer_early(std::move(busy))) continue;
      break;
    }
    OnExit end_request([this, &request_client] { client_requests.Remove(request_client); });

    // The target is parsed once, here: the body limit depends on its path.
    std::string path;
    std::multimap<std::string, std::string> query;
    const bool target_ok = ParseRequestTarget(parser.get().target(), path, query);
    HttpRequest request = FromHeader(parser.get(), request_client);
    if (target_ok) request.path = std::move(path);
    request.query = std::move(query);
    request.draining = &stopping;
    const BodyRule body_rule = BodyRuleOf(request);
    const size_t body_limit = body_rule.limit;
    const bool streamed = target_ok && body_rule.streamed;
    auto too_large = [body_limit] { return ProblemResponse(BodyTooLarge(body_limit)); };
    // A body announced beyond the limit (any body, for a request that takes none) is refused
    // before a byte of it is read or room is made for it.
    if ((parser.content_length() && *parser.content_length() > body_limit) || (body_limit == 0 && parser.chunked())) {
      linger = true;
      co_await send(too_large(), Framing{false});
      break;
    }
    if (target_ok && options.admit) {
      std::optional<HttpResponse> early;
      try {
        early = options.admit(request);
      } catch (const std::exception& e) {
        early = ProblemResponse(core::Status::Internal(std::string("admission exception: ") + e.what()));
      } catch (...) {
        early = ProblemResponse(core::Status::Internal("admission exception of an unknown type"));
      }
      if (early) {
        if (co_await answer_early(std::move(*early))) continue;
        break;
      }
    }
    parser.body_limit(body_limit);  // a chunked body is counted as it arrives
    if (parser.get()[http::field::expect] == "100-continue") {
      http::response<http::empty_body> cont{http::status::continue_, 11};
      co_await http::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }

    HttpResponse response;
    bool body_read = true;  // the stream is at the next request's start
    if (streamed) {
      // The handler reads the body itself, piece by piece.
      ++in_flight;
      http::request_parser<http::buffer_body> body_parser(std::move(parser));
      body_parser.on_chunk_header(limit_chunk_extensions);
      body_parser.body_limit(body_limit);
      StreamedBody body(stream, buffer, body_parser, options.read_timeout, body_limit);
      request.body_stream = &body;
      response = co_await Dispatch(request);
      body_read = body_parser.is_done();
      linger = !body_read;
    } else {
      co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == http::error::body_limit) {
        linger = true;
        co_await send(too_large(), Framing{false});
        break;
      }
      if (ec == http::error::buffer_overflow || ec == http::error::bad_chunk_extension) {
        co_await send(ProblemResponse(ChunkLineTooLong()), Framing{false});
        break;
      }
      if (gone(ec)) break;
      if (ec) {
        co_await send(ProblemResponse(NotHttp()), Framing{false});
        break;
      }
      ++in_flight;
      request.body = std::move(parser.get().body());
      if (!target_ok) {
        response =
            ProblemResponse(core::Status::Malformed("invalid_target", "The request target is not a valid URL path."));
      } else {
        response = co_await Dispatch(request);
      }
    }
    if (response.stream) {
      // Until the producer is done or the client goes; the connection closes after it.
      co_await WriteStreamedResponse(stream.socket(), std::move(response), {framing.http10, framing.head}, stopping,
                                     options.read_timeout);
      --in_flight;
      break;
    }
    Framing answer = framing;
    // A draining server closes after this answer, and so does one that left a body unread.
    answer.keep_alive = keep_alive && !stopping && body_read;
    bool sent = co_await send(std::move(response), answer);
    --in_flight;
    if (!sent || !answer.keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (linger) {
    // A body we did not read may still be coming: it is read and dropped for a while (a lingering
    // close), since closing with unread bytes resets the connection, and the reset can overtake
    // the answer the client has yet to read.
    std::array<char, 16 << 10> sink;
    const auto until = std::chrono::steady_clock::now() + kLingerTotal;
    for (auto now = std::chrono::steady_clock::now(); now < until; now = std::chrono::steady_clock::now()) {
      stream.expires_after(std::min<std::chrono::steady_clock::duration>(kLingerIdle, until - now));
      co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
  }
}

}  // namespace lg::net
