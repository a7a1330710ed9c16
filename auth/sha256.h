#pragma once
// SHA-256 (OpenSSL): the one digest helper for token checksums and idempotency fingerprints.
// Thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>

namespace lg::auth {

// The 32-byte digest of `parts` concatenated (so a large body is hashed where it lies, not
// copied). Throws std::runtime_error only if OpenSSL itself fails.
std::string Sha256(std::initializer_list<std::string_view> parts);

}  // namespace lg::auth
