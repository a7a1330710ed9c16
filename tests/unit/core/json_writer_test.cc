// JSON string escaping: whatever the text, the written string reads back as that text.

#include "core/json_writer.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <string>

using namespace lg::core;

namespace {

// The text a JSON string literal stands for, read by simdjson.
std::string ReadBack(const std::string& literal) {
  simdjson::dom::parser parser;
  std::string_view text;
  auto error = parser.parse(literal).get_string().get(text);
  BOOST_REQUIRE_MESSAGE(error == simdjson::SUCCESS, "not a JSON string: " << literal);
  return std::string(text);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_writer)

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters) {
  BOOST_TEST(JsonWriter::Quoted("a\"b\\c\nd\te") == R"("a\"b\\c\nd\te")");
  BOOST_TEST(JsonWriter::Quoted(std::string("\x01\x1f", 2)) == R"("\u0001\u001f")");
  BOOST_TEST(JsonWriter::Quoted("plain text, ünïcode €") == "\"plain text, ünïcode €\"");
  BOOST_TEST(JsonWriter::Quoted("") == "\"\"");
}

// Long plain runs are scanned eight bytes at a time: a character that needs escaping is found
// at every offset within and across those words, next to bytes above 0x7f.
BOOST_AUTO_TEST_CASE(every_special_character_at_every_offset_reads_back) {
  const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "\xc3\xa9", " ", "!",
                                  "#",  "[",  "]"};
  for (const std::string& special : specials) {
    for (size_t length = 1; length <= 40; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string text(length, 'x');
        text.replace(at, 1, special);
        BOOST_TEST(ReadBack(JsonWriter::Quoted(text)) == text, "offset " << at << " of " << length);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
