#pragma once
// The server's secret keys, kept in one key file apart from the store: a key for the keyed hash
// that token lookups use, and a key that encrypts token secrets at rest. A copy of the store
// without this file can neither authenticate anyone nor reveal a token.

#include <string>

#include "core/status.h"

namespace lg::app {

struct ServerKeys {
  static constexpr size_t kKeyBytes = 32;
  std::string hash_key;        // HMAC-SHA-256 key for token lookup hashes
  std::string encryption_key;  // AES-256-GCM key for stored token secrets

  // Reads the key file at `path` (64 bytes), or creates it from the CSPRNG with mode 0600 when
  // absent. A file of another size is an error, never silently replaced.
  static core::Result<ServerKeys> LoadOrCreate(const std::string& path);
};

}  // namespace lg::app
