#pragma once
// Authenticated encryption of small secrets (AES-256-GCM, OpenSSL). A sealed value is
// nonce (12 bytes) | ciphertext | tag (16 bytes); `context` (e.g. the token id) is bound to it
// as associated data, so a sealed secret moved to another record fails to open. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace lg::auth {

class SecretBox {
 public:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}

  // Throws std::runtime_error only if OpenSSL itself fails.
  std::string Seal(std::string_view plaintext, std::string_view context) const;
  // nullopt when the value was tampered with, sealed under another key or another context.
  std::optional<std::string> Open(std::string_view sealed, std::string_view context) const;

 private:
  std::string key_;
};

}  // namespace lg::auth
