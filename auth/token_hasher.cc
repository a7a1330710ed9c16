#include "auth/token_hasher.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <atomic>
#include <stdexcept>

namespace lg::auth {

void TokenHasher::MacFree::operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }

namespace {
std::atomic<uint64_t> next_hasher_id{1};
}  // namespace

TokenHasher::TokenHasher(std::string key) : id_(next_hasher_id.fetch_add(1)) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
  keyed_.reset(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (!keyed_ ||
      EVP_MAC_init(keyed_.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
    throw std::runtime_error("cannot key HMAC-SHA-256");
  }
  OPENSSL_cleanse(key.data(), key.size());
}

TokenHasher::~TokenHasher() = default;

std::string TokenHasher::Hash(std::string_view secret) const {
  // Each thread keeps its own copy of the keyed context and resets it for every hash (EVP_MAC_init
  // without a key keeps the key): copying the context per hash cost more than the hash itself.
  // The id, not the address, tells whose copy it is: a later hasher may reuse the address.
  thread_local struct {
    uint64_t owner = 0;
    std::unique_ptr<EVP_MAC_CTX, MacFree> ctx;
  } local;
  bool ready;
  if (local.owner == id_) {
    ready = EVP_MAC_init(local.ctx.get(), nullptr, 0, nullptr) == 1;
  } else {
    local.ctx.reset(EVP_MAC_CTX_dup(keyed_.get()));
    local.owner = local.ctx ? id_ : 0;
    ready = local.ctx != nullptr;
  }
  EVP_MAC_CTX* ctx = local.ctx.get();
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (!ready || EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(secret.data()), secret.size()) != 1 ||
      EVP_MAC_final(ctx, out, &len, sizeof out) != 1) {
    local.owner = 0;  // start from a fresh copy next time
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

bool TokenHasher::Equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lg::auth
