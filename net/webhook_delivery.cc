#include "net/webhook_delivery.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/outbound_url.h"
#include "core/retry_after.h"
#include "core/time_util.h"

namespace lg::net::webhook {

namespace beast = boost::beast;
namespace http = beast::http;

WebhookResponse Failure(std::string error, std::string detail, std::string address) {
  WebhookResponse response;
  response.error = std::move(error);
  response.detail = std::move(detail);
  response.address = std::move(address);
  return response;
}

namespace {

constexpr size_t kBodyHeadBytes = 1024;
constexpr size_t kBodyLimitBytes = 64 << 10;
constexpr uint32_t kHeaderLimitBytes = 16 << 10;
constexpr int kMaxInterimAnswers = 8;  // 1xx answers before the final one

// ---------------------------------------------------------------------------------------------
// The request's headers.

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Why the request's headers cannot be sent; nullopt when they can. Names no value.
std::optional<std::string> WhyBadHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
  for (size_t i = 0; i < headers.size(); ++i) {
    const auto& [name, value] = headers[i];
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) {
      return "request header #" + std::to_string(i + 1) + " has an invalid name";
    }
    const bool has_control = std::any_of(value.begin(), value.end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return (byte < 0x20 && byte != '\t') || byte == 0x7f;
    });
    if (has_control) return "request header " + name + " has a control character in its value";
  }
  return std::nullopt;
}

// The headers the sender sets itself.
bool IsFramingHeader(std::string_view name) {
  return beast::iequals(name, "host") || beast::iequals(name, "content-length") || beast::iequals(name, "connection") ||
         beast::iequals(name, "transfer-encoding");
}

// ---------------------------------------------------------------------------------------------
// Addresses.

core::IpAddress FromAsio(const asio::ip::address& address) {
  if (address.is_v4()) return core::IpAddress::V4(address.to_v4().to_bytes());
  return core::IpAddress::V6(address.to_v6().to_bytes());
}

asio::ip::address ToAsio(const core::IpAddress& address) {
  const auto bytes = address.bytes();
  if (address.is_v4()) {
    asio::ip::address_v4::bytes_type v4{};
    std::copy(bytes.begin(), bytes.end(), v4.begin());
    return asio::ip::address_v4(v4);
  }
  asio::ip::address_v6::bytes_type v6{};
  std::copy(bytes.begin(), bytes.end(), v6.begin());
  return asio::ip::address_v6(v6);
}

// ---------------------------------------------------------------------------------------------
// TLS.

// Accepts a chain the context verified whose leaf certificate is for `host`; notes why not in
// `problem` otherwise (the handshake's own error only says "certificate verify failed").
struct PeerVerification {
  std::string host;
  std::string* problem;

  bool operator()(bool preverified, ssl::verify_context& context) const {
    if (!preverified) {
      if (problem->empty()) {
        *problem = X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.native_handle()));
      }
      return false;
    }
    if (ssl::host_name_verification(host)(preverified, context)) return true;
    if (problem->empty()) *problem = "the certificate is not for " + host;
    return false;
  }
};

// ---------------------------------------------------------------------------------------------
// The exchange.

auto WithError(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Sends the request over a connected (and for https, handshaken) stream and reads the answer.
template <typename Stream>
asio::awaitable<WebhookResponse> Converse(Exchange& x, Stream& stream, const core::OutboundUrl& url) {
  http::request<http::string_body> request{http::verb::post, url.target, 11};
  for (const auto& [name, value] : x.request.headers) {
    if (!IsFramingHeader(name)) request.insert(name, value);
  }
  request.set(http::field::host, url.host_header);
  request.set(http::field::connection, "close");
  request.body() = std::move(x.request.body);
  request.content_length(request.body().size());

  boost::system::error_code ec;
  x.stage = "sending the request";
  co_await http::async_write(stream, request, WithError(ec));
  if (x.interrupted != Interruption::kNone) co_return x.Interrupted();
  if (ec) co_return Failure("send_failed", "could not send the request: " + ec.message());

  x.stage = "waiting for the answer";
  beast::flat_buffer buffer;
  std::optional<http::response_parser<http::buffer_body>> parser;
  for (int interim = 0;; ++interim) {
    if (interim > kMaxInterimAnswers) co_return Failure("read_failed", "too many interim (1xx) answers");
    parser.emplace();
    parser->header_limit(kHeaderLimitBytes);
    parser->body_limit(boost::none);  // counted below: a body over the limit still has its status
    co_await http::async_read_header(stream, buffer, *parser, WithError(ec));
    if (x.interrupted != Interruption::kNone) co_return x.Interrupted();
    if (ec) co_return Failure("read_failed", "could not read the answer: " + ec.message());
    const unsigned status = parser->get().result_int();
    if (status / 100 != 1 || status == 101) break;
  }

  WebhookResponse response;
  response.status = static_cast<int>(parser->get().result_int());
  response.retry_after_seconds =
      core::ParseRetryAfter(parser->get()[http::field::retry_after], core::NowMillis() / 1000);
  // Once the status is in, it is the answer: a body cut short, too long or too slow only ends
  // what body_head gets.
  std::array<char, 4096> chunk{};
  size_t body_bytes = 0;
  while (!parser->is_done() && body_bytes < kBodyLimitBytes) {
    parser->get().body().data = chunk.data();
    parser->get().body().size = chunk.size();
    co_await http::async_read(stream, buffer, *parser, WithError(ec));
    const size_t got = chunk.size() - parser->get().body().size;
    body_bytes += got;
    const size_t keep = std::min(got, kBodyHeadBytes - response.body_head.size());
    response.body_head.append(chunk.data(), keep);
    if (ec && ec != http::error::need_buffer) break;
  }
  co_return response;
}

// A lookup's answer; not `done` when the delivery was interrupted first.
struct Lookup {
  boost::system::error_code ec;
  tcp::resolver::results_type results;  // in the resolver's order
  bool done = false;
};

// Resolves `host`. An interruption ends the wait at once: the system resolver cannot be stopped
// (the resolver's cancel only drops its answer when it comes), so the lookup is not awaited
// directly, and one that hangs holds neither the delivery past its deadline nor its answer. It
// does hold the sender's destructor until it returns (the system resolver's own timeouts).
asio::awaitable<Lookup> Resolve(const std::shared_ptr<Exchange>& x, const std::string& host, uint16_t port) {
  auto lookup = std::make_shared<Lookup>();
  x->lookup_wait.expires_at(asio::steady_timer::time_point::max());
  x->resolver.async_resolve(host, std::to_string(port), tcp::resolver::numeric_service,
                            [x, lookup](boost::system::error_code ec, tcp::resolver::results_type results) {
                              lookup->ec = ec;
                              lookup->results = std::move(results);
                              lookup->done = true;
                              x->lookup_wait.cancel();
                            });
  boost::system::error_code ignored;  // cancelled, by the answer or by an interruption
  co_await x->lookup_wait.async_wait(WithError(ignored));
  co_return std::move(*lookup);
}

}  // namespace

