// UTF-8 repair: well-formed text is kept as it is; each ill-formed subsequence becomes one U+FFFD
// per maximal subpart (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal Subparts").

#include "core/utf8.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/text_helpers.h"

namespace utf8_test {

using lg::core::IsValidUtf8;
using lg::core::ToValidUtf8;

namespace {

// `text` with every U+FFFD written as '?', for readable comparisons.
std::string Marked(std::string text) {
  for (size_t at = text.find("\xEF\xBF\xBD"); at != std::string::npos; at = text.find("\xEF\xBF\xBD", at + 1)) {
    text.replace(at, 3, "?");
  }
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(well_formed_text_is_kept_as_it_is) {
  for (const std::string& text :
       {std::string(), std::string("plain"), std::string("\xC3\xA6\xC3\xB8\xC3\xA5"), std::string("\xE2\x82\xAC 5"),
        std::string("\xF0\x9F\x98\x80"), std::string("\xF4\x8F\xBF\xBF"), std::string("a\0b", 3)}) {
    BOOST_TEST_CONTEXT(lg::test::Hex(text)) {
      BOOST_TEST(IsValidUtf8(text));
      BOOST_TEST(ToValidUtf8(text) == text);
    }
  }
}

BOOST_AUTO_TEST_CASE(each_maximal_subpart_becomes_one_replacement_character) {
  struct Case {
    std::string in, out;
  };
  for (const Case& c : {
           Case{"\xFF", "?"},                              // never a UTF-8 byte
           Case{"a\x80z", "a?z"},                          // a lone continuation byte
           Case{"caf\xE9", "caf?"},                        // Latin-1
           Case{"\xC0\xAF", "??"},                         // an overlong '/': C0 starts nothing
           Case{"\xE0\x80\xAF", "???"},                    // overlong three-byte form
           Case{"\xED\xA0\x80", "???"},                    // a surrogate
           Case{"\xF4\x90\x80\x80", "????"},               // above U+10FFFF
           Case{"\xF0\x9F\x98", "?"},                      // cut off: one subpart
           Case{"\xF0\x9F\x98x", "?x"},                    // cut off before an ASCII byte
           Case{"\xE2\x82\xE2\x82\xAC", "?\xE2\x82\xAC"},  // cut off before a whole character
           Case{"\xC3", "?"},                              // cut off at the end
       }) {
    BOOST_TEST_CONTEXT(lg::test::Hex(c.in)) {
      BOOST_TEST(!IsValidUtf8(c.in));
      const std::string repaired = ToValidUtf8(c.in);
      BOOST_TEST(IsValidUtf8(repaired));
      BOOST_TEST(Marked(repaired) == c.out);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace utf8_test
