// Reading and hiding a lead's creator and the earlier lead it duplicates in EncodeLead's bytes
// (core/lead_json.h), as lists answer stored bytes: field values and creator names that contain
// the member names (a json field holding the very members), quotes and backslashes do not fool
// them, and the masked lead is the same JSON with only those members null, however often masked.

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "core/lead_json.h"

namespace encoded_lead_test {

using namespace lg::core;

namespace {

Lead Tricky(std::optional<uint64_t> doublet_of, const std::string& creator) {
  Lead lead;
  lead.id = 42;
  lead.campaign_id = 1;
  lead.status = "new";
  // Values that spell out the members the masks look for, with escaped quotes and backslashes.
  lead.field_values["name"] = R"("\"doublet_of\":7,\"created_by\":{\"token_id\":9,")";
  lead.field_values["note"] = R"("a \\\"created_by\\\":{\\\"token_id\\\":3 \\")";
  lead.field_values["extra"] = R"({"doublet_of":5,"created_by":{"token_id":8,"name":"x"}})";
  lead.select_values["source"] = "vendor-aaa";
  lead.created_at = 1795860000000;
  lead.updated_at = 1795860000000;
  lead.created_by = {17, creator};
  lead.doublet_of = doublet_of;
  return lead;
}

// The JSON of `json` with `member` replaced by null, rebuilt by a parser (the reference).
std::string WithNull(const std::string& json, std::string_view member) {
  simdjson::dom::parser parser;
  simdjson::dom::object object = parser.parse(json).get_object();
  std::string out = "{";
  for (auto [key, value] : object) {
    if (out.size() > 1) out += ",";
    out += "\"" + std::string(key) + "\":" + (key == member ? "null" : simdjson::minify(value));
  }
  return out + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(encoded_lead)

BOOST_AUTO_TEST_CASE(creator_and_duplicate_are_read_from_the_members_only) {
  for (const std::string creator : {"CRM", R"(Vendor "doublet_of":1 \)", R"(x","name":"y)"}) {
    const std::string flagged = EncodeLead(Tricky(123, creator));
    BOOST_TEST((EncodedCreator(flagged) == std::optional<uint64_t>(17)));
    BOOST_TEST((EncodedDoubletOf(flagged) == std::optional<uint64_t>(123)));
    const std::string plain = EncodeLead(Tricky(std::nullopt, creator));
    BOOST_TEST(!EncodedDoubletOf(plain).has_value());
    BOOST_TEST((EncodedCreator(plain) == std::optional<uint64_t>(17)));
  }
}

BOOST_AUTO_TEST_CASE(masking_nulls_exactly_the_member) {
  for (const std::string creator : {"CRM", R"(Vendor "doublet_of":1 \)", R"(x\"},"doublet_of":2,)"}) {
    const std::string json = EncodeLead(Tricky(123, creator));
    BOOST_TEST(WithoutCreator(json) == WithNull(json, "created_by"), creator);
    BOOST_TEST(WithoutDoubletOf(json) == WithNull(json, "doublet_of"), creator);
    BOOST_TEST(WithoutDoubletOf(WithoutCreator(json)) == WithNull(WithNull(json, "created_by"), "doublet_of"));
    BOOST_TEST(!EncodedCreator(WithoutCreator(json)).has_value());
    BOOST_TEST(!EncodedDoubletOf(WithoutDoubletOf(json)).has_value());
    // Masked twice is masked once: the json field's look-alike members stay as they are.
    BOOST_TEST(WithoutCreator(WithoutCreator(json)) == WithoutCreator(json));
    BOOST_TEST(WithoutDoubletOf(WithoutDoubletOf(json)) == WithoutDoubletOf(json));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace encoded_lead_test
