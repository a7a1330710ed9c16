// WebhookSender against small HTTP and HTTPS servers on 127.0.0.1:0 in the test
// (tests/unit/net/webhook_test_server.h: each on its own thread, recording what it was sent and
// answering as told): what goes out byte for byte, the address policy (nothing reaches a refused
// address), answers passed through (status, Retry-After, the body's head, redirects not
// followed), failures by stage (a bad URL, bad headers, refused ports, timeouts, TLS verification
// against a throwaway CA made here with OpenSSL), the max_in_flight queue, and shutdown with
// deliveries in progress. The URL's rules are core/outbound_url's tests, Retry-After's
// core/retry_after's.

#include "net/webhook_sender.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/outbound_address.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_until.h"
#include "tests/unit/net/webhook_test_server.h"

namespace webhook_sender_test {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using lg::net::WebhookSender;
using lg::net::WebhookSenderOptions;
using lg::service::WebhookRequest;
using lg::service::WebhookResponse;
using lg::test::Must;
using lg::test::WaitUntil;
using lg::webhook_test::Always;
using lg::webhook_test::Answer;
using lg::webhook_test::Pki;
using lg::webhook_test::Recorded;
using lg::webhook_test::Response;
using lg::webhook_test::TestServer;
using namespace std::chrono_literals;
using namespace std::string_literals;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Sending.

// What `done` got, call by call.
class Answers {
 public:
  lg::service::WebhookTransport::Done Callback() {
    return [this](WebhookResponse response) {
      std::lock_guard lock(mu_);
      got_.push_back(std::move(response));
      cv_.notify_all();
    };
  }
  // Waits at most 10 s for `count` calls.
  bool WaitFor(size_t count) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 10s, [&] { return got_.size() >= count; });
  }
  std::vector<WebhookResponse> got() {
    std::lock_guard lock(mu_);
    return got_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<WebhookResponse> got_;
};

WebhookSenderOptions LoopbackAllowed() {
  WebhookSenderOptions options;
  options.allowed_networks = Must(lg::core::ParseNetworks("127.0.0.1/32"));
  options.allow_http = true;
  options.timeout = 10s;
  return options;
}

WebhookRequest Post(std::string url, std::string body = "{}") {
  WebhookRequest request;
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

// Sends one request and waits for its answer; `done` must then have been called exactly once.
WebhookResponse SendOne(WebhookSenderOptions options, WebhookRequest request) {
  Answers answers;
  {
    auto sender = Must(WebhookSender::Open(std::move(options)));
    sender->Send(std::move(request), answers.Callback());
    BOOST_REQUIRE_MESSAGE(answers.WaitFor(1), "no answer within 10 s");
  }
  auto got = answers.got();
  BOOST_REQUIRE_EQUAL(got.size(), 1U);
  return got.front();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The value of `name` among `headers`, all of them in order.
std::vector<std::string> Values(const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers) {
    if (beast::iequals(n, name)) out.push_back(v);
  }
  return out;
}

// An HTTP-date `offset` from now: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(std::chrono::seconds offset) {
  const std::time_t when = std::time(nullptr) + offset.count();
  std::tm parts{};
  gmtime_r(&when, &parts);
  std::array<char, 64> text{};
  const size_t n = std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return {text.data(), n};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_sender)

