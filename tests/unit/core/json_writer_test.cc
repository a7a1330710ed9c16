// JSON string escaping: whatever the text, the written string reads back as that text.

#include "core/json_writer.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <string>

namespace json_writer_test {

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

// Text that did not come through the JSON parser (a percent-decoded path, a header) may hold
// bytes that are not UTF-8; what is written is still valid JSON, those bytes read as U+FFFD.
BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_become_replacement_characters) {
  const std::string replacement = "\xEF\xBF\xBD";
  BOOST_TEST(ReadBack(JsonWriter::Quoted("caf\xE9")) == "caf" + replacement);
  BOOST_TEST(ReadBack(JsonWriter::Quoted("/v2/\xFF\xFE/x\"")) == "/v2/" + replacement + replacement + "/x\"");
  BOOST_TEST(ReadBack(JsonWriter::Quoted("ok \xC3\xA9 \xF0\x9F\x98")) == "ok \xC3\xA9 " + replacement);
  // Keys, and whole documents, too.
  JsonWriter out;
  out.BeginObject().Key("k\x80").String("\xED\xA0\x80").EndObject();
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  BOOST_REQUIRE_MESSAGE(parser.parse(out.str()).get_object().get(object) == simdjson::SUCCESS, out.str());
  std::string_view value;
  BOOST_REQUIRE(object["k" + replacement].get_string().get(value) == simdjson::SUCCESS);
  BOOST_TEST(value == replacement + replacement + replacement);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace json_writer_test
