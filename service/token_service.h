#pragma once
// API token use cases (admin only): mint, list, show, change, reveal, rotate and revoke tokens,
// rotate their docs links, and create the first admin token of a fresh store. Secrets exist in
// plain form only in mint/reveal/rotate responses; the store keeps their keyed hash and, unless
// reveal is turned off, the secret sealed with AES-256-GCM under the server's key file.
// Also keeps each token's coarse "last used" time: at most one change per token per minute,
// held in memory and written by a background thread, never on a request's path.
// Thread-safe; methods block on store writes.

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "auth/principal.h"
#include "auth/secret_box.h"
#include "auth/token_hasher.h"
#include "core/status.h"
#include "core/token_record.h"
#include "service/audit_service.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "store/counter_repo.h"
#include "store/token_repo.h"

namespace lg::service {

struct IssuedToken {
  core::TokenRecord record;
  std::string secret;
};

struct TokenSettings {
  bool reveal_enabled = true;
  int64_t default_rate_per_second = 100;
  int64_t default_burst = 200;
};

class TokenService {
 public:
  static constexpr int64_t kLastUsedResolutionMs = 60000;

  TokenService(store::TokenRepo& tokens, store::CounterRepo& counters, const auth::TokenHasher& hasher,
               const auth::SecretBox& box, const CampaignService& campaigns, const FilterService& filters,
               AuditService& audit, TokenSettings settings);
  ~TokenService();  // stops the last-used writer and writes what it holds
  // Reads the stored last-used times; call once before use.
  core::Status Load();

  core::Result<IssuedToken> Create(const auth::Principal& principal, std::string_view body);
  core::Result<std::vector<core::TokenRecord>> List(const auth::Principal& principal) const;
  core::Result<core::TokenRecord> Get(const auth::Principal& principal, uint64_t token_id) const;
  // name, expires_at, rate_limit and can_delete_leads may change; scope and permission may not
  // (mint a new token). can_delete_leads: true only on campaign-scoped read_write tokens (422
  // `needs_read_write`, `not_campaign_scoped`), as on Create.
  core::Result<core::TokenRecord> Patch(const auth::Principal& principal, uint64_t token_id, std::string_view body);
  // Told of each token revoked, after it is (its webhook endpoints go with it).
  void SetOnRevoked(std::function<void(uint64_t token_id)> on_revoked) { on_revoked_ = std::move(on_revoked); }
  core::Result<core::TokenRecord> Revoke(const auth::Principal& principal, uint64_t token_id);
  // The secret again (the admin console's "Show"). 403 `reveal_disabled` when turned off.
  core::Result<IssuedToken> Reveal(const auth::Principal& principal, uint64_t token_id);
  // A new secret; the old one stops working at once. The docs link stays.
  core::Result<IssuedToken> Rotate(const auth::Principal& principal, uint64_t token_id);
  // A new docs link id; the old link stops working at once. The secret stays.
  core::Result<core::TokenRecord> RotateDocsLink(const auth::Principal& principal, uint64_t token_id);

  // The active (not revoked, not expired) token whose docs link id is `docs_id`. Public: the docs
  // link is the credential. Scans the token list (tokens number in the hundreds, not millions).
  std::optional<core::TokenRecord> FindByDocsId(std::string_view docs_id, int64_t now_millis) const;
  // The token, while it is active (not revoked, not expired): whom a webhook endpoint it owns
  // delivers for.
  std::optional<core::TokenRecord> FindActive(uint64_t token_id, int64_t now_millis) const;

  // Mints an admin token named `name` if the store holds no token at all; nullopt otherwise.
  core::Result<std::optional<IssuedToken>> CreateInitialAdmin(const std::string& name);
  // Mints an admin token named `name` whatever the store holds: after a new key file (serve
  // --new-key) no stored token authenticates, and the operator needs a way back in. Audited
  // with `reason`.
  core::Result<IssuedToken> CreateLocalAdmin(const std::string& name, const std::string& reason);

  // Notes that the token authenticated a request now. Cheap; called on every request.
  void RecordUse(uint64_t token_id, int64_t now_millis);
  std::optional<int64_t> LastUsed(uint64_t token_id) const;
  // Writes pending last-used times (the background writer calls this every few seconds).
  void FlushUsage();

  const TokenSettings& settings() const { return settings_; }

  // The JSON a client sees: never the hash; the secret only when `secret` is given.
  static std::string Encode(const core::TokenRecord& record, const std::string& base_url,
                            std::optional<int64_t> last_used, const TokenSettings& settings,
                            const std::string* secret = nullptr);

 private:
  core::Result<IssuedToken> Mint(core::TokenRecord record);
  core::Result<core::TokenRecord> Lookup(const auth::Principal& principal, uint64_t token_id) const;
  void Seal(core::TokenRecord& record, const std::string& secret) const;

  store::TokenRepo& tokens_;
  store::CounterRepo& counters_;
  const auth::TokenHasher& hasher_;
  const auth::SecretBox& box_;
  const CampaignService& campaigns_;
  const FilterService& filters_;
  AuditService& audit_;
  TokenSettings settings_;
  std::mutex write_mu_;  // record read-modify-writes
  std::function<void(uint64_t token_id)> on_revoked_;

  struct Usage {
    int64_t last_used = 0;
    bool dirty = false;
  };
  mutable std::mutex usage_mu_;
  std::map<uint64_t, Usage> usage_;
  std::condition_variable_any usage_cv_;
  std::jthread usage_writer_;
};

}  // namespace lg::service
