#pragma once
// The rules of the field types whose values have a form (text, e-mail, phone), and the JSON
// Schema patterns the API documentation publishes for them. Each pattern is generated from the
// predicate the server checks with, so the documentation cannot say one thing and the server do
// another. Lengths are counted in characters (Unicode code points), as JSON Schema counts them.
//
// E-mail: new values follow the rule below; addresses stored under the looser rule of earlier
// versions stay readable, and what looks a person up by an address (an erasure, a filter
// condition) takes any address either rule took, so those leads can still be found.

#include <cstddef>
#include <string>
#include <string_view>

namespace lg::core {

inline constexpr size_t kMaxTextCharacters = 10000;

// An address: a dot-atom local part (RFC 5322 atext, and any character from U+00A0 on, as
// RFC 6531 allows) @ a domain of two or more labels (letters, digits, any character from U+00A0
// on, and hyphens inside a label). No quoted local parts, comments or address literals.
inline constexpr size_t kMaxEmailCharacters = 254;
bool IsValidEmail(std::string_view utf8);
// The ECMA-262 pattern of IsValidEmail (with maxLength kMaxEmailCharacters).
std::string EmailPattern();
inline constexpr std::string_view kEmailRuleText =
    "at most 254 characters: local@domain; the local part is dot-separated runs of letters, digits, "
    "!#$%&'*+-/=?^_`{|}~ and non-ASCII characters; the domain two or more dot-separated labels of letters, digits "
    "and non-ASCII characters, with hyphens inside a label";

// The rule of earlier versions (one @, no blanks or control characters, a dot in the domain that
// is neither its first nor its last character, no ".." in the domain), in characters: every
// address IsValidEmail takes, and every address ever stored.
bool IsEmailLookupValue(std::string_view utf8);
std::string EmailLookupPattern();

// Digits with separators, an optional leading '+'.
inline constexpr int kMinPhoneDigits = 6;
inline constexpr int kMaxPhoneDigits = 20;
inline constexpr std::string_view kPhoneSeparators = " ().-";
bool IsValidPhone(std::string_view text);
std::string PhonePattern();
std::string PhoneRuleText();

}  // namespace lg::core
