#include "auth/authenticator.h"

#include "auth/token_format.h"

namespace lg::auth {

core::Result<Principal> Authenticator::Authenticate(std::string_view header, int64_t now_millis) const {
  constexpr std::string_view kScheme = "Bearer ";
  // The scheme name is case-insensitive (RFC 9110); accept "bearer " too.
  if (header.size() <= kScheme.size() ||
      !(header.substr(0, kScheme.size()) == kScheme || header.substr(0, kScheme.size()) == "bearer ")) {
    return core::Status::Unauthorized();
  }
  std::string_view secret = header.substr(kScheme.size());
  while (!secret.empty() && secret.back() == ' ') secret.remove_suffix(1);
  if (!HasValidFormat(secret)) return core::Status::Unauthorized();

  std::string hash = hasher_.Hash(secret);
  auto record = tokens_.GetByHash(hash);
  if (!record || !TokenHasher::Equal(record->secret_hash, hash) || !record->IsActive(now_millis)) {
    return core::Status::Unauthorized();
  }
  return Principal{record->id, record->name, record->permission, record->campaign_id, record->filter_id};
}

}  // namespace lg::auth
