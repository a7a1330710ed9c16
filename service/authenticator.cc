#include "service/authenticator.h"

#include <algorithm>
#include <cctype>

#include "auth/token_format.h"

namespace lg::service {

auth::Principal PrincipalOf(const core::TokenRecord& record) {
  auth::Principal principal{record.id, record.name, record.permission, record.campaign_id, record.filter_id};
  principal.rate_per_second = record.rate_per_second;
  principal.rate_burst = record.rate_burst;
  principal.can_delete_leads = record.can_delete_leads;
  return principal;
}

core::Result<auth::Principal> Authenticator::Authenticate(std::string_view header, int64_t now_millis) const {
  constexpr std::string_view kScheme = "Bearer ";
  // The scheme name is case-insensitive (RFC 9110).
  bool bearer =
      header.size() > kScheme.size() && std::equal(kScheme.begin(), kScheme.end(), header.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
      });
  std::string_view secret = bearer ? header.substr(kScheme.size()) : std::string_view();
  while (!secret.empty() && secret.back() == ' ') secret.remove_suffix(1);
  // A malformed token still costs a hash and a lookup, so response time does not tell a typo
  // from an unknown or revoked token. The checksum is not verified here: it helps people and
  // secret scanners spot tokens, and a token with a wrong one matches no stored hash anyway.
  bool well_formed = auth::HasTokenShape(secret);
  std::string hash = hasher_.Hash(well_formed ? secret : std::string_view("lg_malformed"));
  auto record = tokens_.GetByHash(hash);
  if (!well_formed || !record || !auth::TokenHasher::Equal(record->secret_hash, hash) ||
      !record->IsActive(now_millis)) {
    return core::Status::Unauthenticated();
  }
  return PrincipalOf(*record);
}

core::Result<auth::Principal> Authenticator::PrincipalFor(uint64_t token_id, int64_t now_millis) const {
  auto record = tokens_.GetById(token_id);
  if (!record || !record->IsActive(now_millis)) return core::Status::Unauthenticated();
  return PrincipalOf(*record);
}

}  // namespace lg::service
