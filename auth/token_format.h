#pragma once
// The text form of API tokens: "lg_" + 40 base62 characters of CSPRNG output (238 bits) + a
// 6-character base62 checksum of those 40. The prefix makes leaked tokens recognisable to
// secret scanners; the checksum rejects typos before any store lookup.

#include <string>
#include <string_view>

namespace lg::auth {

inline constexpr std::string_view kTokenPrefix = "lg_";
inline constexpr size_t kTokenBodyLength = 40;
inline constexpr size_t kTokenChecksumLength = 6;
inline constexpr size_t kTokenLength = 3 + kTokenBodyLength + kTokenChecksumLength;

// A fresh token from OpenSSL's CSPRNG. Throws std::runtime_error if the CSPRNG fails.
std::string GenerateToken();

// True when `token` has the prefix, length and alphabet of a token.
bool HasTokenShape(std::string_view token);
// True when `token` also has a matching checksum.
bool HasValidFormat(std::string_view token);

// "lg_AbCd…": enough to recognise a token in a list, useless to an attacker.
std::string MaskToken(std::string_view token);

// `length` random base62 characters (CSPRNG), e.g. for public docs ids.
std::string RandomBase62(size_t length);

}  // namespace lg::auth
