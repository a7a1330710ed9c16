// ProblemResponse: the HTTP answer a client gets for an error — the status of the error table,
// an application/problem+json body, WWW-Authenticate on a 401 only, and nothing of an internal
// error's detail.

#include "net/problem.h"

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <string>

#include "core/problem.h"
#include "tests/support/json_helpers.h"

namespace problem_test {

namespace {

using lg::core::ErrorKind;
using lg::core::Status;
using lg::net::HttpResponse;
using lg::net::ProblemResponse;
using namespace lg::test;

// The response as the test client would have received it (header names in lower case).
HttpResult AsReceived(const HttpResponse& response) {
  HttpResult out;
  out.status = response.status;
  out.headers["content-type"] = response.content_type;
  for (const auto& [name, value] : response.headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[lower] = value;
  }
  out.body = response.body;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(problem_response)

BOOST_AUTO_TEST_CASE(each_error_kind_answers_its_status_as_problem_json) {
  const std::pair<ErrorKind, int> table[] = {
      {ErrorKind::kMalformed, 400},    {ErrorKind::kUnauthenticated, 401},   {ErrorKind::kNotPermitted, 403},
      {ErrorKind::kNotFound, 404},     {ErrorKind::kWrongMethod, 405},       {ErrorKind::kConflict, 409},
      {ErrorKind::kBodyTooLarge, 413}, {ErrorKind::kUnsupportedFormat, 415}, {ErrorKind::kInvalid, 422},
      {ErrorKind::kOverLimit, 429},    {ErrorKind::kHeadersTooLarge, 431},   {ErrorKind::kUnavailable, 503},
  };
  for (auto [kind, status] : table) {
    BOOST_TEST_CONTEXT("status " << status) {
      HttpResponse response = ProblemResponse(Status(kind, "some_code", "What went wrong."));
      BOOST_TEST(response.status == status);
      BOOST_TEST(response.status == lg::core::HttpStatusOf(kind));
      BOOST_TEST(response.content_type == "application/problem+json");
      HttpResult received = AsReceived(response);
      CheckProblem(received, status, "some_code");
      Json body(received.body);
      BOOST_TEST(Str(body["detail"]) == "What went wrong.");
      BOOST_TEST(Str(body["title"]) == std::string(lg::core::TitleOf(kind)));
      BOOST_TEST(Str(body["type"]) == "https://leadgate.dev/problems/some_code");
    }
  }
}

BOOST_AUTO_TEST_CASE(only_a_401_asks_for_a_bearer_token) {
  HttpResponse unauthorized = ProblemResponse(Status::Unauthenticated());
  CheckProblem(AsReceived(unauthorized), 401, "unauthorized");
  BOOST_TEST(AsReceived(unauthorized).Header("www-authenticate") == "Bearer realm=\"leadgate\"");
  BOOST_TEST(unauthorized.headers.size() == 1u);

  for (const Status& status : {Status::NotPermitted("Not yours."), Status::NotFound("No such lead."),
                               Status::Malformed("invalid_json", "Not JSON."), Status::Internal("boom"),
                               Status(ErrorKind::kOverLimit, "rate_limited", "Slow down.")}) {
    BOOST_TEST_CONTEXT(status.code()) {
      HttpResponse response = ProblemResponse(status);
      BOOST_TEST(AsReceived(response).Header("www-authenticate").empty());
      BOOST_TEST(response.headers.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_503_says_when_to_retry) {
  for (const char* code : {"overloaded", "disk_full", "draining"}) {
    BOOST_TEST_CONTEXT(code) {
      HttpResult received = AsReceived(ProblemResponse(Status(ErrorKind::kUnavailable, code, "Not now.")));
      CheckProblem(received, 503, code);
      BOOST_TEST(received.Header("retry-after") == "1");
    }
  }
}

BOOST_AUTO_TEST_CASE(an_internal_errors_detail_never_reaches_the_body) {
  const std::string secret = "test secret: rocksdb could not open /var/lib/leadgate/secret-store/000042.sst";
  for (const Status& status : {Status::Internal(secret), Status(ErrorKind::kInternal, "store_corrupt", secret)}) {
    BOOST_TEST_CONTEXT(status.code()) {
      HttpResponse response = ProblemResponse(status);
      HttpResult received = AsReceived(response);
      CheckProblem(received, 500, "internal_error");
      BOOST_TEST(received.body.find("secret") == std::string::npos);
      BOOST_TEST(received.body.find("/var/lib") == std::string::npos);
      BOOST_TEST(received.body.find("rocksdb") == std::string::npos);
      BOOST_TEST(received.body.find("store_corrupt") == std::string::npos);
      Json body(received.body);
      BOOST_TEST(Str(body["detail"]) == std::string(lg::core::kInternalErrorDetail));
      BOOST_TEST(Str(body["title"]) == "Internal Server Error");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_validation_problem_lists_its_field_errors_and_members) {
  Status invalid = Status::Invalid({{"email", "invalid_email", "must be an e-mail address"}});
  HttpResult received = AsReceived(ProblemResponse(invalid));
  BOOST_TEST(Describe(ValidationErrorsOf(received)) == "email:invalid_email ");

  Status duplicate = Status::Conflict("duplicate", "A lead with this e-mail exists.");
  duplicate.WithMember("doublet_of", 42);
  HttpResult conflict = AsReceived(ProblemResponse(duplicate));
  CheckProblem(conflict, 409, "duplicate");
  BOOST_TEST(U64(Json(conflict.body)["doublet_of"]) == 42u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace problem_test
