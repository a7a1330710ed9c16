#include "tools/common/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <cctype>
#include <charconv>

namespace lg::tools {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::optional<Url> ParseUrl(std::string_view text, std::string& error) {
  constexpr std::string_view kScheme = "http://";
  if (text.starts_with("https://")) {
    error = "https is not supported (leadgate serves plain HTTP; put the benchmark next to it)";
    return std::nullopt;
  }
  if (!text.starts_with(kScheme)) {
    error = "the URL must start with http://";
    return std::nullopt;
  }
  text.remove_prefix(kScheme.size());
  size_t slash = text.find('/');
  std::string_view authority = text.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : text.substr(slash);
  Url url;
  if (authority.starts_with('[')) {  // [::1]:8080
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "unterminated IPv6 address in the URL";
      return std::nullopt;
    }
    url.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (authority.starts_with(':')) url.port = std::string(authority.substr(1));
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.port.empty()) url.port = "80";
  int port = 0;
  auto [end, ec] = std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
  if (url.host.empty() || ec != std::errc() || end != url.port.data() + url.port.size() || port < 1 || port > 65535) {
    error = "the URL needs a host and a port from 1 to 65535";
    return std::nullopt;
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  url.base_path = std::string(path);
  return url;
}

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

struct SyncClient::Impl {
  Url url;
  std::chrono::milliseconds timeout;
  std::string user_agent;
  Retry retry;
  asio::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous operation to completion on this thread. tcp_stream's timeout applies
  // only to asynchronous operations, so every exchange goes through here: a server that stops
  // answering fails the call after `timeout` instead of hanging it.
  template <typename Start>
  beast::error_code Run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  // Opens the connection when there is none; false (with out.error) when that fails.
  bool Connect(HttpResult& out) {
    if (stream) return true;
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) {
      out.error = "resolve: " + ec.message();
      return false;
    }
    stream = std::make_unique<beast::tcp_stream>(ioc);
    stream->expires_after(timeout);
    ec = Run([&](auto done) { stream->async_connect(endpoints, done); });
    if (ec) {
      stream.reset();
      out.error = "connect: " + ec.message();
      return false;
    }
    buffer.clear();
    return true;
  }

  // Reads one response into `out`; closes the connection when the server does or it fails.
  void Read(HttpResult& out) {
    beast::error_code ec;  // set by Run below
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    stream->expires_after(timeout);
    ec = Run([&](auto done) { http::async_read(*stream, buffer, parser, done); });
    if (ec) {
      stream.reset();
      out.error = "read: " + ec.message();
      return;
    }
    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(field.value());
    }
    if (auto it = res.find(http::field::retry_after); it != res.end()) {
      int seconds = 0;
      auto v = it->value();
      if (std::from_chars(v.data(), v.data() + v.size(), seconds).ec == std::errc()) out.retry_after_s = seconds;
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) stream.reset();
  }

  HttpResult Once(http::verb verb, std::string_view path, std::string_view token, std::string_view body,
                  std::string_view content_type, const Headers& extra) {
    HttpResult out;
    if (!Connect(out)) return out;
    http::request<http::string_body> req{verb, url.base_path + std::string(path), 11};
    req.set(http::field::host, url.HostHeader());
    req.set(http::field::user_agent, user_agent);
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
    if (!body.empty() || verb == http::verb::post) {
      req.set(http::field::content_type, content_type);
      req.body() = std::string(body);
    }
    for (const auto& [name, value] : extra) req.set(name, value);
    req.keep_alive(true);
    req.prepare_payload();
    stream->expires_after(timeout);
    beast::error_code ec = Run([&](auto done) { http::async_write(*stream, req, done); });
    if (ec) {
      stream.reset();
      out.error = "write: " + ec.message();
      return out;
    }
    Read(out);
    return out;
  }
};

SyncClient::SyncClient(Url url, std::chrono::milliseconds timeout, std::string user_agent, Retry retry)
    : impl_(std::make_unique<Impl>()) {
  impl_->url = std::move(url);
  impl_->timeout = timeout;
  impl_->user_agent = std::move(user_agent);
  impl_->retry = retry;
}

SyncClient::~SyncClient() = default;

HttpResult SyncClient::Send(std::string_view method, std::string_view path, std::string_view token,
                            std::string_view body, std::string_view content_type, const Headers& extra) {
  http::verb verb = http::string_to_verb(method);
  HttpResult out = impl_->Once(verb, path, token, body, content_type, extra);
  // A kept-alive connection the server closed meanwhile: one fresh attempt.
  if (impl_->retry == Retry::kOnceOnDroppedConnection && out.status == 0 && !out.error.starts_with("resolve") &&
      !out.error.starts_with("connect")) {
    out = impl_->Once(verb, path, token, body, content_type, extra);
  }
  return out;
}

HttpResult SyncClient::SendRaw(std::string_view raw) {
  impl_->stream.reset();
  HttpResult out;
  if (!impl_->Connect(out)) return out;
  impl_->stream->expires_after(impl_->timeout);
  beast::error_code ec =
      impl_->Run([&](auto done) { asio::async_write(*impl_->stream, asio::buffer(raw.data(), raw.size()), done); });
  if (ec) {
    impl_->stream.reset();
    out.error = "write: " + ec.message();
    return out;
  }
  impl_->Read(out);
  impl_->stream.reset();
  return out;
}

}  // namespace lg::tools
