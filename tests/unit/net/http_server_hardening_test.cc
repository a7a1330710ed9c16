// HttpServer against hostile or careless clients: request framing that two parsers could read
// differently, connection and per-client request limits, chunk lines that would grow memory,
// running out of file descriptors, and answers given from the headers alone (early admission).

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "net/http_server.h"
#include "tests/support/json_helpers.h"
#include "tests/unit/net/server_fixture.h"

using namespace lg::net_test;
using lg::test::CheckProblem;
using lg::test::HttpResult;

namespace {

// Sends `bytes`, reads one response and whether the server then closed the connection.
struct Answer {
  HttpResult result;
  bool closed = false;
};
Answer ExchangeAndClose(uint16_t port, const std::string& bytes) {
  RawConnection conn(port);
  conn.Write(bytes);
  Answer out;
  out.result = AsResult(conn.Read());
  out.closed = conn.ReadUntilClosed(2s).has_value();
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server_hardening)

BOOST_AUTO_TEST_CASE(a_transfer_encoding_other_than_chunked_gets_400_and_the_connection_closes) {
  ServerFixture server;
  const std::string body = "5\r\nhello\r\n0\r\n\r\n";
  for (const std::string& headers : std::vector<std::string>{
           "Transfer-Encoding: gzip, chunked\r\n",
           "Transfer-Encoding: chunked, gzip\r\n",
           "Transfer-Encoding: identity\r\n",
           "Transfer-Encoding: gzip\r\n",
           "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
           "Transfer-Encoding: chunked\r\nContent-Length: 15\r\n",
           "Content-Length: 15\r\nTransfer-Encoding: chunked\r\n",
           "Transfer-Encoding: gzip\r\nContent-Length: 15\r\n",
       }) {
    BOOST_TEST_CONTEXT(headers) {
      Answer answer = ExchangeAndClose(server.port(), "POST /x HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body);
      CheckProblem(answer.result, 400, "unsupported_transfer_encoding");
      BOOST_TEST(answer.result.Header("connection") == "close");
      BOOST_TEST(answer.closed);
    }
  }
  BOOST_TEST(server.Calls() == 0u);
  // Exactly chunked (a token, so in any case) is served.
  auto chunked = server.SendRaw("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n" + body);
  BOOST_TEST(chunked.status == 200);
  BOOST_TEST(server.Calls() == 1u);
  BOOST_TEST(server.Seen().back().body == "hello");
}

BOOST_AUTO_TEST_SUITE_END()
