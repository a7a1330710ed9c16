// BulkReader: items of a JSON array or NDJSON body, without parsing them, and framing errors.

#include "core/bulk_reader.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

using lg::core::BulkFormat;
using lg::core::BulkReader;

namespace {

std::vector<std::string> Items(std::string_view body, BulkFormat format) {
  BulkReader reader(body, format);
  std::vector<std::string> out;
  while (auto item = reader.Next()) out.emplace_back(*item);
  BOOST_REQUIRE_MESSAGE(reader.status().ok(), "framing error for " << body);
  return out;
}

bool Broken(std::string_view body) { return !BulkReader::Count(body, BulkFormat::kJsonArray).has_value(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_reader)

BOOST_AUTO_TEST_CASE(json_array_elements_with_nesting_and_strings) {
  auto items = Items(R"( [ {"a": [1, {"b": "],}"}]} ,"x\"]" , 42,[] ,{} ] )", BulkFormat::kJsonArray);
  BOOST_TEST(items == (std::vector<std::string>{R"({"a": [1, {"b": "],}"}]})", R"("x\"]")", "42", "[]", "{}"}),
             boost::test_tools::per_element());
  BOOST_TEST(Items("[]", BulkFormat::kJsonArray).empty());
  BOOST_TEST(Items(" [\n] \n", BulkFormat::kJsonArray).empty());
  // Framed but not valid JSON: left for the item's own parse.
  BOOST_TEST(Items("[{nope}]", BulkFormat::kJsonArray) == (std::vector<std::string>{"{nope}"}),
             boost::test_tools::per_element());
  BOOST_TEST(BulkReader::Count("[1, 2, 3]", BulkFormat::kJsonArray).value() == 3u);
}

BOOST_AUTO_TEST_CASE(json_framing_errors) {
  for (std::string body : {"", "   ", "{}", "1", "[", "[1", "[1,", "[1,]", "[,1]", "[1,,2]", "[1] x", "[1]]",
                           "[\"unterminated]", "[{\"a\": 1]", "[}]"}) {
    BOOST_TEST_CONTEXT("body: " << body) {
      BOOST_TEST(Broken(body));
      BOOST_TEST(BulkReader::Count(body, BulkFormat::kJsonArray).error().code() == "invalid_json");
    }
  }
}

BOOST_AUTO_TEST_CASE(ndjson_lines_skip_blank_ones_and_trim_crlf) {
  auto items = Items("{\"a\":1}\r\n\n  \r\n{broken\n\t{\"b\":2}  ", BulkFormat::kNdjson);
  BOOST_TEST(items == (std::vector<std::string>{R"({"a":1})", "{broken", R"({"b":2})"}),
             boost::test_tools::per_element());
  BOOST_TEST(Items("", BulkFormat::kNdjson).empty());
  BOOST_TEST(Items("\n\n", BulkFormat::kNdjson).empty());
  BOOST_TEST(BulkReader::Count("1\n2\n", BulkFormat::kNdjson).value() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
