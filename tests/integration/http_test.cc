// The HTTP layer: routing errors, size limits, malformed requests and keep-alive, all answered
// as problem+json without taking the server down.

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace http_test {

namespace {

using namespace lg::test;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// The server still answers normal requests, on a fresh connection.
void CheckStillServing(const TestServer& server) {
  auto client = server.Client();
  BOOST_TEST(client.Request("GET", "/livez").status == 200);
  auto campaigns = client.Request("GET", "/v2/campaigns", "", server.admin_token());
  BOOST_TEST(campaigns.status == 200);
  BOOST_TEST(Json(campaigns.body)["data"].is_array());
}

// Lists the comma-separated items of an Allow header.
std::vector<std::string> AllowList(const std::string& header) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string::npos) comma = header.size();
    std::string item = header.substr(pos, comma - pos);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    pos = comma + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

lg::core::Config SmallLimits(const std::string& dir) {
  auto config = TestConfig(dir);
  config.body_limit_bytes = 2048;
  config.header_limit_bytes = 2048;
  return config;
}

// A raw connection for keep-alive checks.
struct RawConnection {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;

  explicit RawConnection(uint16_t port) {
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void Write(const std::string& bytes) {
    stream.expires_after(std::chrono::seconds(10));
    asio::write(stream, asio::buffer(bytes));
  }
  http::response<http::string_body> Read() {
    http::response<http::string_body> res;
    stream.expires_after(std::chrono::seconds(10));
    http::read(stream, buffer, res);
    return res;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_layer)

BOOST_FIXTURE_TEST_CASE(unknown_routes_are_404_problem_json, ApiFixture) {
  for (const char* target : {"/nope", "/v2", "/v2/campaigns/1/leads/2/extra", "/v3/campaigns", "/"}) {
    BOOST_TEST_CONTEXT(target) {
      auto res = client.Request("GET", target, "", server.admin_token());
      CheckProblem(res, 404, "not_found");
      BOOST_TEST(res.Header("content-type") == "application/problem+json");
      Json body(res.body);
      BOOST_TEST(Str(body["title"]) == "Not Found");
      BOOST_TEST(!Str(body["type"]).empty());
      BOOST_TEST(!Str(body["detail"]).empty());
    }
  }
  // Routing comes before authentication: no token needed to learn a path does not exist.
  CheckProblem(client.Request("GET", "/nope"), 404, "not_found");
  CheckStillServing(server);
}

// Routing splits the path on '/' before decoding it: "%2F" is never a separator, so a path that
// a proxy in front reads as one segment reaches no route here either.
BOOST_FIXTURE_TEST_CASE(an_encoded_slash_is_never_a_path_separator, ApiFixture) {
  BOOST_REQUIRE_EQUAL(
      client.Request("POST", "/v2/campaigns", R"({"name": "A", "statuses": [{"slug": "new", "default": true}]})", admin)
          .status,
      201);
  BOOST_TEST(client.Request("GET", "/v2/campaigns/1", "", admin).status == 200);
  for (const char* target : {"/v2%2Fcampaigns%2F1", "/v2/campaigns%2F1", "/v2%2Fcampaigns/1", "/v2%2fcampaigns%2f1"}) {
    BOOST_TEST_CONTEXT(target) { CheckProblem(client.Request("GET", target, "", admin), 404, "not_found"); }
  }
  // Other characters written encoded are those characters.
  BOOST_TEST(client.Request("GET", "/v2/c%61mpaigns/%31", "", admin).status == 200);
}

// HEAD answers like GET on every GET route, public or not: the same status and headers (the
// Content-Length of the GET answer's body), and no body.
BOOST_FIXTURE_TEST_CASE(head_answers_every_get_route_like_get_without_the_body, ApiFixture) {
  BOOST_REQUIRE_EQUAL(
      client.Request("POST", "/v2/campaigns", R"({"name": "A", "statuses": [{"slug": "new", "default": true}]})", admin)
          .status,
      201);
  auto docs_url = Member(client.Request("GET", "/v2/tokens/1", "", admin).body, "docs_url");
  const std::string docs = docs_url.substr(docs_url.find("/docs/"));
  struct Case {
    std::string target, token;
    int status;
  };
  for (const Case& c : std::vector<Case>{{"/livez", "", 200},
                                         {"/readyz", "", 200},
                                         {"/console/", "", 200},
                                         {"/v2/campaigns", admin, 200},
                                         {"/v2/campaigns/1", admin, 200},
                                         {"/v2/campaigns/1/leads?limit=5", admin, 200},
                                         {"/v2/audit", admin, 200},
                                         {docs + "/openapi.json", admin, 200},
                                         {"/v2/campaigns", "", 401},
                                         {"/v2/campaigns/9", admin, 404},
                                         {"/nope", "", 404}}) {
    BOOST_TEST_CONTEXT(c.target) {
      RawConnection conn(server.port());
      const std::string auth = c.token.empty() ? "" : "Authorization: Bearer " + c.token + "\r\n";
      conn.Write("GET " + c.target + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\nHEAD " + c.target +
                 " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
      auto get = conn.Read();
      http::response_parser<http::string_body> parser;
      parser.skip(true);  // an answer to HEAD: no body follows its headers, whatever they say
      conn.stream.expires_after(std::chrono::seconds(10));
      http::read(conn.stream, conn.buffer, parser);
      auto head = parser.release();
      BOOST_TEST(get.result_int() == static_cast<unsigned>(c.status));
      BOOST_TEST(head.result_int() == get.result_int());
      BOOST_TEST(head[http::field::content_type] == get[http::field::content_type]);
      BOOST_TEST(head[http::field::content_length] == std::to_string(get.body().size()));
      BOOST_TEST(head.body().empty());
      // Nothing of a body was sent after the headers: the connection is at the next answer.
      conn.Write("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n");
      auto after = conn.Read();
      BOOST_TEST(after.result_int() == 200u);
      BOOST_TEST(after.body() == R"({"status":"ok"})");
    }
  }
}

BOOST_FIXTURE_TEST_CASE(a_wrong_method_is_405_with_an_allow_header, ApiFixture) {
  auto res = client.Request("PUT", "/v2/campaigns", "{}", server.admin_token());
  CheckProblem(res, 405, "method_not_allowed");
  BOOST_TEST(AllowList(res.Header("allow")) == (std::vector<std::string>{"GET", "HEAD", "POST"}),
             boost::test_tools::per_element());

  auto lead = client.Request("PUT", "/v2/campaigns/1/leads/2", "{}", server.admin_token());
  CheckProblem(lead, 405, "method_not_allowed");
  BOOST_TEST(AllowList(lead.Header("allow")) == (std::vector<std::string>{"DELETE", "GET", "HEAD", "PATCH"}),
             boost::test_tools::per_element());

  auto campaign = client.Request("DELETE", "/v2/campaigns/1", "");
  CheckProblem(campaign, 405, "method_not_allowed");
  BOOST_TEST(AllowList(campaign.Header("allow")) == (std::vector<std::string>{"GET", "HEAD", "PATCH"}),
             boost::test_tools::per_element());
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_is_413) {
  TempDir dir;
  TestServer server(SmallLimits(dir.path()));
  auto client = server.Client();
  // Just under the limit is fine (a JSON body of 2000 bytes that is not valid for the campaign path).
  std::string small = R"({"name": ")" + std::string(1900, 'x') + R"("})";
  CheckProblem(client.Request("POST", "/v2/campaigns", small, server.admin_token()), 422, "validation_failed");

  std::string big = R"({"name": ")" + std::string(4096, 'x') + R"("})";
  auto res = client.Request("POST", "/v2/campaigns", big, server.admin_token());
  CheckProblem(res, 413, "payload_too_large");

  // The same body sent chunked, with no Content-Length to look at up front.
  std::string chunked = "POST /v2/campaigns HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.admin_token() +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "400\r\n" + std::string(1024, 'x') + "\r\n";
  chunked += "0\r\n\r\n";
  CheckProblem(client.SendRaw(chunked), 413, "payload_too_large");

  // Nothing was created, and the server goes on.
  auto list = server.Client().Request("GET", "/v2/campaigns", "", server.admin_token());
  BOOST_TEST(Arr(Json(list.body)["data"]).size() == 0u);
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(a_declared_content_length_over_the_limit_is_413_before_the_body_arrives) {
  TempDir dir;
  auto config = SmallLimits(dir.path());
  config.read_timeout_ms = 30000;  // an answer that waited for the body would take this long
  TestServer server(config);
  auto client = server.Client();
  auto start = std::chrono::steady_clock::now();
  auto res = client.SendRaw("POST /v2/campaigns HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.admin_token() +
                            "\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
  auto waited = std::chrono::steady_clock::now() - start;
  CheckProblem(res, 413, "payload_too_large");
  BOOST_TEST(waited < std::chrono::seconds(3));
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(a_request_with_a_bad_token_is_refused_before_its_body_is_read) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.read_timeout_ms = 30000;  // an answer that waited for the body would take this long
  TestServer server(config);
  auto client = server.Client();
  // The headers of a 10 MiB bulk create (under its 64 MiB limit), and none of the body.
  const std::string head =
      "POST /v2/campaigns/1/leads/bulk HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/x-ndjson\r\nContent-Length: " +
      std::to_string(10 << 20) + "\r\n";
  for (const std::string& authorization : {std::string("Authorization: Bearer lg_wrong\r\n"), std::string()}) {
    BOOST_TEST_CONTEXT(authorization) {
      auto start = std::chrono::steady_clock::now();
      auto res = client.SendRaw(head + authorization + "\r\n");
      auto waited = std::chrono::steady_clock::now() - start;
      CheckProblem(res, 401, "unauthorized");
      BOOST_TEST(res.Header("connection") == "close");
      BOOST_TEST((waited < std::chrono::seconds(3)));
    }
  }
  // Routing answers from the headers too.
  auto missing = client.SendRaw("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
  CheckProblem(missing, 404, "not_found");
  BOOST_TEST(missing.Header("connection") == "close");
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(headers_over_the_limit_are_431) {
  TempDir dir;
  TestServer server(SmallLimits(dir.path()));
  auto client = server.Client();
  auto res = client.SendRaw("GET /livez HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(4096, 'a') + "\r\n\r\n");
  CheckProblem(res, 431, "headers_too_large");
  // Many small headers add up too.
  std::string many = "GET /livez HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 100; ++i) many += "X-H" + std::to_string(i) + ": " + std::string(40, 'b') + "\r\n";
  CheckProblem(client.SendRaw(many + "\r\n"), 431, "headers_too_large");
  // A request just under the limit is served.
  auto ok = client.Request("GET", "/livez", "", "", {{"X-Padding", std::string(1024, 'a')}});
  BOOST_TEST(ok.status == 200);
  CheckStillServing(server);
}

BOOST_FIXTURE_TEST_CASE(malformed_requests_are_400, ApiFixture) {
  for (const std::string raw : {"HELLO\r\n\r\n", "GET\r\n\r\n", "GET /livez HTTP/1.1 extra\r\nHost: x\r\n\r\n",
                                "GET /livez HTTQ/1.1\r\nHost: x\r\n\r\n", "\x01\x02\x03 / HTTP/1.1\r\n\r\n",
                                "GET /livez HTTP/1.1\r\nBad Header Line\r\n\r\n",
                                "POST /v2/leads HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"}) {
    BOOST_TEST_CONTEXT(raw) { CheckProblem(client.SendRaw(raw), 400, "bad_request"); }
  }
  // A target that is not an origin-form path.
  CheckProblem(client.SendRaw("GET http://example.com/livez HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "invalid_target");
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(a_bulk_whose_client_stalls_is_answered_with_what_it_stored_then_closed) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.read_timeout_ms = 500;
  TestServer server(config);
  auto made =
      server.Client().Request("POST", "/v2/campaigns",
                              R"({"name": "K", "statuses": [{"slug": "new", "default": true}]})", server.admin_token());
  BOOST_REQUIRE_EQUAL(made.status, 201);
  const std::string leads = "/v2/campaigns/" + Member(made.body, "id") + "/leads";
  // Two leads in one chunk, and then nothing: no further chunk and no end.
  const std::string lines = "{}\n{}\n";
  RawConnection conn(server.port());
  conn.Write("POST " + leads + "/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.admin_token() +
             "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\nc\r\n" + lines + "\r\n");
  auto res = conn.Read();
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(!res.keep_alive());
  BOOST_TEST(Arr(Json(res.body())["results"]).size() == 2u);
  // The server closes its side after the answer.
  beast::error_code ec;
  std::array<char, 16> more{};
  conn.stream.socket().read_some(asio::buffer(more), ec);
  BOOST_TEST((ec == asio::error::eof));
  // What the answer reported is what was stored.
  auto list = server.Client().Request("GET", leads, "", server.admin_token());
  BOOST_TEST(Arr(Json(list.body)["data"]).size() == 2u);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  const std::string auth = "Authorization: Bearer " + server.admin_token() + "\r\n";
  RawConnection conn(server.port());
  const std::string campaign = R"({"name": "K", "statuses": [{"slug": "new", "default": true}]})";
  conn.Write("POST /v2/campaigns HTTP/1.1\r\nHost: x\r\n" + auth +
             "Content-Type: application/json\r\nContent-Length: " + std::to_string(campaign.size()) + "\r\n\r\n" +
             campaign);
  auto created = conn.Read();
  BOOST_REQUIRE_EQUAL(created.result_int(), 201);
  BOOST_TEST(created.keep_alive());
  for (int i = 0; i < 5; ++i) {
    conn.Write("GET /v2/campaigns/1 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
    auto res = conn.Read();
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(Str(Json(res.body())["name"]) == "K");
  }
  // A 204 carries no body and no Content-Length, and the connection goes on after it.
  const std::string filter =
      R"({"name": "New", "match": "all", "conditions": [{"field": "status", "op": "eq", "value": "new"}]})";
  conn.Write("POST /v2/campaigns/1/filters HTTP/1.1\r\nHost: x\r\n" + auth +
             "Content-Type: application/json\r\nContent-Length: " + std::to_string(filter.size()) + "\r\n\r\n" +
             filter);
  auto made = conn.Read();
  BOOST_REQUIRE_EQUAL(made.result_int(), 201);
  conn.Write("DELETE /v2/campaigns/1/filters/" + Member(made.body(), "id") + " HTTP/1.1\r\nHost: x\r\n" + auth +
             "\r\n");
  auto deleted = conn.Read();
  BOOST_TEST(deleted.result_int() == 204);
  BOOST_TEST(deleted.body().empty());
  BOOST_TEST((deleted.find(http::field::content_length) == deleted.end()));
  BOOST_TEST(deleted.keep_alive());
  // An error answer keeps the connection too.
  conn.Write("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  auto missing = conn.Read();
  BOOST_TEST(missing.result_int() == 404);
  BOOST_TEST(missing.keep_alive());
  // Pipelined: two requests in one write, two answers in order.
  conn.Write("GET /livez HTTP/1.1\r\nHost: x\r\n\r\nGET /v2/campaigns/1 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
  BOOST_TEST(conn.Read().result_int() == 200);
  auto second = conn.Read();
  BOOST_TEST(second.result_int() == 200);
  BOOST_TEST(Str(Json(second.body())["name"]) == "K");
  // "Connection: close" is honoured.
  conn.Write("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto last = conn.Read();
  BOOST_TEST(last.result_int() == 200);
  BOOST_TEST(!last.keep_alive());

  // The test client's keep-alive connection works across many requests too.
  auto client = server.Client();
  for (int i = 0; i < 20; ++i) {
    BOOST_TEST(client.Request("GET", "/v2/campaigns/1", "", server.admin_token()).status == 200);
  }
  CheckStillServing(server);
}

BOOST_AUTO_TEST_CASE(the_server_survives_a_mix_of_bad_requests) {
  TempDir dir;
  TestServer server(SmallLimits(dir.path()));
  auto client = server.Client();
  for (int round = 0; round < 3; ++round) {
    BOOST_TEST(client.SendRaw("HELLO\r\n\r\n").status == 400);
    BOOST_TEST(client.SendRaw("GET / HTTP/1.1\r\nX: " + std::string(4096, 'a') + "\r\n\r\n").status == 431);
    BOOST_TEST(client.SendRaw("POST /v2/leads HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n").status == 413);
    BOOST_TEST(client.Request("POST", "/v2/leads", std::string(4096, '{'), server.admin_token()).status == 413);
    BOOST_TEST(client.Request("PUT", "/v2/campaigns").status == 405);
    BOOST_TEST(client.Request("GET", "/nope").status == 404);
    BOOST_TEST(client.Request("POST", "/v2/leads", "{", server.admin_token()).status == 400);
    CheckStillServing(server);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace http_test