BOOST_AUTO_TEST_CASE(delivers_a_post_byte_for_byte_and_returns_the_answer) {
  TestServer server(Always(Response(200, "thanks", {"X-Reply: 1"})));
  WebhookRequest request;
  request.url = server.Url("/hooks/lead?x=1&y=%20z");
  request.headers = {{"Content-Type", "application/json"},
                     {"webhook-id", "msg_2b1f"},
                     {"webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="},
                     {"X-Two", "a  b"},
                     {"X-Two", "second"},
                     {"Host", "evil.example"}};
  request.body = "{\"a\":\"\xc3\xa9\"}\r\n\0\xff"s;
  const std::string body = request.body;

  WebhookResponse response = SendOne(LoopbackAllowed(), request);
  BOOST_TEST(response.error == "");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body_head == "thanks");
  BOOST_TEST(response.address == "127.0.0.1");
  BOOST_TEST(!response.retry_after_seconds.has_value());
  BOOST_TEST(response.latency_ms >= 0);
  BOOST_TEST(response.latency_ms < 10000);

  auto requests = server.requests();
  BOOST_REQUIRE_EQUAL(requests.size(), 1U);
  const Recorded& seen = requests.front();
  BOOST_TEST(seen.method == "POST");
  BOOST_TEST(seen.target == "/hooks/lead?x=1&y=%20z");
  BOOST_TEST(seen.body == body);
  BOOST_TEST(Values(seen.headers, "Content-Type") == std::vector<std::string>{"application/json"});
  BOOST_TEST(Values(seen.headers, "webhook-id") == std::vector<std::string>{"msg_2b1f"});
  BOOST_TEST(Values(seen.headers, "webhook-signature") ==
             std::vector<std::string>{"v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="});
  BOOST_TEST((Values(seen.headers, "X-Two") == std::vector<std::string>{"a  b", "second"}));
  // The sender's own Host (the request's is replaced), framing and Connection: close.
  BOOST_TEST(Values(seen.headers, "Host") == std::vector<std::string>{"127.0.0.1:" + std::to_string(server.port())});
  BOOST_TEST(body.size() == 14U);
  BOOST_TEST(Values(seen.headers, "Content-Length") == std::vector<std::string>{"14"});
  BOOST_TEST(Values(seen.headers, "Connection") == std::vector<std::string>{"close"});
  BOOST_TEST(Values(seen.headers, "Transfer-Encoding").empty());
  // The header names go out as given.
  bool exact_case = std::any_of(seen.headers.begin(), seen.headers.end(),
                                [](const auto& field) { return field.first == "webhook-signature"; });
  BOOST_TEST(exact_case);
}

