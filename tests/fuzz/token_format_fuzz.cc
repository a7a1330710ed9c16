// Bearer token text (auth/token_format.h): HasTokenShape, HasValidFormat and MaskToken on any
// input, as the authenticator and the token listing see it. A valid token has the token shape;
// a mask shows at most the prefix and 4 characters. GenerateToken's tokens are valid, and
// changing one character of one (chosen by the input) breaks its shape or its checksum.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/token_format.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace auth = lg::auth;

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // "…"

void CheckMask(std::string_view token) {
  const std::string mask = auth::MaskToken(token);
  const size_t shown = std::min(token.size(), auth::kTokenPrefix.size() + 4);
  LG_FUZZ_CHECK_EQ(mask, std::string(token.substr(0, shown)) + std::string(kEllipsis));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = lg::fuzz::Text(data, size);
  const bool shape = auth::HasTokenShape(text);
  const bool valid = auth::HasValidFormat(text);
  LG_FUZZ_CHECK(!valid || shape);
  if (shape) {
    LG_FUZZ_CHECK_EQ(text.size(), auth::kTokenLength);
    LG_FUZZ_CHECK(text.starts_with(auth::kTokenPrefix));
  }
  CheckMask(text);

  const std::string token = auth::GenerateToken();
  LG_FUZZ_CHECK(auth::HasValidFormat(token));
  LG_FUZZ_CHECK(auth::HasTokenShape(token));
  CheckMask(token);
  if (size >= 2) {
    // One character changed: outside the base62 alphabet, or to another base62 character.
    const size_t pos = data[0] % auth::kTokenLength;
    std::string changed = token;
    const char c = (data[1] & 0x80) ? static_cast<char>(data[1] & 0x7f) : kAlphabet[data[1] % kAlphabet.size()];
    if (c != token[pos]) {
      changed[pos] = c;
      const bool base62 = kAlphabet.find(c) != std::string_view::npos;
      if (pos < auth::kTokenPrefix.size() || !base62) {
        LG_FUZZ_CHECK(!auth::HasTokenShape(changed) && !auth::HasValidFormat(changed));
      } else {
        LG_FUZZ_CHECK(auth::HasTokenShape(changed));
        // A changed checksum never matches; a changed body keeps matching (the checksum holds
        // 32 bits of a hash) by chance once in ~4e9 tries, so only the checksum is checked.
        if (pos >= auth::kTokenPrefix.size() + auth::kTokenBodyLength) LG_FUZZ_CHECK(!auth::HasValidFormat(changed));
      }
    }
  }
  return 0;
}
