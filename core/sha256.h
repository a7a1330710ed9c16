#pragma once
// SHA-256 (OpenSSL): the one digest helper, for token checksums, idempotency fingerprints and the
// duplicate-rule index; its HMAC for what a cluster derives from its shared key. Pure computation; thread-safe (a
// Sha256Stream is used by one thread).

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace lg::core {

// The 32-byte digest of `parts` concatenated (so a large body is hashed where it lies, not
// copied). Throws std::runtime_error only if OpenSSL itself fails.
std::string Sha256(std::initializer_list<std::string_view> parts);

// HMAC-SHA-256 of `parts` concatenated under `key` (32 bytes).
std::string HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts);

// A digest fed piece by piece, for input that arrives in parts (a streamed request body): the
// same bytes give the same digest as Sha256 over them at once. Digest() may be taken at any point
// (the digest of everything so far) and feeding may go on after it.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(Sha256Stream&&) noexcept;
  Sha256Stream& operator=(Sha256Stream&&) noexcept;

  void Update(std::string_view bytes);
  // The 32-byte digest of what was fed so far.
  std::string Digest() const;

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace lg::core
