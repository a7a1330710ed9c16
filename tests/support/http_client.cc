#include "tests/support/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <cctype>

namespace lg::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
  uint16_t port;
  asio::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void Connect() {
    stream = std::make_unique<beast::tcp_stream>(ioc);
    stream->expires_after(std::chrono::seconds(10));
    stream->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
  }

  HttpResult Read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    stream->expires_after(std::chrono::seconds(10));
    http::read(*stream, buffer, parser);
    auto res = parser.release();
    HttpResult out;
    out.status = res.result_int();
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(field.value());
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) stream.reset();
    return out;
  }
};

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(uint16_t port) : impl_(std::make_unique<Impl>()) { impl_->port = port; }
HttpClient::~HttpClient() = default;

HttpResult HttpClient::Request(const std::string& method, const std::string& target, const std::string& body,
                               const std::string& token,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0;; ++attempt) {
    try {
      if (!impl_->stream) impl_->Connect();
      http::request<http::string_body> req{http::string_to_verb(method), target, 11};
      req.set(http::field::host, "127.0.0.1");
      if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
      if (!body.empty()) req.set(http::field::content_type, "application/json");
      for (const auto& [name, value] : headers) req.set(name, value);
      req.body() = body;
      req.prepare_payload();
      impl_->stream->expires_after(std::chrono::seconds(10));
      http::write(*impl_->stream, req);
      return impl_->Read();
    } catch (const beast::system_error&) {
      // A kept-alive connection the server closed: retry once on a fresh one.
      impl_->stream.reset();
      if (attempt > 0) throw;
    }
  }
}

HttpResult HttpClient::SendRaw(const std::string& raw) {
  impl_->Connect();
  asio::write(impl_->stream->socket(), asio::buffer(raw));
  HttpResult result = impl_->Read();
  impl_->stream.reset();
  return result;
}

}  // namespace lg::test
