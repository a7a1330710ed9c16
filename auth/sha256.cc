#include "auth/sha256.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace lg::auth {

std::string Sha256(std::initializer_list<std::string_view> parts) {
  // Fetched once: every request's token checksum is one digest, and a fetch costs more than it.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  bool ok = kSha256 && ctx && EVP_DigestInit_ex(ctx.get(), kSha256, nullptr) == 1;
  for (std::string_view part : parts) ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), digest, &size) == 1;
  if (!ok) throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<const char*>(digest), size);
}

}  // namespace lg::auth
