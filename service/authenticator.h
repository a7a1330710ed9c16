#pragma once
// Turns an Authorization header into a Principal: format and checksum check (no lookup for a
// typo), keyed hash, one point lookup, constant-time comparison, revocation and expiry. Every
// failure is the same 401 so callers cannot tell why. Blocking (one store read).

#include <string_view>

#include "auth/principal.h"
#include "auth/token_hasher.h"
#include "core/status.h"
#include "store/token_repo.h"

namespace lg::service {

class Authenticator {
 public:
  Authenticator(const store::TokenRepo& tokens, const auth::TokenHasher& hasher) : tokens_(tokens), hasher_(hasher) {}

  core::Result<auth::Principal> Authenticate(std::string_view authorization_header, int64_t now_millis) const;

 private:
  const store::TokenRepo& tokens_;
  const auth::TokenHasher& hasher_;
};

}  // namespace lg::service
