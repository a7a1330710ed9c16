#pragma once
// Keyed hash (HMAC-SHA-256) of token secrets. The store keeps only these hashes, so a copy of
// the store without the key file cannot be used to check guesses offline. Thread-safe.

#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::auth {

class TokenHasher {
 public:
  // `key`: ServerKeys::hash_key.
  explicit TokenHasher(std::string key) : key_(std::move(key)) {}

  // 32 raw bytes.
  std::string Hash(std::string_view secret) const;
  // Constant-time comparison of two hashes.
  static bool Equal(std::string_view a, std::string_view b);

 private:
  std::string key_;
};

}  // namespace lg::auth
