#include "core/field_formats.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace lg::core {
namespace {

// The code points of `utf8`, or nullopt when it is not well-formed UTF-8.
std::optional<std::vector<char32_t>> CodePoints(std::string_view utf8) {
  std::vector<char32_t> out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    size_t extra = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1, cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2, cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3, cp = lead & 0x07;
    } else {
      return std::nullopt;
    }
    for (size_t k = 1; k <= extra; ++k) {
      if (i + k >= utf8.size()) return std::nullopt;
      const auto next = static_cast<unsigned char>(utf8[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (next & 0x3F);
    }
    const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

// Every character from U+00A0 on is allowed wherever a letter is: that is what lets a pattern's
// class be written as "anything but these ASCII and C1 code points", exactly.
constexpr char32_t kFirstOpenCodePoint = 0xA0;

bool IsAsciiLetterOrDigit(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// RFC 5322 atext, and the non-ASCII characters RFC 6531 adds.
bool IsLocalPartCharacter(char32_t c) {
  if (c >= kFirstOpenCodePoint) return true;
  if (IsAsciiLetterOrDigit(c)) return true;
  return c < 0x80 && std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsLabelCharacter(char32_t c) { return c >= kFirstOpenCodePoint || IsAsciiLetterOrDigit(c); }

bool IsLabelOrHyphen(char32_t c) { return IsLabelCharacter(c) || c == '-'; }

// Blanks and control characters, which no address of any version held.
bool IsBlankOrControl(char32_t c) { return c <= 0x20 || c == 0x7F; }

bool IsLookupCharacter(char32_t c) { return !IsBlankOrControl(c) && c != '@'; }

// "\xNN": a code point below U+0100 in a pattern.
std::string HexEscape(char32_t c) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  return std::string("\\x") + kDigits[(c >> 4) & 0xF] + kDigits[c & 0xF];
}

// A class of the characters `allowed` takes, written as the code points below U+00A0 it refuses:
// `allowed` must take every code point from U+00A0 on.
template <typename Predicate>
std::string NegatedClass(Predicate allowed) {
  std::string out = "[^";
  char32_t c = 0;
  while (c < kFirstOpenCodePoint) {
    if (allowed(c)) {
      ++c;
      continue;
    }
    char32_t last = c;
    while (last + 1 < kFirstOpenCodePoint && !allowed(last + 1)) ++last;
    out += HexEscape(c);
    if (last > c) out += "-" + HexEscape(last);
    c = last + 1;
  }
  return out + "]";
}

// Splits at every `separator` (empty parts kept).
std::vector<std::vector<char32_t>> Split(const std::vector<char32_t>& text, char32_t separator) {
  std::vector<std::vector<char32_t>> parts(1);
  for (char32_t c : text) {
    if (c == separator) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

bool IsDomainLabel(const std::vector<char32_t>& label) {
  if (label.empty() || !IsLabelCharacter(label.front()) || !IsLabelCharacter(label.back())) return false;
  for (char32_t c : label) {
    if (!IsLabelOrHyphen(c)) return false;
  }
  return true;
}

}  // namespace

bool IsValidEmail(std::string_view utf8) {
  auto text = CodePoints(utf8);
  if (!text || text->size() > kMaxEmailCharacters) return false;
  auto halves = Split(*text, '@');
  if (halves.size() != 2) return false;
  for (const auto& atom : Split(halves[0], '.')) {
    if (atom.empty()) return false;
    for (char32_t c : atom) {
      if (!IsLocalPartCharacter(c)) return false;
    }
  }
  auto labels = Split(halves[1], '.');
  if (labels.size() < 2) return false;
  for (const auto& label : labels) {
    if (!IsDomainLabel(label)) return false;
  }
  return true;
}

std::string EmailPattern() {
  const std::string atom = NegatedClass(IsLocalPartCharacter) + "+";
  const std::string edge = NegatedClass(IsLabelCharacter);
  const std::string label = edge + "(?:" + NegatedClass(IsLabelOrHyphen) + "*" + edge + ")?";
  return "^" + atom + "(?:\\." + atom + ")*@" + label + "(?:\\." + label + ")+$";
}

bool IsEmailLookupValue(std::string_view utf8) {
  auto text = CodePoints(utf8);
  if (!text || text->size() > kMaxEmailCharacters) return false;
  auto halves = Split(*text, '@');
  if (halves.size() != 2 || halves[0].empty()) return false;
  for (char32_t c : *text) {
    if (IsBlankOrControl(c)) return false;
  }
  const std::vector<char32_t>& domain = halves[1];
  for (size_t i = 0; i + 1 < domain.size(); ++i) {
    if (domain[i] == '.' && domain[i + 1] == '.') return false;
  }
  size_t last_dot = domain.size();
  for (size_t i = 0; i < domain.size(); ++i) {
    if (domain[i] == '.') last_dot = i;
  }
  return last_dot != domain.size() && last_dot != 0 && last_dot + 1 < domain.size();
}

std::string EmailLookupPattern() {
  const std::string any = NegatedClass(IsLookupCharacter);
  const std::string no_dot = NegatedClass([](char32_t c) { return IsLookupCharacter(c) && c != '.'; });
  return "^" + any + "+@(?!" + any + "*\\.\\.)" + any + "+\\." + no_dot + "+$";
}

bool IsValidPhone(std::string_view text) {
  int digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return false;
    } else if (kPhoneSeparators.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= kMinPhoneDigits && digits <= kMaxPhoneDigits;
}

std::string PhonePattern() {
  std::string separators = "[";
  for (char c : kPhoneSeparators) separators += HexEscape(static_cast<unsigned char>(c));
  separators += "]*";
  return "^\\+?" + separators + "(?:[0-9]" + separators + "){" + std::to_string(kMinPhoneDigits) + "," +
         std::to_string(kMaxPhoneDigits) + "}$";
}

std::string PhoneRuleText() {
  return std::to_string(kMinPhoneDigits) + " to " + std::to_string(kMaxPhoneDigits) +
         " digits; spaces, dashes, dots and brackets anywhere; an optional leading +";
}

}  // namespace lg::core
