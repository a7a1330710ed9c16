#pragma once
// Retry-After (RFC 9110 section 10.2.3) as a webhook endpoint answers it, turned into seconds
// to wait. Pure: the current time is a parameter.

#include <cstdint>
#include <optional>
#include <string_view>

namespace lg::core {

// A larger delta-seconds counts as this (RFC 9111 section 1.2.2), and so does one too long to
// read.
inline constexpr int64_t kMaxRetryAfterSeconds = int64_t{1} << 31;

// Seconds since the epoch of an HTTP-date (RFC 9110 section 5.6.7): IMF-fixdate
// "Sun, 06 Nov 1994 08:49:37 GMT", or the obsolete RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
// (a two-digit year below 70 is 20xx, else 19xx) and asctime "Sun Nov  6 08:49:37 1994". Read
// leniently: blanks, commas and dashes all separate words, the weekday is not checked, the
// month name is in any case. nullopt for anything else, or a date or time that does not exist
// (second 60, a leap second, is let through).
std::optional<int64_t> ParseHttpDate(std::string_view text);

// The seconds to wait that a Retry-After `value` asks for, blanks and tabs around it ignored:
// delta seconds as they are (up to kMaxRetryAfterSeconds), or an HTTP-date as the seconds from
// `now_seconds` (seconds since the epoch, rounded down, so a wait in fractions of a second
// rounds up), 0 for a date not in the future. nullopt for a value that is neither (a sign, a
// fraction, a word).
std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_seconds);

}  // namespace lg::core