BOOST_AUTO_TEST_CASE(loopback_is_refused_without_an_allowed_network) {
  TestServer server(Always(Response(200)));
  WebhookSenderOptions options = LoopbackAllowed();
  options.allowed_networks.clear();
  WebhookResponse response = SendOne(options, Post(server.Url()));
  BOOST_TEST(response.error == "address_refused");
  BOOST_TEST(response.status == 0);
  BOOST_TEST(Contains(response.detail, "loopback"), response.detail);
  BOOST_TEST(response.address == "127.0.0.1");
  BOOST_TEST(server.connections() == 0);
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_CASE(http_is_refused_unless_allowed) {
  TestServer server(Always(Response(200)));
  WebhookSenderOptions options = LoopbackAllowed();
  options.allow_http = false;
  WebhookResponse response = SendOne(options, Post(server.Url()));
  BOOST_TEST(response.error == "http_not_allowed");
  BOOST_TEST(response.status == 0);
  BOOST_TEST(server.connections() == 0);
}

BOOST_AUTO_TEST_CASE(address_literals_of_internal_networks_are_refused_without_connecting) {
  struct Case {
    std::string url;
    std::string reason;
    std::string address;
  };
  const std::vector<Case> cases = {
      {"https://169.254.169.254/latest/meta-data/", "metadata", "169.254.169.254"},
      {"https://10.1.2.3:8443/hook", "private", "10.1.2.3"},
      {"http://[::ffff:127.0.0.1]:9/hook", "loopback", "::ffff:127.0.0.1"},
      {"https://[::1]/hook", "loopback", "::1"},
      {"https://[fe80::1]/hook", "link_local", "fe80::1"},
  };
  WebhookSenderOptions options;
  options.allow_http = true;
  options.timeout = 10s;
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.url) {
      const auto start = Clock::now();
      WebhookResponse response = SendOne(options, Post(c.url));
      BOOST_TEST(response.error == "address_refused");
      BOOST_TEST(Contains(response.detail, c.reason), response.detail);
      BOOST_TEST(response.address == c.address);
      // Nothing was attempted: a connection to 10.1.2.3 would have taken far longer.
      BOOST_TEST((Clock::now() - start < 2s));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_host_name_resolving_to_loopback_is_refused_unless_allowed) {
  TestServer server(Always(Response(204)));
  const std::string url = server.Url("/hook", "localhost");
  WebhookSenderOptions refusing = LoopbackAllowed();
  refusing.allowed_networks.clear();
  WebhookResponse refused = SendOne(refusing, Post(url));
  BOOST_TEST(refused.error == "address_refused");
  BOOST_TEST(Contains(refused.detail, "loopback"), refused.detail);
  BOOST_TEST(Contains(refused.detail, "localhost"), refused.detail);
  BOOST_TEST(server.connections() == 0);

  // Allowed: it connects to the resolved 127.0.0.1 (a ::1 answer stays refused and is skipped).
  WebhookResponse delivered = SendOne(LoopbackAllowed(), Post(url));
  BOOST_TEST(delivered.error == "");
  BOOST_TEST(delivered.status == 204);
  BOOST_TEST(delivered.address == "127.0.0.1");
  auto requests = server.requests();
  BOOST_REQUIRE_EQUAL(requests.size(), 1U);
  BOOST_TEST(Values(requests.front().headers, "Host") ==
             std::vector<std::string>{"localhost:" + std::to_string(server.port())});
}

BOOST_AUTO_TEST_CASE(gone_and_unavailable_answers_pass_through_with_retry_after) {
  TestServer server([](const Recorded& request) {
    if (request.target == "/gone") return Answer{Response(410, "gone for good", {"Retry-After: 7"})};
    if (request.target == "/plain-gone") return Answer{Response(410, "gone")};
    return Answer{Response(503, "later", {"Retry-After: 7"})};
  });
  WebhookResponse gone = SendOne(LoopbackAllowed(), Post(server.Url("/gone")));
  BOOST_TEST(gone.error == "");
  BOOST_TEST(gone.status == 410);
  BOOST_TEST(gone.body_head == "gone for good");
  BOOST_TEST(gone.retry_after_seconds.value_or(-1) == 7);

  WebhookResponse unavailable = SendOne(LoopbackAllowed(), Post(server.Url("/busy")));
  BOOST_TEST(unavailable.status == 503);
  BOOST_TEST(unavailable.retry_after_seconds.value_or(-1) == 7);

  WebhookResponse without = SendOne(LoopbackAllowed(), Post(server.Url("/plain-gone")));
  BOOST_TEST(without.status == 410);
  BOOST_TEST(!without.retry_after_seconds.has_value());
}

BOOST_AUTO_TEST_CASE(a_retry_after_date_is_seconds_from_now) {
  TestServer server(Always(Response(429, "", {"Retry-After: " + HttpDate(120s)})));
  WebhookResponse response = SendOne(LoopbackAllowed(), Post(server.Url()));
  BOOST_TEST(response.status == 429);
  BOOST_REQUIRE(response.retry_after_seconds.has_value());
  BOOST_TEST(*response.retry_after_seconds >= 115);
  BOOST_TEST(*response.retry_after_seconds <= 121);
}

BOOST_AUTO_TEST_CASE(a_redirect_is_the_answer_and_is_not_followed) {
  TestServer server([](const Recorded& request) {
    return Answer{request.target == "/hook" ? Response(301, "moved", {"Location: /elsewhere"}) : Response(200)};
  });
  WebhookResponse response = SendOne(LoopbackAllowed(), Post(server.Url("/hook")));
  BOOST_TEST(response.error == "");
  BOOST_TEST(response.status == 301);
  BOOST_TEST(response.body_head == "moved");
  BOOST_TEST(server.requests().size() == 1U);
  BOOST_TEST(server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(interim_answers_are_skipped) {
  TestServer server(Always("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n" + Response(201, "made")));
  WebhookResponse response = SendOne(LoopbackAllowed(), Post(server.Url()));
  BOOST_TEST(response.error == "");
  BOOST_TEST(response.status == 201);
  BOOST_TEST(response.body_head == "made");
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_times_out) {
  TestServer server([](const Recorded&) { return Answer{"", 0ms, true}; });
  WebhookSenderOptions options = LoopbackAllowed();
  options.timeout = 300ms;
  WebhookRequest request = Post(server.Url("/hook?token=query-secret"));
  request.headers.emplace_back("webhook-signature", "v1,header-secret");
  const auto start = Clock::now();
  WebhookResponse response = SendOne(options, request);
  const auto took = Clock::now() - start;
  BOOST_TEST(response.error == "timeout");
  BOOST_TEST(response.status == 0);
  BOOST_TEST(Contains(response.detail, "300 ms"), response.detail);
  BOOST_TEST(Contains(response.detail, "waiting for the answer"), response.detail);
  BOOST_TEST(!Contains(response.detail, "secret"), response.detail);
  BOOST_TEST(response.address == "127.0.0.1");
  BOOST_TEST(response.latency_ms >= 300);
  BOOST_TEST((took >= 300ms));
  BOOST_TEST((took < 5s));
  BOOST_TEST(server.requests().size() == 1U);
}

BOOST_AUTO_TEST_CASE(body_head_keeps_the_first_kib_and_a_long_body_keeps_its_status) {
  std::string body(5000, ' ');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  const std::string huge(200 << 10, 'h');
  TestServer server([&](const Recorded& request) {
    return Answer{request.target == "/huge" ? Response(202, huge) : Response(200, body)};
  });
  WebhookResponse response = SendOne(LoopbackAllowed(), Post(server.Url("/five-thousand")));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body_head == body.substr(0, 1024));

  // Over the 64 KiB the sender reads: the status stands.
  WebhookResponse long_one = SendOne(LoopbackAllowed(), Post(server.Url("/huge")));
  BOOST_TEST(long_one.error == "");
  BOOST_TEST(long_one.status == 202);
  BOOST_TEST(long_one.body_head == huge.substr(0, 1024));
}

BOOST_AUTO_TEST_CASE(a_bad_url_is_refused_without_connecting) {
  TestServer server(Always(Response(200)));
  const std::string port = std::to_string(server.port());
  // Each names the server; a parser that let it through would connect.
  const std::vector<std::string> urls = {
      "http://user:token-secret@127.0.0.1:" + port + "/hook",
      "http://127.0.0.1:" + port + "/ho ok?token=query-secret",
      "http://127.1:" + port + "/hook",
  };
  for (const auto& url : urls) {
    BOOST_TEST_CONTEXT(url) {
      WebhookResponse response = SendOne(LoopbackAllowed(), Post(url));
      BOOST_TEST(response.error == "bad_url");
      BOOST_TEST(response.status == 0);
      BOOST_TEST(Contains(response.detail, "the URL "), response.detail);
      BOOST_TEST(!Contains(response.detail, "secret"), response.detail);
    }
  }
  BOOST_TEST(server.connections() == 0);
}

BOOST_AUTO_TEST_CASE(request_headers_that_would_break_the_framing_are_refused_before_connecting) {
  TestServer server(Always(Response(200)));
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"webhook-signature", "v1,header-secret\r\nX-Injected: 1"},
      {"webhook-signature", std::string("v1,header-secret\0", 17)},
      {"Bad Name", "fine"},
      {"", "fine"},
  };
  for (const auto& header : bad) {
    BOOST_TEST_CONTEXT(header.first) {
      WebhookRequest request = Post(server.Url());
      request.headers.push_back(header);
      WebhookResponse response = SendOne(LoopbackAllowed(), request);
      BOOST_TEST(response.error == "send_failed");
      BOOST_TEST(!Contains(response.detail, "secret"), response.detail);
    }
  }
  BOOST_TEST(server.connections() == 0);
}

