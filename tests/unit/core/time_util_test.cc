// Timestamps: RFC 3339 and account-local input, millisecond output, calendar validation.

#include "core/time_util.h"

#include <boost/test/unit_test.hpp>
#include <climits>
#include <optional>
#include <random>
#include <string>

namespace time_util_test {

using namespace lg::core;

namespace {

// Every test starts and ends with the account zone at UTC (the zone is process-wide).
struct UtcZone {
  UtcZone() { BOOST_REQUIRE(SetAccountTimeZone("UTC")); }
  ~UtcZone() { SetAccountTimeZone("UTC"); }
};

constexpr int64_t k20261128T10 = 1795860000000;  // 2026-11-28T10:00:00Z
constexpr int64_t kInvalid = INT64_MIN;

// ParseTimestamp, with kInvalid for nullopt so results print in failure messages.
int64_t Parse(std::string_view text) { return ParseTimestamp(text).value_or(kInvalid); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(time_util, UtcZone)

BOOST_AUTO_TEST_CASE(formats_utc_with_milliseconds_always_present) {
  BOOST_TEST(FormatTimestamp(0) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(FormatTimestamp(k20261128T10) == "2026-11-28T10:00:00.000Z");
  BOOST_TEST(FormatTimestamp(k20261128T10 + 7) == "2026-11-28T10:00:00.007Z");
  BOOST_TEST(FormatTimestamp(951782400000 + 86399999) == "2000-02-29T23:59:59.999Z");
  BOOST_TEST(FormatTimestamp(-1) == "1969-12-31T23:59:59.999Z");
  BOOST_TEST(FormatTimestamp(-1000) == "1969-12-31T23:59:59.000Z");
  BOOST_TEST(FormatTimestamp(-1001) == "1969-12-31T23:59:58.999Z");
}

BOOST_AUTO_TEST_CASE(format_then_parse_round_trips_exactly) {
  std::mt19937_64 rng(1128);
  // Years 1900 to 9999.
  std::uniform_int_distribution<int64_t> millis(-2208988800000, 253402300799999);
  for (int i = 0; i < 20000; ++i) {
    const int64_t edges[] = {0, -1, 951868799999, 253402300799999};
    int64_t t = i < 4 ? edges[i] : millis(rng);
    std::string text = FormatTimestamp(t);
    auto back = ParseTimestamp(text);
    BOOST_REQUIRE_MESSAGE(back.has_value(), "cannot parse " << text);
    BOOST_REQUIRE_MESSAGE(*back == t, text << " parsed as " << *back << ", not " << t);
  }
}

BOOST_AUTO_TEST_CASE(parses_rfc3339_fractions_and_offsets) {
  BOOST_TEST(Parse("2026-11-28T10:00:00Z") == k20261128T10);
  BOOST_TEST(Parse("2026-11-28t10:00:00z") == k20261128T10);
  BOOST_TEST(Parse("2026-11-28T10:00:00.1Z") == k20261128T10 + 100);
  BOOST_TEST(Parse("2026-11-28T10:00:00.12Z") == k20261128T10 + 120);
  BOOST_TEST(Parse("2026-11-28T10:00:00.123Z") == k20261128T10 + 123);
  // Sub-millisecond digits are dropped, not rounded.
  BOOST_TEST(Parse("2026-11-28T10:00:00.123999Z") == k20261128T10 + 123);
  BOOST_TEST(Parse("2026-11-28T11:00:00+01:00") == k20261128T10);
  BOOST_TEST(Parse("2026-11-28T04:30:00-05:30") == k20261128T10);
  BOOST_TEST(Parse("2026-11-28T10:00:00+00:00") == k20261128T10);
  BOOST_TEST(Parse("2026-11-29T09:59:00+23:59") == k20261128T10);
}

BOOST_AUTO_TEST_CASE(rejects_impossible_dates_and_malformed_text) {
  for (std::string bad : {
           "2026-02-30T10:00:00Z",       // no such day
           "2026-02-29T10:00:00Z",       // not a leap year
           "1900-02-29T10:00:00Z",       // century, not a leap year
           "2026-04-31T10:00:00Z",       // 30-day month
           "2026-13-01T10:00:00Z",       // month
           "2026-00-01T10:00:00Z",       // month
           "2026-01-00T10:00:00Z",       // day
           "2026-11-28T24:00:00Z",       // hour
           "2026-11-28T10:60:00Z",       // minute
           "2026-11-28T10:00:60Z",       // second
           "2026-11-28T10:00:00",        // no zone
           "2026-11-28T10:00:00+01",     // short offset
           "2026-11-28T10:00:00+0100",   // offset without colon
           "2026-11-28T10:00:00+24:00",  // offset hours
           "2026-11-28T10:00:00+01:60",  // offset minutes
           "2026-11-28T10:00:00.Z",      // empty fraction
           "2026-11-28T10:00:00Zjunk",   // trailing text
           "2026-11-28 10:00:00Z",       // local form takes no zone
           "2026-11-28X10:00:00Z",       // separator
           "2026-11-28",                 // a date is not a time
           "2026-1-28T10:00:00Z",        // digits
           "2026-11-28T1a:00:00Z",       // digits
           " 2026-11-28T10:00:00Z",      // leading space
           "",
       }) {
    BOOST_TEST(!ParseTimestamp(bad).has_value(), "accepted '" << bad << "'");
  }
  BOOST_TEST(ParseTimestamp("2024-02-29T10:00:00Z").has_value());
  BOOST_TEST(ParseTimestamp("2000-02-29T10:00:00Z").has_value());
}

BOOST_AUTO_TEST_CASE(an_offset_cannot_carry_a_time_past_the_four_digit_years) {
  // Found by fuzzing: the UTC time would be in the year 10000 (or -1), which FormatTimestamp
  // cannot write in a form that parses back.
  BOOST_TEST(!ParseTimestamp("9999-12-31T23:59:59-23:59").has_value());
  BOOST_TEST(!ParseTimestamp("0000-01-01T00:00:00+00:01").has_value());
  auto last = ParseTimestamp("9999-12-31T23:59:59.999Z");
  BOOST_REQUIRE(last.has_value());
  BOOST_TEST(Parse(FormatTimestamp(*last)) == *last);
  auto first = ParseTimestamp("0000-01-01T00:00:00Z");
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(Parse(FormatTimestamp(*first)) == *first);
}

BOOST_AUTO_TEST_CASE(local_time_is_read_in_the_account_zone) {
  BOOST_TEST(Parse("2026-11-28 10:00:00") == k20261128T10);
  BOOST_TEST(Parse("2026-11-28 10:00:00.250") == k20261128T10 + 250);
  BOOST_TEST(Parse("1970-01-01 00:00:00") == 0);
  BOOST_TEST(Parse("1969-12-31 23:59:59") == -1000);

  BOOST_REQUIRE(SetAccountTimeZone("Europe/Copenhagen"));
  BOOST_TEST(Parse("2026-11-28 11:00:00") == k20261128T10);                   // CET, +01:00
  BOOST_TEST(Parse("2026-07-01 12:00:00") == Parse("2026-07-01T10:00:00Z"));  // CEST, +02:00
  // RFC 3339 input is absolute whatever the zone.
  BOOST_TEST(Parse("2026-11-28T10:00:00Z") == k20261128T10);

  BOOST_REQUIRE(SetAccountTimeZone("America/New_York"));
  BOOST_TEST(Parse("2026-11-28 05:00:00") == k20261128T10);                   // EST, -05:00
  BOOST_TEST(Parse("2026-07-01 06:00:00") == Parse("2026-07-01T10:00:00Z"));  // EDT, -04:00
  // Output stays UTC.
  BOOST_TEST(FormatTimestamp(k20261128T10) == "2026-11-28T10:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(local_time_rejects_impossible_dates) {
  BOOST_REQUIRE(SetAccountTimeZone("Europe/Copenhagen"));
  for (std::string bad : {"2026-02-30 10:00:00", "2026-02-29 10:00:00", "2026-11-28 24:00:00", "2026-11-28 10:00",
                          "2026-11-28 10:00:00 ", "2026-11-28  10:00:00"}) {
    BOOST_TEST(!ParseTimestamp(bad).has_value(), "accepted '" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(unknown_zones_are_refused_and_leave_the_zone_unchanged) {
  BOOST_REQUIRE(SetAccountTimeZone("Europe/Copenhagen"));
  // Not zones: unknown names, escapes from the zone database, directories, non-zone files.
  for (std::string bad : {"Mars/Olympus_Mons", "", "../../etc/passwd", "Europe/../../etc/passwd", "/etc/passwd",
                          "Europe", "zone.tab", "tzdata.zi"}) {
    BOOST_TEST(!SetAccountTimeZone(bad), "accepted zone '" << bad << "'");
  }
  BOOST_TEST(Parse("2026-11-28 11:00:00") == k20261128T10);
  BOOST_TEST(SetAccountTimeZone("UTC"));
  BOOST_TEST(Parse("2026-11-28 10:00:00") == k20261128T10);
}

BOOST_AUTO_TEST_CASE(valid_dates) {
  for (std::string good : {"2026-01-01", "2026-12-31", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"}) {
    BOOST_TEST(IsValidDate(good), good);
  }
  for (std::string bad :
       {"2026-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-01", "2026-01-00", "2026-1-01",
        "2026-01-1", "20260101", "2026/01/01", "2026-01-01 ", "2026-01-01T00:00:00Z", "abcd-ef-gh", ""}) {
    BOOST_TEST(!IsValidDate(bad), "accepted '" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(now_is_close_to_the_system_clock) {
  int64_t now = NowMillis();
  BOOST_TEST(now > k20261128T10 - 5LL * 365 * 86400000);  // after 2021
  BOOST_TEST(Parse(FormatTimestamp(now)) == now);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace time_util_test
