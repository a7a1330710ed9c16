#pragma once
// Turns an Authorization header into a Principal: keyed hash of the bearer token, one lookup in
// the token repo's in-memory index, constant-time comparison, revocation and expiry. A
// malformed token costs the same hash and lookup, and every failure is the same 401, so neither
// the answer nor its timing tells a typo from an unknown, revoked or expired token. Never
// touches the disk; thread-safe.

#include <string_view>

#include "auth/principal.h"
#include "auth/token_hasher.h"
#include "core/status.h"
#include "store/token_repo.h"

namespace lg::service {

// Who a token's requests act as.
auth::Principal PrincipalOf(const core::TokenRecord& record);

class Authenticator {
 public:
  Authenticator(const store::TokenRepo& tokens, const auth::TokenHasher& hasher) : tokens_(tokens), hasher_(hasher) {}

  core::Result<auth::Principal> Authenticate(std::string_view authorization_header, int64_t now_millis) const;
  // The principal of token `token_id` if it is active at `now_millis`, else 401: a replicated
  // command is authorized again where it is applied, by the token's id (its secret never travels).
  core::Result<auth::Principal> PrincipalFor(uint64_t token_id, int64_t now_millis) const;

 private:
  const store::TokenRepo& tokens_;
  const auth::TokenHasher& hasher_;
};

}  // namespace lg::service