BOOST_AUTO_TEST_CASE(a_closed_port_is_connect_failed) {
  // A bound socket that does not listen: connections to its port are refused, and the port stays
  // taken while it lives.
  asio::io_context ioc;
  tcp::socket bound(ioc);
  bound.open(tcp::v4());
  bound.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(bound.local_endpoint().port()) + "/hook";
  WebhookResponse response = SendOne(LoopbackAllowed(), Post(url));
  BOOST_TEST(response.error == "connect_failed");
  BOOST_TEST(response.address == "127.0.0.1");
  BOOST_TEST(Contains(response.detail, "127.0.0.1"), response.detail);
}

BOOST_AUTO_TEST_CASE(tls_with_the_private_ca_verifies_the_server_by_name_and_by_address) {
  Pki pki;
  TestServer server(Always(Response(200, "secure")), pki.ServerContext(pki.localhost.get()));
  WebhookSenderOptions options = LoopbackAllowed();
  options.allow_http = false;
  options.ca_file = pki.ca_file;

  WebhookResponse by_name = SendOne(options, Post(server.Url("/hook", "localhost")));
  BOOST_TEST(by_name.error == "", by_name.detail);
  BOOST_TEST(by_name.status == 200);
  BOOST_TEST(by_name.body_head == "secure");
  WebhookResponse by_address = SendOne(options, Post(server.Url("/hook", "127.0.0.1")));
  BOOST_TEST(by_address.error == "", by_address.detail);
  BOOST_TEST(by_address.status == 200);

  auto requests = server.requests();
  BOOST_REQUIRE_EQUAL(requests.size(), 2U);
  BOOST_TEST(requests[0].server_name == "localhost");  // SNI for a name
  BOOST_TEST(requests[1].server_name == "");           // none for an address
  BOOST_TEST(requests[0].body == "{}");
}

