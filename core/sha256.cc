#include "core/sha256.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace lg::core {
namespace {

// Fetched once: every request's token checksum is one digest, and a fetch costs more than it.
const EVP_MD* Algorithm() {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return kSha256;
}

using CtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

CtxPtr NewCtx() {
  CtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!Algorithm() || !ctx || EVP_DigestInit_ex(ctx.get(), Algorithm(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return ctx;
}

std::string Final(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &size) != 1) throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<const char*>(digest), size);
}

}  // namespace

std::string Sha256(std::initializer_list<std::string_view> parts) {
  CtxPtr ctx = NewCtx();
  for (std::string_view part : parts) {
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) throw std::runtime_error("SHA-256 failed");
  }
  return Final(ctx.get());
}

std::string HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  std::string message;
  for (std::string_view part : parts) message.append(part);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size)) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), size);
}

struct Sha256Stream::Ctx {
  CtxPtr ctx = NewCtx();
};

Sha256Stream::Sha256Stream() : ctx_(std::make_unique<Ctx>()) {}
Sha256Stream::~Sha256Stream() = default;
Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;

void Sha256Stream::Update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_->ctx.get(), bytes.data(), bytes.size()) != 1) throw std::runtime_error("SHA-256 failed");
}

std::string Sha256Stream::Digest() const {
  // Finalizing consumes a context, so a copy is finalized and the stream can go on.
  CtxPtr copy(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!copy || EVP_MD_CTX_copy_ex(copy.get(), ctx_->ctx.get()) != 1) throw std::runtime_error("SHA-256 failed");
  return Final(copy.get());
}

}  // namespace lg::core