asio::awaitable<WebhookResponse> Deliver(std::shared_ptr<Exchange> x) {
  auto url = core::ParseOutboundUrl(x->request.url);
  if (!url) co_return Failure("bad_url", url.error().detail());
  if (!url->https && !x->options.allow_http) {
    co_return Failure("http_not_allowed", "the URL is http://, and webhooks may only use https://");
  }
  if (auto why = WhyBadHeaders(x->request.headers)) co_return Failure("send_failed", *why);
  if (x->interrupted != Interruption::kNone) co_return x->Interrupted();  // shut down before it began
  x->StartDeadline();

  boost::system::error_code ec;
  std::vector<tcp::endpoint> candidates;  // in the resolver's order
  if (url->literal) {
    candidates.emplace_back(ToAsio(*url->literal), url->port);
  } else {
    x->stage = "resolving the host";
    Lookup lookup = co_await Resolve(x, url->host, url->port);
    if (x->interrupted != Interruption::kNone || !lookup.done) co_return x->Interrupted();
    if (lookup.ec) co_return Failure("dns_failed", "could not resolve " + url->host + ": " + lookup.ec.message());
    for (const auto& entry : lookup.results) candidates.push_back(entry.endpoint());
    if (candidates.empty()) co_return Failure("dns_failed", url->host + " has no address");
  }

  std::vector<tcp::endpoint> allowed;
  std::string refusals, first_refused;
  for (const auto& endpoint : candidates) {
    const core::IpAddress address = FromAsio(endpoint.address());
    if (auto why = core::WhyRefused(address, x->options.allowed_networks)) {
      if (first_refused.empty()) first_refused = address.ToString();
      refusals += (refusals.empty() ? "" : ", ") + address.ToString() + " (" + std::string(*why) + ")";
    } else {
      allowed.push_back(endpoint);
    }
  }
  if (allowed.empty()) {
    const std::string where = url->literal ? "" : " of " + url->host;
    co_return Failure(
        "address_refused",
        "no address" + where + " may be reached: " + refusals + "; webhooks.allowed_networks can allow it",
        first_refused);
  }

  x->stage = "connecting";
  std::string attempts;
  bool connected = false;
  for (const auto& endpoint : allowed) {
    if (x->interrupted != Interruption::kNone) co_return x->Interrupted();
    x->address = FromAsio(endpoint.address()).ToString();
    x->socket.open(endpoint.protocol(), ec);
    if (!ec) co_await x->socket.async_connect(endpoint, WithError(ec));
    if (x->interrupted != Interruption::kNone) co_return x->Interrupted();
    if (!ec) {
      connected = true;
      break;
    }
    attempts += (attempts.empty() ? "" : ", ") + x->address + ": " + ec.message();
    boost::system::error_code ignored;
    x->socket.close(ignored);
  }
  if (!connected) {
    co_return Failure(
        "connect_failed",
        "could not connect to " + url->host + " port " + std::to_string(url->port) + " (" + attempts + ")", x->address);
  }
  x->socket.set_option(tcp::no_delay(true), ec);

  if (!url->https) co_return co_await Converse(*x, x->socket, *url);

  ssl::stream<tcp::socket&> stream(x->socket, x->tls);
  // SNI names a host; an address is never sent as one (RFC 6066 section 3).
  if (!url->literal && SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str()) != 1) {
    co_return Failure("tls_failed", "could not set the TLS server name");
  }
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback(PeerVerification{url->host, &x->tls_problem});
  x->stage = "in the TLS handshake";
  co_await stream.async_handshake(ssl::stream_base::client, WithError(ec));
  if (x->interrupted != Interruption::kNone) co_return x->Interrupted();
  if (ec) {
    co_return Failure("tls_failed", "the TLS handshake with " + url->host +
                                        " failed: " + (x->tls_problem.empty() ? ec.message() : x->tls_problem));
  }
  co_return co_await Converse(*x, stream, *url);
}

}  // namespace lg::net::webhook
