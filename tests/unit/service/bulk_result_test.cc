// EncodeBulkResult: one entry per input item in input order, created ones with their id (and
// doublet_of when flagged), refused ones with the status core/problem.h's table gives their
// error kind, their code, detail and field errors; an internal failure shows no detail of what
// failed. Plus the counts.

#include "service/bulk_result.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/problem.h"

using namespace lg;
using lg::core::ErrorKind;
using lg::core::Status;
using lg::service::BulkCreated;
using lg::service::BulkOutcome;
using lg::service::EncodeBulkResult;

namespace {

BulkOutcome Created(size_t index, uint64_t id, std::optional<uint64_t> doublet_of = std::nullopt) {
  BulkOutcome outcome;
  outcome.index = index;
  outcome.lead_id = id;
  outcome.doublet_of = doublet_of;
  return outcome;
}

BulkOutcome Refused(size_t index, Status error) {
  BulkOutcome outcome;
  outcome.index = index;
  outcome.error = std::move(error);
  return outcome;
}

struct Parsed {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string json;

  explicit Parsed(const BulkCreated& result) : json(EncodeBulkResult(result)) {
    BOOST_REQUIRE_MESSAGE(parser.parse(json).get(doc) == simdjson::SUCCESS, json);
  }
  simdjson::dom::array results() { return doc["results"].get_array(); }
  simdjson::dom::element at(size_t i) { return results().at(i); }
  static bool Has(simdjson::dom::element e, std::string_view key) { return e[key].error() == simdjson::SUCCESS; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_result)

BOOST_AUTO_TEST_CASE(created_items_carry_their_id_and_doublet_of_when_flagged) {
  BulkCreated result;
  result.outcomes = {Created(0, 4096), Created(1, 4097, 4096)};
  result.created = 2;
  Parsed p(result);
  BOOST_REQUIRE(p.results().size() == 2u);
  auto first = p.at(0), second = p.at(1);
  BOOST_TEST(uint64_t(first["index"]) == 0u);
  BOOST_TEST(int64_t(first["status"]) == 201);
  BOOST_TEST(uint64_t(first["id"]) == 4096u);
  BOOST_TEST(!Parsed::Has(first, "doublet_of"));
  BOOST_TEST(!Parsed::Has(first, "code"));
  BOOST_TEST(uint64_t(second["index"]) == 1u);
  BOOST_TEST(uint64_t(second["id"]) == 4097u);
  BOOST_TEST(uint64_t(second["doublet_of"]) == 4096u);
  BOOST_TEST(uint64_t(p.doc["created"]) == 2u);
  BOOST_TEST(uint64_t(p.doc["failed"]) == 0u);
}

BOOST_AUTO_TEST_CASE(each_refused_items_status_comes_from_the_error_table) {
  const std::vector<Status> errors = {
      Status::Invalid({{"email", "invalid_email", "must be an e-mail address"}}),
      Status::BadRequest("invalid_json", "The request body must be a JSON object."),
      Status(ErrorKind::kUnprocessable, "outside_token_scope", "outside", {{"source", "outside_token_scope", "x"}}),
      Status::NotFound("No such campaign."),
      Status::Forbidden("read only"),
  };
  BulkCreated result;
  for (size_t i = 0; i < errors.size(); ++i) result.outcomes.push_back(Refused(i, errors[i]));
  result.failed = errors.size();
  Parsed p(result);
  BOOST_REQUIRE(p.results().size() == errors.size());
  for (size_t i = 0; i < errors.size(); ++i) {
    BOOST_TEST_CONTEXT("item " << i << ": " << errors[i].code()) {
      auto item = p.at(i);
      BOOST_TEST(uint64_t(item["index"]) == i);
      BOOST_TEST(int64_t(item["status"]) == core::HttpStatusOf(errors[i].kind()));
      BOOST_TEST(std::string_view(item["code"]) == errors[i].code());
      BOOST_TEST(std::string_view(item["detail"]) == errors[i].detail());
      BOOST_TEST(!Parsed::Has(item, "id"));
    }
  }
  BOOST_TEST(int64_t(p.at(0)["status"]) == 422);
  BOOST_TEST(int64_t(p.at(1)["status"]) == 400);
  BOOST_TEST(int64_t(p.at(2)["status"]) == 422);
  BOOST_TEST(int64_t(p.at(3)["status"]) == 404);
  BOOST_TEST(int64_t(p.at(4)["status"]) == 403);
  // Field errors come along.
  simdjson::dom::array field_errors = p.at(0)["errors"].get_array();
  BOOST_REQUIRE(field_errors.size() == 1u);
  BOOST_TEST(std::string_view(field_errors.at(0)["field"]) == "email");
  BOOST_TEST(std::string_view(field_errors.at(0)["code"]) == "invalid_email");
  BOOST_TEST(std::string_view(p.at(2)["errors"].at(0)["field"]) == "source");
  BOOST_TEST(!Parsed::Has(p.at(1), "errors"));
  BOOST_TEST(uint64_t(p.doc["created"]) == 0u);
  BOOST_TEST(uint64_t(p.doc["failed"]) == errors.size());
}

BOOST_AUTO_TEST_CASE(a_rejected_duplicate_names_the_earlier_lead) {
  Status duplicate(ErrorKind::kConflict, "duplicate_lead", "This lead duplicates lead 77.");
  duplicate.WithMember("doublet_of", 77);
  BulkCreated result;
  result.outcomes = {Refused(0, duplicate)};
  result.failed = 1;
  Parsed p(result);
  auto item = p.at(0);
  BOOST_TEST(int64_t(item["status"]) == 409);
  BOOST_TEST(std::string_view(item["code"]) == "duplicate_lead");
  BOOST_TEST(uint64_t(item["doublet_of"]) == 77u);
}

BOOST_AUTO_TEST_CASE(an_internal_failure_shows_no_detail_of_what_failed) {
  Status internal = Status::Internal("IO error: /srv/leadgate/db/000123.log: No space left on device");
  internal.WithMember("secret_number", 42);
  BulkCreated result;
  result.outcomes = {Created(0, 4096), Refused(1, internal)};
  result.created = 1;
  result.failed = 1;
  Parsed p(result);
  auto item = p.at(1);
  BOOST_TEST(int64_t(item["status"]) == 500);
  BOOST_TEST(std::string_view(item["code"]) == "internal_error");
  BOOST_TEST(!Parsed::Has(item, "secret_number"));
  BOOST_TEST(!Parsed::Has(item, "errors"));
  std::string_view detail = item["detail"];
  BOOST_TEST(!detail.empty());
  BOOST_TEST(p.json.find("000123") == std::string::npos);
  BOOST_TEST(p.json.find("No space") == std::string::npos);
  BOOST_TEST(p.json.find("/srv") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(items_keep_their_input_order_and_counts_are_as_given) {
  BulkCreated result;
  result.outcomes = {Refused(0, Status::BadRequest("invalid_json", "x")), Created(1, 10), Created(2, 11),
                     Refused(3, Status::Invalid({{"marker", "required", "is required"}}))};
  result.created = 2;
  result.failed = 2;
  Parsed p(result);
  BOOST_REQUIRE(p.results().size() == 4u);
  for (size_t i = 0; i < 4; ++i) BOOST_TEST(uint64_t(p.at(i)["index"]) == i);
  BOOST_TEST(int64_t(p.at(1)["status"]) == 201);
  BOOST_TEST(int64_t(p.at(3)["status"]) == 422);
  BOOST_TEST(uint64_t(p.doc["created"]) == 2u);
  BOOST_TEST(uint64_t(p.doc["failed"]) == 2u);
}

BOOST_AUTO_TEST_CASE(an_empty_result_is_an_empty_list_with_zero_counts) {
  Parsed p(BulkCreated{});
  BOOST_TEST(p.results().size() == 0u);
  BOOST_TEST(uint64_t(p.doc["created"]) == 0u);
  BOOST_TEST(uint64_t(p.doc["failed"]) == 0u);
  BOOST_TEST(p.json == R"({"results":[],"created":0,"failed":0})");
}

BOOST_AUTO_TEST_SUITE_END()
