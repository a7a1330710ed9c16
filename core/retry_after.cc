#include "core/retry_after.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace lg::core {
namespace {

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

// 1 to 4 digits.
std::optional<int> Number(std::string_view digits) {
  int value = 0;
  if (!AllDigits(digits) || digits.size() > 4) return std::nullopt;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

}  // namespace

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    const size_t end = text.find_first_of(" ,-", i);
    const std::string_view word = text.substr(i, end == std::string_view::npos ? end : end - i);
    if (!word.empty()) words.push_back(word);
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  std::string_view day_text, month_text, year_text, time_text;
  if (words.size() == 6 && words[5] == "GMT") {
    day_text = words[1], month_text = words[2], year_text = words[3], time_text = words[4];
  } else if (words.size() == 5) {
    month_text = words[1], day_text = words[2], time_text = words[3], year_text = words[4];
  } else {
    return std::nullopt;
  }
  auto day = Number(day_text);
  auto month = MonthNumber(month_text);
  auto year = Number(year_text);
  if (!day || !month || !year || time_text.size() != 8 || time_text[2] != ':' || time_text[5] != ':') {
    return std::nullopt;
  }
  if (year_text.size() == 2) *year += *year < 70 ? 2000 : 1900;
  auto hour = Number(time_text.substr(0, 2));
  auto minute = Number(time_text.substr(3, 2));
  auto second = Number(time_text.substr(6, 2));
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  const auto days = std::chrono::sys_days(date).time_since_epoch().count();
  return int64_t{days} * 86400 + int64_t{*hour} * 3600 + int64_t{*minute} * 60 + *second;
}

std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_seconds) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (AllDigits(value)) {
    int64_t seconds = 0;
    const bool fits = std::from_chars(value.data(), value.data() + value.size(), seconds).ec == std::errc();
    if (!fits || seconds > kMaxRetryAfterSeconds) return kMaxRetryAfterSeconds;
    return seconds;
  }
  auto when = ParseHttpDate(value);
  if (!when) return std::nullopt;
  return *when <= now_seconds ? 0 : std::min(*when - now_seconds, kMaxRetryAfterSeconds);
}

}  // namespace lg::core
