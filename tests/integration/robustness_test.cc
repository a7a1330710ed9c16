// No request can crash or wedge the server: random bytes, mutated JSON bodies and slow clients.

#include <boost/asio.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <random>

#include "tests/support/api_fixture.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace robustness_test {

using namespace lg::test;
namespace asio = boost::asio;

namespace {

constexpr const char* kCampaign = R"({"name": "Fuzz",
  "fields": [{"slug": "name", "type": "text", "required": true}, {"slug": "n", "type": "number"},
             {"slug": "d", "type": "datetime"}, {"slug": "j", "type": "json"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}]}],
  "statuses": [{"slug": "new", "default": true}]})";

constexpr const char* kLead =
    R"({"field_values": {"name": "Jane", "n": 12.5, "d": "2026-11-28T10:00:00Z", "j": {"x": [1, 2]}},
        "select_field_values": {"source": "a"}, "status": "new"})";

// Writes `bytes` on a fresh connection, then reads until the server closes or 5 s pass.
// Returns true when the server closed the connection.
bool SendAndAwaitClose(uint16_t port, const std::string& bytes, std::chrono::milliseconds limit) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(bytes));
  bool closed = false;
  char buf[4096];
  std::function<void()> read = [&] {
    socket.async_read_some(asio::buffer(buf), [&](boost::system::error_code ec, size_t) {
      if (ec) {
        closed = true;
        return;
      }
      read();
    });
  };
  read();
  ioc.run_for(limit);
  return closed;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(robustness)

BOOST_AUTO_TEST_CASE(random_bytes_never_take_the_server_down) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.read_timeout_ms = 1000;  // a mutated request may still promise a body that never comes
  TestServer server(config);
  std::mt19937 rng(1234);
  const std::string valid = "POST /v2/leads HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
  for (int i = 0; i < 150; ++i) {
    std::string bytes;
    if (i % 2 == 0) {
      bytes.resize(1 + rng() % 300);
      for (auto& c : bytes) c = static_cast<char>(rng());
    } else {
      bytes = valid;
      for (int flips = 0; flips < 3; ++flips) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    // The server must answer and close, or time the request out: never leave it hanging.
    BOOST_TEST(SendAndAwaitClose(server.port(), bytes + "\r\n\r\n", std::chrono::milliseconds(5000)),
               "connection " << i << " was left hanging");
  }
  BOOST_TEST(server.Client().Request("GET", "/livez").status == 200);
}

BOOST_FIXTURE_TEST_CASE(mutated_json_bodies_get_4xx_never_5xx, ApiFixture) {
  auto created = client.Request("POST", "/v2/campaigns", kCampaign, server.admin_token());
  BOOST_REQUIRE_EQUAL(created.status, 201);
  BOOST_REQUIRE_EQUAL(client.Request("POST", "/v2/campaigns/1/leads", kLead, server.admin_token()).status, 201);
  std::mt19937 rng(99);
  const std::string base = kLead;
  for (int i = 0; i < 300; ++i) {
    std::string body = base;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % body.size();
      switch (rng() % 3) {
        case 0:
          body[pos] = static_cast<char>(rng());
          break;
        case 1:
          body.erase(pos, 1 + rng() % 8);
          break;
        default:
          body.insert(pos, 1, "{}[]\",:0\\"[rng() % 9]);
      }
      if (body.empty()) body = "x";
    }
    auto res = client.Request("POST", "/v2/campaigns/1/leads", body, server.admin_token());
    BOOST_TEST((res.status == 201 || res.status == 400 || res.status == 422), "body " << body << " -> " << res.status);
  }
  BOOST_TEST(client.Request("GET", "/livez").status == 200);
}

BOOST_AUTO_TEST_CASE(a_client_that_stops_sending_its_headers_is_disconnected_after_the_header_timeout) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.header_timeout_ms = 300;
  TestServer server(config);
  auto start = std::chrono::steady_clock::now();
  // Half a request line, then silence.
  BOOST_TEST(SendAndAwaitClose(server.port(), "GET /livez HT", std::chrono::milliseconds(5000)));
  auto waited = std::chrono::steady_clock::now() - start;
  BOOST_TEST(waited >= std::chrono::milliseconds(250));
  BOOST_TEST(waited < std::chrono::milliseconds(4000));
  BOOST_TEST(server.Client().Request("GET", "/livez").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace robustness_test
