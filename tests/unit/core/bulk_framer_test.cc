// BulkFramer: items of a JSON array or NDJSON body, without parsing them, and framing errors,
// whether the body comes whole or in pieces of any size; items over the size limit are read past
// and reported, never kept.

#include "core/bulk_framer.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace bulk_framer_test {

using lg::core::BulkFormat;
using lg::core::BulkFramer;

namespace {

struct Framed {
  std::vector<std::string> items;  // "<too large: N>" for an item over the limit
  std::string error;               // the framing error's code, if any
};

// Frames `body` fed in pieces of `piece` bytes (0: whole), items up to `max_item` bytes. The two
// sizes apart: side by side they are easily swapped.
Framed Frame(std::string_view body, size_t piece, BulkFormat format, size_t max_item) {
  BulkFramer framer(format, max_item);
  Framed out;
  auto drain = [&] {
    while (auto item = framer.Next()) {
      out.items.push_back(item->too_large ? "<too large: " + std::to_string(item->bytes) + ">"
                                          : std::string(item->text));
    }
  };
  if (piece == 0) piece = std::max<size_t>(body.size(), 1);
  for (size_t at = 0; at < body.size(); at += piece) {
    framer.Append(body.substr(at, piece));
    drain();
  }
  framer.End();
  drain();
  BOOST_TEST(framer.finished());
  if (!framer.status().ok()) out.error = framer.status().code();
  return out;
}

// The same items and error however the body is cut into pieces.
Framed FrameEveryWay(std::string_view body, BulkFormat format, size_t max_item = 1 << 20) {
  Framed whole = Frame(body, 0, format, max_item);
  for (size_t piece = 1; piece <= body.size(); ++piece) {
    Framed pieces = Frame(body, piece, format, max_item);
    BOOST_TEST_CONTEXT("body " << body << " in pieces of " << piece) {
      BOOST_TEST(pieces.items == whole.items, boost::test_tools::per_element());
      BOOST_TEST(pieces.error == whole.error);
    }
  }
  return whole;
}

std::vector<std::string> Items(std::string_view body, BulkFormat format) {
  Framed framed = FrameEveryWay(body, format);
  BOOST_TEST(framed.error.empty(), "framing error for " << body);
  return framed.items;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_framer)

BOOST_AUTO_TEST_CASE(json_array_elements_with_nesting_and_strings) {
  auto items = Items(R"( [ {"a": [1, {"b": "],}"}]} ,"x\"]" , 42,[] ,{} ] )", BulkFormat::kJsonArray);
  BOOST_TEST(items == (std::vector<std::string>{R"({"a": [1, {"b": "],}"}]})", R"("x\"]")", "42", "[]", "{}"}),
             boost::test_tools::per_element());
  BOOST_TEST(Items("[]", BulkFormat::kJsonArray).empty());
  BOOST_TEST(Items(" [\n] \n", BulkFormat::kJsonArray).empty());
  // Framed but not valid JSON: left for the item's own parse.
  BOOST_TEST(Items("[{nope}]", BulkFormat::kJsonArray) == (std::vector<std::string>{"{nope}"}),
             boost::test_tools::per_element());
  BOOST_TEST(Items("[1, 2, 3]", BulkFormat::kJsonArray).size() == 3u);
}

BOOST_AUTO_TEST_CASE(json_framing_errors_stop_the_framer_after_the_items_before_them) {
  for (std::string body : {"", "   ", "{}", "1", "[", "[1,", "[1,]", "[,1]", "[1,,2]", "[1] x", "[1]]",
                           "[\"unterminated]", "[{\"a\": 1]", "[}]"}) {
    BOOST_TEST_CONTEXT("body: " << body) {
      BOOST_TEST(FrameEveryWay(body, BulkFormat::kJsonArray).error == "invalid_json");
    }
  }
  // What came before the break was framed, and nothing after it.
  Framed broken = FrameEveryWay(R"([{"a":1}, {"b":2},, {"c":3}])", BulkFormat::kJsonArray);
  BOOST_TEST(broken.items == (std::vector<std::string>{R"({"a":1})", R"({"b":2})"}), boost::test_tools::per_element());
  BOOST_TEST(broken.error == "invalid_json");
}

BOOST_AUTO_TEST_CASE(ndjson_lines_skip_blank_ones_and_trim_crlf) {
  auto items = Items("{\"a\":1}\r\n\n  \r\n{broken\n\t{\"b\":2}  ", BulkFormat::kNdjson);
  BOOST_TEST(items == (std::vector<std::string>{R"({"a":1})", "{broken", R"({"b":2})"}),
             boost::test_tools::per_element());
  BOOST_TEST(Items("", BulkFormat::kNdjson).empty());
  BOOST_TEST(Items("\n\n", BulkFormat::kNdjson).empty());
  BOOST_TEST(Items("1\n2\n", BulkFormat::kNdjson).size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_item_over_the_limit_is_read_past_and_reported_by_its_size) {
  const std::string big = R"({"s": ")" + std::string(40, 'x') + R"(", "t": [1, 2]})";
  Framed json = FrameEveryWay("[{\"a\":1}, " + big + " ,{\"b\":2}]", BulkFormat::kJsonArray, 20);
  BOOST_TEST(json.error.empty());
  BOOST_TEST(json.items == (std::vector<std::string>{
                               R"({"a":1})", "<too large: " + std::to_string(big.size() + 1) + ">", R"({"b":2})"}),
             boost::test_tools::per_element());
  Framed lines = FrameEveryWay("{\"a\":1}\n" + big + "\n{\"b\":2}\n" + big, BulkFormat::kNdjson, 20);
  BOOST_TEST(lines.error.empty());
  BOOST_TEST(lines.items == (std::vector<std::string>{R"({"a":1})", "<too large: " + std::to_string(big.size()) + ">",
                                                      R"({"b":2})", "<too large: " + std::to_string(big.size()) + ">"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace bulk_framer_test
