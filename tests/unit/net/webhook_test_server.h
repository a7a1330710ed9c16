#pragma once
// The webhook sender's tests' peers: a small HTTP or HTTPS server on 127.0.0.1:0, on its own
// thread, that records what it was sent and answers as told (or never); and a throwaway PKI made
// with OpenSSL's C API (a CA in a PEM file and server certificates it issued).

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/temp_dir.h"

namespace lg::webhook_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// The test server.

struct Recorded {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;
  std::string server_name;  // the TLS SNI, empty without
};

// How the server answers one request: these bytes, after `delay`; or never.
struct Answer {
  std::string bytes;
  std::chrono::milliseconds delay{0};
  bool never = false;
};
using Answerer = std::function<Answer(const Recorded&)>;

// "HTTP/1.1 <status> X" with Content-Length, Connection: close and `extra` header lines.
inline std::string Response(int status, const std::string& body = "", const std::vector<std::string>& extra = {}) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
  for (const auto& line : extra) out += line + "\r\n";
  return out + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

inline Answerer Always(std::string bytes) {
  return [bytes = std::move(bytes)](const Recorded&) { return Answer{bytes}; };
}

class TestServer {
 public:
  // Plain HTTP, or HTTPS with `tls`.
  explicit TestServer(Answerer answerer, std::shared_ptr<ssl::context> tls = nullptr)
      : answerer_(std::move(answerer)), tls_(std::move(tls)) {
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, Accept(), [](const std::exception_ptr&) {});
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TestServer() {
    ioc_.stop();
    thread_.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const { return port_; }
  std::string Url(const std::string& target = "/hook", const std::string& host = "127.0.0.1") const {
    return std::string(tls_ ? "https" : "http") + "://" + host + ":" + std::to_string(port_) + target;
  }
  std::vector<Recorded> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  int connections() const { return connections_; }
  // The most connections at once between their accept and their answer written.
  int peak_unanswered() const { return peak_unanswered_; }

 private:
  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
      ++connections_;
      asio::co_spawn(ioc_, Serve(std::move(socket)), [](const std::exception_ptr&) {});
    }
  }

  // Counts a connection as unanswered while it lives.
  struct Unanswered {
    explicit Unanswered(TestServer& server) : server(server) {
      int now = ++server.unanswered_;
      int peak = server.peak_unanswered_;
      while (now > peak && !server.peak_unanswered_.compare_exchange_weak(peak, now)) {
      }
    }
    ~Unanswered() { Done(); }
    void Done() {
      if (!done) --server.unanswered_;
      done = true;
    }
    TestServer& server;
    bool done = false;
  };

  asio::awaitable<void> Serve(tcp::socket socket) {
    Unanswered unanswered(*this);
    if (!tls_) {
      co_await Converse(socket, "", unanswered);
      co_await Drain(socket);
      co_return;
    }
    ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
    co_await stream.async_handshake(ssl::stream_base::server, asio::use_awaitable);
    const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
    co_await Converse(stream, name ? name : "", unanswered);
    co_await Drain(stream.next_layer());
  }

  template <typename Stream>
  asio::awaitable<void> Converse(Stream& stream, std::string server_name, Unanswered& unanswered) {
    beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    Recorded recorded;
    const auto& request = parser.get();
    recorded.method = std::string(request.method_string());
    recorded.target = std::string(request.target());
    for (const auto& field : request) recorded.headers.emplace_back(field.name_string(), field.value());
    recorded.body = request.body();
    recorded.server_name = server_name;
    Answer answer = answerer_(recorded);
    {
      std::lock_guard lock(mu_);
      requests_.push_back(std::move(recorded));
    }
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(answer.never ? std::chrono::milliseconds(1h) : answer.delay);
    co_await timer.async_wait(asio::use_awaitable);
    co_await asio::async_write(stream, asio::buffer(answer.bytes), asio::use_awaitable);
    unanswered.Done();
  }

  // Half-closes, then waits for the client to close (closing with unread bytes would reset the
  // connection and could lose the answer on its way).
  static asio::awaitable<void> Drain(tcp::socket& socket) {
    socket.shutdown(tcp::socket::shutdown_send);
    std::array<char, 4096> sink{};
    for (;;) co_await socket.async_read_some(asio::buffer(sink), asio::use_awaitable);
  }

  Answerer answerer_;
  std::shared_ptr<ssl::context> tls_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  uint16_t port_ = 0;
  mutable std::mutex mu_;
  std::vector<Recorded> requests_;
  std::atomic<int> connections_{0};
  std::atomic<int> unanswered_{0};
  std::atomic<int> peak_unanswered_{0};
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// A throwaway PKI, made with OpenSSL's C API.

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

