#include "auth/token_format.h"

#include <stdexcept>

#include "auth/random_bytes.h"
#include "core/sha256.h"

namespace lg::auth {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::string Checksum(std::string_view body) {
  const std::string digest = core::Sha256({body});
  auto byte = [&](size_t i) { return uint32_t{static_cast<unsigned char>(digest[i])}; };
  uint32_t v = (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
  std::string out(kTokenChecksumLength, '0');
  for (size_t i = kTokenChecksumLength; i-- > 0;) {
    out[i] = kAlphabet[v % 62];
    v /= 62;
  }
  return out;
}

bool IsBase62(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

}  // namespace

std::string RandomBase62(size_t length) {
  std::string out;
  out.reserve(length);
  unsigned char buf[64];
  while (out.size() < length) {
    RandomBytes(buf, sizeof buf);
    for (unsigned char b : buf) {
      // Rejection sampling keeps every character equally likely (248 = 4 * 62).
      if (b < 248 && out.size() < length) out.push_back(kAlphabet[b % 62]);
    }
  }
  return out;
}

std::string GenerateToken() {
  std::string body = RandomBase62(kTokenBodyLength);
  return std::string(kTokenPrefix) + body + Checksum(body);
}

bool HasTokenShape(std::string_view token) {
  if (token.size() != kTokenLength || token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return false;
  for (char c : token.substr(kTokenPrefix.size())) {
    if (!IsBase62(c)) return false;
  }
  return true;
}

bool HasValidFormat(std::string_view token) {
  if (!HasTokenShape(token)) return false;
  std::string_view body = token.substr(kTokenPrefix.size(), kTokenBodyLength);
  return Checksum(body) == token.substr(kTokenPrefix.size() + kTokenBodyLength);
}

std::string MaskToken(std::string_view token) { return std::string(token.substr(0, kTokenPrefix.size() + 4)) + "…"; }

}  // namespace lg::auth
