#include "core/time_util.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iterator>

#include "core/apply_scope.h"

namespace lg::core {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

bool ReadDigits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

struct CivilTime {
  int y, mo, d, h, mi, s, ms;
};

// Reads "YYYY-MM-DD?HH:MM:SS[.fff...]" where ? is `sep`; returns the number of chars consumed.
std::optional<size_t> ReadCivil(std::string_view text, char sep, CivilTime& t) {
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (text[10] != sep && !(sep == 'T' && text[10] == 't')) return std::nullopt;
  if (!ReadDigits(text, 0, 4, t.y) || !ReadDigits(text, 5, 2, t.mo) || !ReadDigits(text, 8, 2, t.d) ||
      !ReadDigits(text, 11, 2, t.h) || !ReadDigits(text, 14, 2, t.mi) || !ReadDigits(text, 17, 2, t.s)) {
    return std::nullopt;
  }
  if (t.h > 23 || t.mi > 59 || t.s > 59) return std::nullopt;
  if (!year_month_day{year{t.y}, month{static_cast<unsigned>(t.mo)}, day{static_cast<unsigned>(t.d)}}.ok()) {
    return std::nullopt;
  }
  size_t pos = 19;
  t.ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) t.ms = t.ms * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) t.ms *= 10;
  }
  return pos;
}

int64_t UtcMillis(const CivilTime& t) {
  auto days = sys_days{year{t.y} / month{static_cast<unsigned>(t.mo)} / day{static_cast<unsigned>(t.d)}};
  int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(days.time_since_epoch()).count() +
                 int64_t{t.h} * 3600 + int64_t{t.mi} * 60 + t.s;
  return secs * 1000 + t.ms;
}

// A compiled zone (TZif), not a directory or one of the database's index files (zone.tab, ...),
// which glibc would silently treat as UTC.
bool IsZoneFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char magic[4] = {};
  size_t n = std::fread(magic, 1, sizeof magic, f);
  std::fclose(f);
  return n == sizeof magic && std::string_view(magic, sizeof magic) == "TZif";
}

}  // namespace

int64_t NowMillis() {
  // A command being applied (cluster mode) happens at the time it carries, on every node.
  if (const ApplyScope* applying = ApplyScope::Current()) return applying->now();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTimestamp(int64_t millis) {
  int64_t secs = millis >= 0 ? millis / 1000 : (millis - 999) / 1000;
  int ms = static_cast<int>(millis - secs * 1000);
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{std::chrono::seconds{secs}});
  year_month_day ymd{days};
  int64_t rem = secs - std::chrono::duration_cast<std::chrono::seconds>(days.time_since_epoch()).count();
  const int year = static_cast<int>(ymd.year());
  const int fields[] = {year,
                        static_cast<int>(static_cast<unsigned>(ymd.month())),
                        static_cast<int>(static_cast<unsigned>(ymd.day())),
                        static_cast<int>(rem / 3600),
                        static_cast<int>(rem / 60 % 60),
                        static_cast<int>(rem % 60),
                        ms};
  if (year < 0 || year > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", fields[0], fields[1], fields[2], fields[3],
                  fields[4], fields[5], fields[6]);
    return buf;
  }
  // Every lead carries two of these, so the usual years skip printf's format parsing.
  std::string out = "0000-00-00T00:00:00.000Z";
  constexpr size_t kEnds[] = {4, 7, 10, 13, 16, 19, 23};  // one past each field's last digit
  for (size_t f = 0; f < std::size(fields); ++f) {
    int value = fields[f];
    for (size_t i = kEnds[f]; value > 0; value /= 10) out[--i] = static_cast<char>('0' + value % 10);
  }
  return out;
}

namespace {

// Before the range check: an offset can carry a time just outside the four-digit years.
std::optional<int64_t> ParseAnyTimestamp(std::string_view text) {
  CivilTime t{};
  if (auto end = ReadCivil(text, 'T', t)) {
    std::string_view zone = text.substr(*end);
    if (zone == "Z" || zone == "z") return UtcMillis(t);
    int oh = 0, om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !ReadDigits(zone, 1, 2, oh) ||
        !ReadDigits(zone, 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    int64_t offset_ms = (oh * 3600 + om * 60) * 1000LL;
    return zone[0] == '+' ? UtcMillis(t) - offset_ms : UtcMillis(t) + offset_ms;
  }
  if (auto end = ReadCivil(text, ' ', t); end && *end == text.size()) {
    std::tm tm{};
    tm.tm_year = t.y - 1900;
    tm.tm_mon = t.mo - 1;
    tm.tm_mday = t.d;
    tm.tm_hour = t.h;
    tm.tm_min = t.mi;
    tm.tm_sec = t.s;
    tm.tm_isdst = -1;  // let the zone rules decide
    std::time_t secs = std::mktime(&tm);
    if (secs == static_cast<std::time_t>(-1) && !(t.y == 1969 || t.y == 1970)) return std::nullopt;
    return static_cast<int64_t>(secs) * 1000 + t.ms;
  }
  return std::nullopt;
}

}  // namespace

// Only times FormatTimestamp writes with a four-digit year, so every stored time reads back.
std::optional<int64_t> ParseTimestamp(std::string_view text) {
  static const int64_t kFirst = UtcMillis(CivilTime{0, 1, 1, 0, 0, 0, 0});
  static const int64_t kLast = UtcMillis(CivilTime{9999, 12, 31, 23, 59, 59, 999});
  std::optional<int64_t> t = ParseAnyTimestamp(text);
  if (!t || *t < kFirst || *t > kLast) return std::nullopt;
  return t;
}

bool IsValidDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!ReadDigits(text, 0, 4, y) || !ReadDigits(text, 5, 2, m) || !ReadDigits(text, 8, 2, d)) return false;
  return year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok();
}

bool IsKnownTimeZone(const std::string& zone) {
  return zone == "UTC" || (!zone.empty() && zone.front() != '/' && zone.find("..") == std::string::npos &&
                           IsZoneFile(std::filesystem::path("/usr/share/zoneinfo") / zone));
}

bool SetAccountTimeZone(const std::string& zone) {
  if (!IsKnownTimeZone(zone)) return false;
  ::setenv("TZ", zone.c_str(), 1);
  ::tzset();
  return true;
}

}  // namespace lg::core
