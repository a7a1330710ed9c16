// An answer's status line and headers (net/response_head.h), without a socket: the reason
// phrase, Content-Type only with a body, Content-Length also for HEAD and never for a bodiless
// status, and the Connection header an HTTP/1.1 or 1.0 client needs.

#include "net/response_head.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace response_head_test {

using namespace lg::net;

namespace {

HttpResponse Answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  r.headers.emplace_back("Location", "/v2/campaigns/1/leads/7");
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(response_head)

BOOST_AUTO_TEST_CASE(a_kept_alive_answer_with_a_body) {
  BOOST_TEST(ResponseHead(Answer(201, "{}"), true, Framing{}) ==
             "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nLocation: /v2/campaigns/1/leads/7\r\n"
             "Content-Length: 2\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(head_announces_the_length_of_the_body_it_does_not_send) {
  BOOST_TEST(ResponseHead(Answer(200, "abcdef"), true, Framing{.head = true}).find("Content-Length: 6\r\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(bodiless_statuses_have_no_length_or_type) {
  for (int status : {204, 304, 101}) {
    const std::string head = ResponseHead(Answer(status, ""), false, Framing{});
    BOOST_TEST(head.find("Content-Length") == std::string::npos, status);
    BOOST_TEST(head.find("Content-Type") == std::string::npos, status);
    BOOST_TEST(Bodiless(status));
  }
  BOOST_TEST(!Bodiless(200));
  BOOST_TEST(ResponseHead(Answer(200, ""), false, Framing{}).find("Content-Length: 0\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_connection_header_says_what_happens_next) {
  BOOST_TEST(ResponseHead(Answer(503, "x"), true, Framing{.keep_alive = false}).ends_with("Connection: close\r\n\r\n"));
  BOOST_TEST(ResponseHead(Answer(200, "x"), true, Framing{.http10 = true}).ends_with("Connection: keep-alive\r\n\r\n"));
  BOOST_TEST(ResponseHead(Answer(200, "x"), true, Framing{}).find("Connection") == std::string::npos);
  BOOST_TEST(ResponseHead(Answer(429, "x"), true, Framing{}).starts_with("HTTP/1.1 429 Too Many Requests\r\n"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace response_head_test