BOOST_AUTO_TEST_CASE(tls_without_the_ca_fails) {
  Pki pki;
  TestServer server(Always(Response(200)), pki.ServerContext(pki.localhost.get()));
  WebhookRequest request = Post(server.Url("/hook", "localhost"));
  request.headers.emplace_back("webhook-signature", "v1,header-secret");
  WebhookResponse response = SendOne(LoopbackAllowed(), request);
  BOOST_TEST(response.error == "tls_failed");
  BOOST_TEST(response.status == 0);
  BOOST_TEST(Contains(response.detail, "issuer"), response.detail);
  BOOST_TEST(!Contains(response.detail, "secret"), response.detail);
  BOOST_TEST(response.address == "127.0.0.1");
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_CASE(tls_with_a_certificate_for_another_name_fails) {
  Pki pki;
  TestServer server(Always(Response(200)), pki.ServerContext(pki.other.get()));
  WebhookSenderOptions options = LoopbackAllowed();
  options.ca_file = pki.ca_file;
  WebhookResponse by_name = SendOne(options, Post(server.Url("/hook", "localhost")));
  BOOST_TEST(by_name.error == "tls_failed");
  BOOST_TEST(Contains(by_name.detail, "not for localhost"), by_name.detail);
  WebhookResponse by_address = SendOne(options, Post(server.Url("/hook", "127.0.0.1")));
  BOOST_TEST(by_address.error == "tls_failed");
  BOOST_TEST(Contains(by_address.detail, "not for 127.0.0.1"), by_address.detail);
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_CASE(tls_to_a_plain_http_server_fails) {
  TestServer server(Always(Response(200)));
  std::string url = server.Url();
  url.replace(0, 4, "https");
  WebhookResponse response = SendOne(LoopbackAllowed(), Post(url));
  BOOST_TEST(response.error == "tls_failed");
}

BOOST_AUTO_TEST_CASE(a_ca_file_that_cannot_be_loaded_is_invalid_config) {
  lg::test::TempDir dir;
  WebhookSenderOptions options;
  options.ca_file = dir.Sub("missing.pem");
  auto opened = WebhookSender::Open(options);
  BOOST_REQUIRE(!opened.has_value());
  BOOST_TEST(opened.error().code() == "invalid_config");
}

BOOST_AUTO_TEST_CASE(many_sends_at_once_all_complete_once_within_max_in_flight) {
  TestServer server([](const Recorded&) { return Answer{Response(200, "ok"), 20ms}; });
  WebhookSenderOptions options = LoopbackAllowed();
  options.max_in_flight = 8;
  constexpr int kSends = 50;
  std::array<std::atomic<int>, kSends> calls{};
  std::array<int, kSends> statuses{};
  std::atomic<int> answered{0};
  {
    auto sender = Must(WebhookSender::Open(options));
    for (int i = 0; i < kSends; ++i) {
      sender->Send(Post(server.Url("/hook?n=" + std::to_string(i))), [&, i](const WebhookResponse& response) {
        statuses[static_cast<size_t>(i)] = response.status;
        ++calls[static_cast<size_t>(i)];
        ++answered;
      });
    }
    BOOST_REQUIRE(WaitUntil([&] { return answered == kSends; }, 20000ms));
  }  // the sender joins its threads: no call can come later
  for (int i = 0; i < kSends; ++i) {
    BOOST_TEST_CONTEXT("send " << i) {
      BOOST_TEST(calls[static_cast<size_t>(i)] == 1);
      BOOST_TEST(statuses[static_cast<size_t>(i)] == 200);
    }
  }
  BOOST_TEST(server.requests().size() == static_cast<size_t>(kSends));
  BOOST_TEST(server.peak_unanswered() <= 8);
  BOOST_TEST(server.peak_unanswered() > 1);  // they did overlap
}

BOOST_AUTO_TEST_CASE(a_done_may_send_again) {
  TestServer server(Always(Response(200)));
  Answers answers;
  {
    auto sender = Must(WebhookSender::Open(LoopbackAllowed()));
    WebhookSender* raw = sender.get();
    const std::string url = server.Url();
    sender->Send(Post(url), [&, raw, url](WebhookResponse first) {
      answers.Callback()(std::move(first));
      raw->Send(Post(url), answers.Callback());
    });
    BOOST_REQUIRE(answers.WaitFor(2));
  }
  auto got = answers.got();
  BOOST_REQUIRE_EQUAL(got.size(), 2U);
  BOOST_TEST(got[0].status == 200);
  BOOST_TEST(got[1].status == 200);
}

BOOST_AUTO_TEST_CASE(destroying_the_sender_cancels_in_flight_and_queued_sends_once_each) {
  TestServer server([](const Recorded&) { return Answer{"", 0ms, true}; });
  WebhookSenderOptions options = LoopbackAllowed();
  options.timeout = 60s;
  options.max_in_flight = 1;
  std::atomic<int> in_flight_calls{0}, queued_calls{0};
  WebhookResponse in_flight, queued;
  auto sender = Must(WebhookSender::Open(options));
  sender->Send(Post(server.Url("/first")), [&](WebhookResponse response) {
    in_flight = std::move(response);
    ++in_flight_calls;
  });
  sender->Send(Post(server.Url("/second")), [&](WebhookResponse response) {
    queued = std::move(response);
    ++queued_calls;
  });
  // The first is waiting for its answer, the second behind it.
  BOOST_REQUIRE(WaitUntil([&] { return server.requests().size() == 1U; }));
  const auto start = Clock::now();
  sender.reset();
  BOOST_TEST((Clock::now() - start < 2s));
  BOOST_TEST(in_flight_calls == 1);
  BOOST_TEST(queued_calls == 1);
  BOOST_TEST(in_flight.error == "send_failed");
  BOOST_TEST(Contains(in_flight.detail, "shut down"), in_flight.detail);
  BOOST_TEST(in_flight.address == "127.0.0.1");
  BOOST_TEST(queued.error == "send_failed");
  BOOST_TEST(Contains(queued.detail, "shut down"), queued.detail);
  BOOST_TEST(server.requests().size() == 1U);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace webhook_sender_test
