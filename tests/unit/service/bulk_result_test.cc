// AppendBulkOutcome and EncodeBulkResult: one entry per input item in input order, created ones
// with their id (and doublet_of when flagged), refused ones with the status core/problem.h's
// table gives their error kind, their code, detail and field errors (at most kMaxBulkItemErrors);
// an internal failure shows no detail of what failed. Plus the counts. An earlier attempt's
// outcomes come back with their created items marked replayed.

#include "service/bulk_result.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/problem.h"

namespace bulk_result_test {

using namespace lg;
using lg::core::ErrorKind;
using lg::core::Status;
using lg::service::BulkCounts;
using lg::service::BulkOutcome;

// The answer to outcomes encoded one by one, as a bulk does.
struct BulkCreated {
  std::vector<BulkOutcome> outcomes;
  size_t created = 0;
  size_t failed = 0;
};

std::string EncodeBulkResult(const BulkCreated& result) {
  std::string results;
  for (const auto& outcome : result.outcomes) lg::service::AppendBulkOutcome(results, outcome);
  return lg::service::EncodeBulkResult(results, BulkCounts{result.created, result.failed, 0});
}

namespace {

BulkOutcome Created(size_t index, core::LeadId id, std::optional<uint64_t> doublet_of = std::nullopt) {
  BulkOutcome outcome;
  outcome.index = index;
  outcome.lead_id = id.value();
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
  result.outcomes = {Created(0, core::LeadId(4096)), Created(1, core::LeadId(4097), 4096)};
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
      Status::Malformed("invalid_json", "The request body must be a JSON object."),
      Status(ErrorKind::kInvalid, "outside_token_scope", "outside", {{"source", "outside_token_scope", "x"}}),
      Status::NotFound("No such campaign."),
      Status::NotPermitted("read only"),
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
  result.outcomes = {Created(0, core::LeadId(4096)), Refused(1, internal)};
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
  result.outcomes = {Refused(0, Status::Malformed("invalid_json", "x")), Created(1, core::LeadId(10)),
                     Created(2, core::LeadId(11)),
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

BOOST_AUTO_TEST_CASE(a_refused_item_lists_at_most_its_first_field_errors) {
  std::vector<core::FieldError> errors;
  for (int i = 0; i < 30; ++i) errors.push_back({"f" + std::to_string(i), "required", "is required"});
  BulkCreated result;
  result.outcomes = {Refused(0, Status::Invalid(errors))};
  result.failed = 1;
  Parsed p(result);
  simdjson::dom::array listed = p.at(0)["errors"].get_array();
  BOOST_TEST(listed.size() == lg::service::kMaxBulkItemErrors);
  BOOST_TEST(std::string_view(listed.at(0)["field"]) == "f0");
}

BOOST_AUTO_TEST_CASE(an_earlier_attempts_outcomes_come_back_with_created_items_marked_replayed) {
  BulkCreated first;
  first.outcomes = {Created(0, core::LeadId(4096)), Refused(1, Status::Invalid({{"email", "invalid_email", "x"}})),
                    Created(2, core::LeadId(4097), 4096)};
  std::string stored;
  for (const auto& outcome : first.outcomes) lg::service::AppendBulkOutcome(stored, outcome);
  BulkCounts counts;
  auto replayed = lg::service::ReplayedOutcomes(stored, counts);
  BOOST_REQUIRE(replayed.has_value());
  BOOST_TEST(counts.created == 2u);
  BOOST_TEST(counts.replayed == 2u);
  BOOST_TEST(counts.failed == 1u);
  std::string body = lg::service::EncodeBulkResult(*replayed, counts);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  BOOST_REQUIRE(parser.parse(body).get(doc) == simdjson::SUCCESS);
  auto results = doc["results"].get_array();
  BOOST_REQUIRE(results.size() == 3u);
  BOOST_TEST(uint64_t(results.at(0)["id"]) == 4096u);
  BOOST_TEST(bool(results.at(0)["replayed"]));
  BOOST_TEST(std::string_view(results.at(1)["code"]) == "validation_failed");
  BOOST_TEST(results.at(1)["replayed"].error() != simdjson::SUCCESS);
  BOOST_TEST(uint64_t(results.at(2)["doublet_of"]) == 4096u);
  BOOST_TEST(bool(results.at(2)["replayed"]));
  BOOST_TEST(uint64_t(doc["replayed"]) == 2u);
  BOOST_TEST(!lg::service::ReplayedOutcomes("{broken", counts).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace bulk_result_test
