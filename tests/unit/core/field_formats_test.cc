// The e-mail, phone and text rules, and the patterns the API docs publish for them: the cases
// issue 28 found (the docs and the server disagreeing), and the patterns checked against the
// server's own predicates over many generated ASCII strings (the Unicode side runs in the Prism
// conformance test, with JavaScript's own RegExp).

#include "core/field_formats.h"

#include <boost/test/unit_test.hpp>
#include <regex>
#include <string>
#include <vector>

#include "core/filter_rules.h"
#include "core/lead_rules.h"
#include "core/person_keys.h"
#include "core/utf8.h"

namespace field_formats_test {

using namespace lg::core;

namespace {

std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// Every string of up to `max_length` characters over `alphabet`.
std::vector<std::string> AllStrings(std::string_view alphabet, size_t max_length) {
  std::vector<std::string> out{""};
  size_t from = 0;
  for (size_t length = 1; length <= max_length; ++length) {
    const size_t to = out.size();
    for (size_t i = from; i < to; ++i) {
      for (char c : alphabet) out.push_back(out[i] + c);
    }
    from = to;
  }
  return out;
}

std::wstring Wide(const std::string& ascii) { return std::wstring(ascii.begin(), ascii.end()); }

// An ECMAScript pattern over wide characters (32 bits here), so ranges up to \x9F read as code
// points, not as signed chars.
std::wregex Pattern(const std::string& ecmascript) { return std::wregex(Wide(ecmascript)); }

// Whether `text` (ASCII) matches `pattern`.
bool Matches(const std::wregex& pattern, const std::string& text) { return std::regex_match(Wide(text), pattern); }

}  // namespace

BOOST_AUTO_TEST_SUITE(field_formats)

BOOST_AUTO_TEST_CASE(text_length_is_counted_in_characters) {
  BOOST_TEST(CodePointCount("") == 0u);
  BOOST_TEST(CodePointCount("a\xC3\xA6\xE2\x82\xAC\xF0\x9F\x98\x80") == 4u);  // a æ € 😀
  Field field{"comment", "Comment", "", FieldType::kText, false};
  simdjson::dom::parser parser;
  auto normalize = [&](const std::string& text) {
    auto value = parser.parse("\"" + text + "\"").value();
    return std::holds_alternative<std::string>(NormalizeFieldValue(field, value));
  };
  BOOST_TEST(normalize(Repeat("\xC3\xA6", 5001)));  // 10002 bytes, 5001 characters
  BOOST_TEST(normalize(Repeat("\xC3\xA6", kMaxTextCharacters)));
  BOOST_TEST(!normalize(Repeat("\xC3\xA6", kMaxTextCharacters + 1)));
  BOOST_TEST(!normalize(Repeat("x", kMaxTextCharacters + 1)));
}

BOOST_AUTO_TEST_CASE(email_rule) {
  for (std::string good : {"jane@example.com", "j.doe+tag@mail.example.co.uk", "a@b.c", "j\xC3\xA6ne@example.dk",
                           "jane@b\xC3\xB8rn.dk", "o'neil@x-y.example", "{x}|~@1.2", "\xE2\x82\xAC@\xE2\x82\xAC.dk"}) {
    BOOST_TEST(IsValidEmail(good), good);
    BOOST_TEST(IsEmailLookupValue(good), good);
  }
  // Taken by earlier versions (and so still found by an erasure or a filter), refused for new values.
  for (std::string legacy : {"jane..doe@example.com", "a(b)@x.y", "a@-x.y", "\"quoted\"@x.y", ".a@x.y", "a.@x.y",
                             "a@x-.y", "a@x.y-", "a@x_y.z", "a@.x.y", "a\xC2\x85@x.y"}) {
    BOOST_TEST(!IsValidEmail(legacy), legacy);
    BOOST_TEST(IsEmailLookupValue(legacy), legacy);
  }
  for (std::string bad : {"", "jane", "@example.com", "jane@", "jane@example", "jane@.com", "jane@example.",
                          "ja@ne@example.com", "jane doe@example.com", "jane@exa..mple.com", "a\tb@x.y", "a@x.y\x7F"}) {
    BOOST_TEST(!IsValidEmail(bad), bad);
    BOOST_TEST(!IsEmailLookupValue(bad), bad);
  }
  // 254 characters is the limit, whatever their bytes.
  const std::string domain = "@b.dk";
  BOOST_TEST(IsValidEmail(Repeat("\xC3\xA6", kMaxEmailCharacters - domain.size()) + domain));
  BOOST_TEST(!IsValidEmail(Repeat("\xC3\xA6", kMaxEmailCharacters - domain.size() + 1) + domain));
  BOOST_TEST(IsEmailLookupValue(Repeat("\xC3\xA6", kMaxEmailCharacters - domain.size()) + domain));
  BOOST_TEST(!IsEmailLookupValue(Repeat("a", kMaxEmailCharacters - domain.size() + 1) + domain));
  BOOST_TEST(!IsValidEmail("a\xC3@x.y"));  // not UTF-8
}

BOOST_AUTO_TEST_CASE(phone_rule) {
  for (std::string good : {"+45 12 34 56 78", "(555) 123-4567", "123456", "12345678901234567890",
                           "+ (45) 1.2.3 - 4 5 6 7 8 9 0 1 2 3 4 5 6 (7)", "1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8"}) {
    BOOST_TEST(IsValidPhone(good), good);
  }
  for (std::string bad : {"......", "123456789012345678901", "12345", "1+2345678", "++4512345678", "call me", ""}) {
    BOOST_TEST(!IsValidPhone(bad), bad);
  }
  BOOST_TEST(PhoneRuleText().find("6 to 20 digits") == 0u);
}

// The published patterns say exactly what the predicates say, on every short string over
// alphabets of the characters that matter.
BOOST_AUTO_TEST_CASE(patterns_match_the_predicates) {
  const std::wregex email = Pattern(EmailPattern()), lookup = Pattern(EmailLookupPattern());
  for (const std::string& text : AllStrings("a@.-(\" 1", 5)) {
    BOOST_TEST(Matches(email, text) == IsValidEmail(text), text);
    BOOST_TEST(Matches(lookup, text) == IsEmailLookupValue(text), text);
  }
  for (const std::string& text : AllStrings("a@._+=", 6)) {
    BOOST_TEST(Matches(email, text) == IsValidEmail(text), text);
    BOOST_TEST(Matches(lookup, text) == IsEmailLookupValue(text), text);
  }
  const std::wregex phone = Pattern(PhonePattern());
  for (const std::string& text : AllStrings("1+ (.x", 6)) {
    BOOST_TEST(Matches(phone, text) == IsValidPhone(text), text);
  }
  for (int digits = 0; digits <= kMaxPhoneDigits + 2; ++digits) {
    const std::string text = "+" + Repeat("1 -", static_cast<size_t>(digits));
    BOOST_TEST(Matches(phone, text) == IsValidPhone(text), text);
  }
}

// A lead stored by an earlier version with an address the rule now refuses stays findable: by an
// erasure's person key, and by a filter condition naming it (a stored filter keeps compiling).
BOOST_AUTO_TEST_CASE(an_address_stored_under_the_earlier_rule_is_still_found) {
  Campaign campaign;
  campaign.id = 1;
  campaign.fields = {{"email", "E-mail", "", FieldType::kEmail, false}};
  campaign.statuses = {{0, "new", "New", StatusType::kActive, 1, true}};
  campaign.AssignInternalIds();
  Lead lead;
  lead.field_values["email"] = "\"Jane..Doe@Example.com\"";
  const std::vector<std::string> keys = PersonKeys(campaign, lead);
  BOOST_REQUIRE(keys.size() == 1u);
  BOOST_TEST((EmailPersonKey("jane..doe@example.com") == keys.front()));
  BOOST_TEST(!EmailPersonKey("jane").has_value());

  Filter filter;
  filter.name = "Jane";
  filter.conditions = {{"email", FilterOp::kEq, {"\"Jane..Doe@Example.com\""}}};
  auto compiled = CompileFilter(campaign, filter);
  BOOST_REQUIRE(compiled.has_value());
  BOOST_TEST(Matches(*compiled, lead));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace field_formats_test
