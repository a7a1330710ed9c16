#include "core/utf8.h"

#include <simdjson.h>

namespace lg::core {
namespace {

// What a well-formed sequence starting with a given byte holds after it (Unicode Table 3-7): how
// many continuation bytes, and the range of the first one, which rules out overlong forms,
// surrogates and code points above U+10FFFF; later ones are 80..BF. None: the byte starts nothing.
struct Sequence {
  size_t continuations = 0;
  unsigned char low = 0x80, high = 0xBF;
};

Sequence SequenceAfter(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {1, 0x80, 0xBF};
  if (lead == 0xE0) return {2, 0xA0, 0xBF};
  if (lead == 0xED) return {2, 0x80, 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {2, 0x80, 0xBF};
  if (lead == 0xF0) return {3, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {3, 0x80, 0xBF};
  if (lead == 0xF4) return {3, 0x80, 0x8F};
  return {};
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      out.push_back(text[i++]);
      continue;
    }
    const Sequence sequence = SequenceAfter(lead);
    size_t length = 1;  // of the well-formed prefix starting at `lead`: the maximal subpart
    for (unsigned char low = sequence.low, high = sequence.high;
         length <= sequence.continuations && i + length < text.size(); low = 0x80, high = 0xBF) {
      const auto next = static_cast<unsigned char>(text[i + length]);
      if (next < low || next > high) break;
      ++length;
    }
    if (sequence.continuations > 0 && length == sequence.continuations + 1) {
      out.append(text.substr(i, length));
    } else {
      out.append(kReplacementCharacter);
    }
    i += length;
  }
  return out;
}

}  // namespace lg::core