inline Key NewKey() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  BOOST_REQUIRE(key);
  return key;
}

inline void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  BOOST_REQUIRE(extension);
  BOOST_REQUIRE(X509_add_ext(cert, extension, -1) == 1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key` named `common_name`: a CA's, self-signed, without `issuer`; else a
// server's for `alt_names` ("DNS:localhost,IP:127.0.0.1"), signed by the issuer's key.
inline Cert Issue(EVP_PKEY* key, const std::string& common_name, X509* issuer = nullptr, EVP_PKEY* issuer_key = nullptr,
                  const std::string& alt_names = "") {
  static std::atomic<long> serial{0};
  Cert cert(X509_new(), X509_free);
  BOOST_REQUIRE(cert);
  X509* x = cert.get();
  BOOST_REQUIRE(X509_set_version(x, 2) == 1);
  BOOST_REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial) == 1);
  BOOST_REQUIRE(X509_gmtime_adj(X509_getm_notBefore(x), -3600));
  BOOST_REQUIRE(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
  BOOST_REQUIRE(X509_set_pubkey(x, key) == 1);
  X509_NAME* name = X509_get_subject_name(x);
  BOOST_REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                           reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                                           0) == 1);
  X509* signer = issuer ? issuer : x;
  BOOST_REQUIRE(X509_set_issuer_name(x, X509_get_subject_name(signer)) == 1);
  if (!issuer) {
    AddExtension(x, signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(x, signer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(x, signer, NID_key_usage, "critical,digitalSignature");
    AddExtension(x, signer, NID_ext_key_usage, "serverAuth");
    AddExtension(x, signer, NID_subject_alt_name, alt_names);
  }
  BOOST_REQUIRE(X509_sign(x, issuer ? issuer_key : key, EVP_sha256()) > 0);
  return cert;
}

// A CA (its certificate in a PEM file in a TempDir) and two server certificates it issued: one
// for localhost and 127.0.0.1, one for another name.
struct Pki {
  lg::test::TempDir dir;
  std::string ca_file = dir.Sub("ca.pem");
  Key ca_key = NewKey();
  Cert ca = Issue(ca_key.get(), "leadgate test CA");
  Key server_key = NewKey();
  Cert localhost = Issue(server_key.get(), "localhost", ca.get(), ca_key.get(), "DNS:localhost,IP:127.0.0.1");
  Cert other = Issue(server_key.get(), "other.example", ca.get(), ca_key.get(), "DNS:other.example");

  Pki() {
    BIO* bio = BIO_new_file(ca_file.c_str(), "w");
    BOOST_REQUIRE(bio);
    const int written = PEM_write_bio_X509(bio, ca.get());
    BIO_free(bio);
    BOOST_REQUIRE(written == 1);
  }

  std::shared_ptr<ssl::context> ServerContext(X509* cert) const {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    BOOST_REQUIRE(SSL_CTX_use_certificate(context->native_handle(), cert) == 1);
    BOOST_REQUIRE(SSL_CTX_use_PrivateKey(context->native_handle(), server_key.get()) == 1);
    return context;
  }
};

}  // namespace lg::webhook_test
