#pragma once
// Keyed hash (HMAC-SHA-256) of token secrets. The store keeps only these hashes, so a copy of
// the store without the key file cannot be used to check guesses offline. Thread-safe.

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::auth {

class TokenHasher {
 public:
  // `key`: ServerKeys::hash_key.
  explicit TokenHasher(std::string key);
  ~TokenHasher();
  TokenHasher(const TokenHasher&) = delete;
  TokenHasher& operator=(const TokenHasher&) = delete;

  // 32 raw bytes.
  std::string Hash(std::string_view secret) const;
  // Constant-time comparison of two hashes.
  static bool Equal(std::string_view a, std::string_view b);

 private:
  struct MacFree {
    void operator()(EVP_MAC_CTX* ctx) const;
  };
  // Keyed once; Hash works on a per-thread copy (every request authenticates, and fetching the
  // algorithm and keying it each time cost more than the hash itself).
  const uint64_t id_;  // unique per hasher in this process, names the per-thread copies
  std::unique_ptr<EVP_MAC_CTX, MacFree> keyed_;
};

}  // namespace lg::auth
