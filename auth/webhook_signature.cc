#include "auth/webhook_signature.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include "auth/random_bytes.h"

namespace lg::auth {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr size_t kNewKeyBytes = 32;
constexpr size_t kMinKeyBytes = 24;
constexpr size_t kMaxKeyBytes = 64;
// Longest base64 text of a key of kMaxKeyBytes: longer text is refused before decoding.
constexpr size_t kMaxKeyText = (kMaxKeyBytes + 2) / 3 * 4;

using MacCtx = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Standard base64 with padding.
std::string EncodeBase64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(bytes), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(len));
  return out;
}

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Strict standard base64: a non-empty multiple of 4 characters, '=' only as the last one or two.
// EVP_DecodeBlock alone would skip surrounding whitespace and count padding as zero bytes.
std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  for (size_t i = 0; i < text.size() - padding; ++i) {
    if (!IsBase64Char(text[i])) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(text), static_cast<int>(text.size()));
  if (len != static_cast<int>(out.size())) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  out.resize(out.size() - padding);
  return out;
}

core::Status InvalidSecret(std::string detail) {
  return {core::ErrorKind::kInvalid, "invalid_secret", std::move(detail)};
}

}  // namespace

std::string NewWebhookSecret() {
  unsigned char key[kNewKeyBytes];
  RandomBytes(key, sizeof key);
  std::string secret(kSecretPrefix);
  secret += EncodeBase64(std::string_view(reinterpret_cast<const char*>(key), sizeof key));
  OPENSSL_cleanse(key, sizeof key);
  return secret;
}

core::Result<std::string> WebhookSecretKey(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix)) return InvalidSecret("A webhook secret starts with \"whsec_\".");
  std::string_view text = secret.substr(kSecretPrefix.size());
  if (text.size() > kMaxKeyText) return InvalidSecret("A webhook secret's key must be 24 to 64 bytes long.");
  std::optional<std::string> key = DecodeBase64(text);
  if (!key) return InvalidSecret("A webhook secret must be \"whsec_\" followed by standard base64.");
  if (key->size() < kMinKeyBytes || key->size() > kMaxKeyBytes) {
    OPENSSL_cleanse(key->data(), key->size());
    return InvalidSecret("A webhook secret's key must be 24 to 64 bytes long.");
  }
  return std::move(*key);
}

std::string SignWebhook(std::string_view key, std::string_view msg_id, int64_t timestamp_seconds,
                        std::string_view body) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
  MacCtx ctx(EVP_MAC_CTX_new(mac), EVP_MAC_CTX_free);
  EVP_MAC_free(mac);  // the context holds its own reference
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  // Signed content "{msg_id}.{timestamp}.{body}", fed in pieces so the body is not copied.
  std::string timestamp = std::to_string(timestamp_seconds);
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  bool ok = ctx && EVP_MAC_init(ctx.get(), Bytes(key), key.size(), params) == 1 &&
            EVP_MAC_update(ctx.get(), Bytes(msg_id), msg_id.size()) == 1 &&
            EVP_MAC_update(ctx.get(), Bytes("."), 1) == 1 &&
            EVP_MAC_update(ctx.get(), Bytes(timestamp), timestamp.size()) == 1 &&
            EVP_MAC_update(ctx.get(), Bytes("."), 1) == 1 && EVP_MAC_update(ctx.get(), Bytes(body), body.size()) == 1 &&
            EVP_MAC_final(ctx.get(), out, &len, sizeof out) == 1;
  if (!ok) throw std::runtime_error("HMAC-SHA-256 failed");
  return "v1," + EncodeBase64(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string WebhookSignatureHeader(const std::vector<std::string>& keys, std::string_view msg_id,
                                   int64_t timestamp_seconds, std::string_view body) {
  std::string header;
  for (const std::string& key : keys) {
    if (!header.empty()) header += ' ';
    header += SignWebhook(key, msg_id, timestamp_seconds, body);
  }
  return header;
}

}  // namespace lg::auth
