#pragma once
// Signing side of Standard Webhooks (https://www.standardwebhooks.com), symmetric scheme v1.
// A delivery carries the headers webhook-id (the message id), webhook-timestamp (Unix seconds)
// and webhook-signature: one or more space-separated "v1,<base64 HMAC-SHA-256>" entries, one per
// key in use (old and new while a secret is rotated), each over "{msg_id}.{timestamp}.{body}".
// A secret's text form is "whsec_" + standard base64 (padded) of a 24 to 64 byte key.
// Secrets and keys are never written to logs or put into error messages. Thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::auth {

// A fresh secret of 32 random bytes (auth/random_bytes.h), in its "whsec_…" form. Throws
// std::runtime_error only if the CSPRNG fails.
std::string NewWebhookSecret();

// The raw key bytes of a "whsec_…" secret. Unprocessable `invalid_secret` when the prefix is
// missing, the rest is not padded standard base64, or the key is not 24 to 64 bytes long; the
// error does not contain the secret.
core::Result<std::string> WebhookSecretKey(std::string_view secret);

// "v1," + base64 of HMAC-SHA-256(key, "{msg_id}.{timestamp_seconds}.{body}"). `key`: raw bytes,
// as WebhookSecretKey returns them. Throws std::runtime_error only if OpenSSL fails.
std::string SignWebhook(std::string_view key, std::string_view msg_id, int64_t timestamp_seconds,
                        std::string_view body);

// The webhook-signature header's value: SignWebhook under each of `keys`, in their order,
// separated by single spaces ("" for no keys).
std::string WebhookSignatureHeader(const std::vector<std::string>& keys, std::string_view msg_id,
                                   int64_t timestamp_seconds, std::string_view body);

}  // namespace lg::auth
