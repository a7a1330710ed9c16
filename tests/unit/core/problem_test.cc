#include "core/problem.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>

namespace problem_test {

using namespace lg::core;

namespace {

simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element root;
  BOOST_REQUIRE(parser.parse(json).get(root) == simdjson::SUCCESS);
  return root;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(problem)

BOOST_AUTO_TEST_CASE(every_error_kind_has_its_http_status) {
  const std::pair<ErrorKind, int> expected[] = {
      {ErrorKind::kMalformed, 400},    {ErrorKind::kUnauthenticated, 401},   {ErrorKind::kNotPermitted, 403},
      {ErrorKind::kNotFound, 404},     {ErrorKind::kWrongMethod, 405},       {ErrorKind::kConflict, 409},
      {ErrorKind::kBodyTooLarge, 413}, {ErrorKind::kUnsupportedFormat, 415}, {ErrorKind::kInvalid, 422},
      {ErrorKind::kOverLimit, 429},    {ErrorKind::kHeadersTooLarge, 431},   {ErrorKind::kInternal, 500},
      {ErrorKind::kUnavailable, 503},
  };
  for (auto [kind, status] : expected) {
    BOOST_TEST(HttpStatusOf(kind) == status);
    BOOST_TEST(!TitleOf(kind).empty());
  }
}

BOOST_AUTO_TEST_CASE(a_validation_problem_names_every_field_at_fault) {
  Status status = Status::Invalid({{"email", "invalid_email", "must be an e-mail address"}, {"name", "required", "x"}});
  simdjson::dom::parser parser;
  auto doc = Parse(parser, EncodeProblem(status));
  BOOST_TEST(std::string_view(doc["type"]) == "https://leadgate.dev/problems/validation_failed");
  BOOST_TEST(std::string_view(doc["title"]) == "Unprocessable Content");
  BOOST_TEST(int64_t(doc["status"]) == 422);
  BOOST_TEST(std::string_view(doc["code"]) == "validation_failed");
  simdjson::dom::array errors = doc["errors"];
  BOOST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(std::string_view(errors.at(0)["field"]) == "email");
  BOOST_TEST(std::string_view(errors.at(1)["code"]) == "required");
}

BOOST_AUTO_TEST_CASE(extension_members_are_numbers_of_the_document) {
  Status status = Status::Conflict("duplicate_lead", "This lead duplicates lead 7.");
  status.WithMember("doublet_of", 7);
  simdjson::dom::parser parser;
  auto doc = Parse(parser, EncodeProblem(status));
  BOOST_TEST(uint64_t(doc["doublet_of"]) == 7u);
  BOOST_TEST(int64_t(doc["status"]) == 409);
}

BOOST_AUTO_TEST_CASE(an_internal_error_shows_no_detail_of_what_failed) {
  Status status = Status::Internal("cannot open /srv/leadgate/db/000123.sst: Input/output error");
  status.WithMember("secret_number", 42);
  std::string json = EncodeProblem(status);
  BOOST_TEST(json.find("/srv/leadgate") == std::string::npos);
  BOOST_TEST(json.find("secret_number") == std::string::npos);
  simdjson::dom::parser parser;
  auto doc = Parse(parser, json);
  BOOST_TEST(int64_t(doc["status"]) == 500);
  BOOST_TEST(std::string_view(doc["code"]) == "internal_error");
  BOOST_TEST(std::string_view(doc["detail"]) == kInternalErrorDetail);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(result)

BOOST_AUTO_TEST_CASE(holds_a_value_or_the_error_like_std_expected) {
  Result<int> good = 7;
  BOOST_TEST(good.has_value());
  BOOST_TEST(static_cast<bool>(good));
  BOOST_TEST(*good == 7);
  BOOST_TEST(good.value_or(3) == 7);
  Result<int> bad = Status::NotFound("No such lead.");
  BOOST_TEST(!bad.has_value());
  BOOST_TEST(!static_cast<bool>(bad));
  BOOST_TEST(bad.error().code() == "not_found");
  BOOST_TEST(bad.value_or(3) == 3);
  BOOST_CHECK_THROW(bad.value(), BadResultAccess);
  BOOST_CHECK_THROW(Result<int>{Status::Ok()}, std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace problem_test
