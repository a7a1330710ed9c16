#pragma once
// API token use cases: mint, list, show and revoke tokens (admin only), and create the first
// admin token of a fresh store. Secrets exist in plain form only in the mint response; the store
// keeps their keyed hash. Thread-safe; blocking.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "auth/token_hasher.h"
#include "core/service/campaign_service.h"
#include "core/service/filter_service.h"
#include "core/status.h"
#include "core/token_record.h"
#include "store/counter_repo.h"
#include "store/token_repo.h"

namespace lg::service {

struct IssuedToken {
  core::TokenRecord record;
  std::string secret;
};

class TokenService {
 public:
  TokenService(store::TokenRepo& tokens, store::CounterRepo& counters, const auth::TokenHasher& hasher,
               const CampaignService& campaigns, const FilterService& filters)
      : tokens_(tokens), counters_(counters), hasher_(hasher), campaigns_(campaigns), filters_(filters) {}

  core::Result<IssuedToken> Create(const auth::Principal& principal, std::string_view body);
  core::Result<std::vector<core::TokenRecord>> List(const auth::Principal& principal) const;
  core::Result<core::TokenRecord> Get(const auth::Principal& principal, uint64_t token_id) const;
  core::Result<core::TokenRecord> Revoke(const auth::Principal& principal, uint64_t token_id);

  // Mints an admin token named `name` if the store holds no token at all; nullopt otherwise.
  core::Result<std::optional<IssuedToken>> CreateInitialAdmin(const std::string& name);

  // The JSON a client sees: never the hash; the secret only when `secret` is given.
  static std::string Encode(const core::TokenRecord& record, const std::string& base_url,
                            const std::string* secret = nullptr);

 private:
  core::Result<IssuedToken> Mint(core::TokenRecord record);

  store::TokenRepo& tokens_;
  store::CounterRepo& counters_;
  const auth::TokenHasher& hasher_;
  const CampaignService& campaigns_;
  const FilterService& filters_;
};

}  // namespace lg::service
