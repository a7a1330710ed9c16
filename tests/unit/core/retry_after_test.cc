// Retry-After (core/retry_after.h) against a fixed now: the three HTTP-date forms to the second,
// dates that do not exist refused, delta seconds as they are and capped, dates as seconds from
// now (0 once past), and values that are neither refused.

#include "core/retry_after.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace retry_after_test {

using lg::core::kMaxRetryAfterSeconds;
using lg::core::ParseHttpDate;
using lg::core::ParseRetryAfter;

namespace {

// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
constexpr int64_t kExampleDate = 784111777;
constexpr int64_t kNow = kExampleDate;

}  // namespace

BOOST_AUTO_TEST_SUITE(retry_after)

BOOST_AUTO_TEST_CASE(the_three_http_date_forms_read_the_same_instant) {
  for (const std::string text : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                 "Sun Nov  6 08:49:37 1994", "Sun Nov 06 08:49:37 1994"}) {
    BOOST_TEST_CONTEXT(text) { BOOST_TEST(ParseHttpDate(text).value_or(-1) == kExampleDate); }
  }
}

BOOST_AUTO_TEST_CASE(http_dates_are_read_leniently_but_to_the_second) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
      {"Sat, 01 Jan 2000 00:00:00 GMT", 946684800},
      {"Sat, 29 Feb 2020 12:00:00 GMT", 1582977600},    // a leap day
      {"Thursday, 01-Jan-70 00:00:00 GMT", 0},          // a two-digit year of 70 and up is 19xx
      {"Tuesday, 01-Jan-69 00:00:00 GMT", 3124224000},  // below 70, 20xx
      {"Mon, 06 Nov 1994 08:49:37 GMT", kExampleDate},  // the weekday is not checked
      {"sun, 06 NOV 1994 08:49:37 GMT", kExampleDate},  // nor is the case of the names
      {"Sun, 6 Nov 1994 08:49:37 GMT", kExampleDate},
      {"Sun,  06 Nov 1994 08:49:37 GMT", kExampleDate},
      {"Sun, 06 Nov 1994 08:49:60 GMT", kExampleDate + 23},  // a leap second
  };
  for (const auto& [text, when] : cases) {
    BOOST_TEST_CONTEXT(text) { BOOST_TEST(ParseHttpDate(text).value_or(-1) == when); }
  }
}

BOOST_AUTO_TEST_CASE(malformed_or_impossible_http_dates_are_refused) {
  for (const std::string text : {"",
                                 "soon",
                                 "Sun, 06 Nov 1994 08:49:37",
                                 "Sun, 06 Nov 1994 08:49:37 UTC",
                                 "Sun, 06 Nov 1994 08:49:37 gmt",
                                 "Sun, 06 Nov 1994 08:49:37 GMT extra",
                                 "Sun, 06 Foo 1994 08:49:37 GMT",
                                 "Sun, 06 11 1994 08:49:37 GMT",
                                 "Sun, 31 Feb 1994 08:49:37 GMT",
                                 "Sun, 00 Nov 1994 08:49:37 GMT",
                                 "Sun, 06 Nov 19940 08:49:37 GMT",
                                 "Sun, 06 Nov 1994 24:00:00 GMT",
                                 "Sun, 06 Nov 1994 08:60:37 GMT",
                                 "Sun, 06 Nov 1994 08:49:61 GMT",
                                 "Sun, 06 Nov 1994 8:49:37 GMT",
                                 "Sun, 06 Nov 1994 08:49 GMT",
                                 "Sun, 06 Nov 1994 08.49.37 GMT",
                                 "Sun, 06 Nov 1994 0a:49:37 GMT",
                                 "Sun, +6 Nov 1994 08:49:37 GMT",
                                 "Sun Nov  6 08:49:37 94x",
                                 "1994-11-06T08:49:37Z"}) {
    BOOST_TEST(!ParseHttpDate(text).has_value(), '"' << text << '"');
  }
}

BOOST_AUTO_TEST_CASE(delta_seconds_are_taken_as_they_are_up_to_the_cap) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"0", 0},
      {"7", 7},
      {"007", 7},
      {"120", 120},
      {" 120 ", 120},
      {"\t5\t", 5},
      {"2147483647", kMaxRetryAfterSeconds - 1},
      {"2147483648", kMaxRetryAfterSeconds},
      {"2147483649", kMaxRetryAfterSeconds},
      {"99999999999999999999", kMaxRetryAfterSeconds},  // too long to read
  };
  BOOST_TEST(kMaxRetryAfterSeconds == int64_t{1} << 31);
  // A date far ahead is held to the same cap.
  BOOST_TEST(ParseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", kNow).value_or(-1) == kMaxRetryAfterSeconds);
  for (const auto& [value, seconds] : cases) {
    BOOST_TEST_CONTEXT('"' << value << '"') {
      BOOST_TEST(ParseRetryAfter(value, kNow).value_or(-1) == seconds);
      BOOST_TEST(ParseRetryAfter(value, 0).value_or(-1) == seconds);  // now plays no part
    }
  }
}

BOOST_AUTO_TEST_CASE(http_dates_are_seconds_from_now_and_zero_once_past) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"Sun, 06 Nov 1994 08:51:37 GMT", 120},     // in two minutes
      {" Sun, 06 Nov 1994 08:51:37 GMT\t", 120},  // blanks around
      {"Sun Nov  6 08:49:38 1994", 1},            // in a second
      {"Sunday, 07-Nov-94 08:49:37 GMT", 86400},  // tomorrow
      {"Sun, 06 Nov 1994 08:49:37 GMT", 0},       // now
      {"Sun, 06 Nov 1994 08:49:36 GMT", 0},       // a second ago
      {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
  };
  for (const auto& [value, seconds] : cases) {
    BOOST_TEST_CONTEXT(value) { BOOST_TEST(ParseRetryAfter(value, kNow).value_or(-1) == seconds); }
  }
  // The same date from another now.
  BOOST_TEST(ParseRetryAfter("Sun, 06 Nov 1994 08:51:37 GMT", kNow - 60).value_or(-1) == 180);
  BOOST_TEST(ParseRetryAfter("Sun, 06 Nov 1994 08:51:37 GMT", kNow + 600).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(values_that_are_neither_are_refused) {
  for (const std::string value : {"", " ", "\t", "soon", "-5", "+5", "1.5", "5s", "5 5", "0x10", "1e3",
                                  "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT"}) {
    BOOST_TEST(!ParseRetryAfter(value, kNow).has_value(), '"' << value << '"');
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace retry_after_test
