#pragma once
// Saved filter use cases (admin only), and the compiled scope of a token's filter for the lead
// service (service/token_scope.h: the filter compiled, and the schema as its tokens see it). All
// filters are kept in memory; a compiled scope is cached until its filter or its campaign's
// schema changes, so an edit takes effect on the very next request. Thread-safe; writes block on
// a synced store write.

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/filter.h"
#include "core/filter_rules.h"
#include "core/ids.h"
#include "core/status.h"
#include "service/campaign_service.h"
#include "service/token_scope.h"
#include "store/counter_repo.h"
#include "store/filter_repo.h"
#include "store/token_repo.h"

namespace lg::service {

using FilterPtr = std::shared_ptr<const core::Filter>;

class FilterService {
 public:
  FilterService(store::FilterRepo& filters, store::CounterRepo& counters, const store::TokenRepo& tokens,
                const CampaignService& campaigns, AuditService& audit)
      : repo_(filters), counters_(counters), tokens_(tokens), campaigns_(campaigns), audit_(audit) {}
  // Reads every filter into memory; call once before use.
  core::Status Load();

  core::Result<FilterPtr> Create(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);
  core::Result<std::vector<FilterPtr>> List(const auth::Principal& principal, uint64_t campaign_id) const;
  core::Result<FilterPtr> Get(const auth::Principal& principal, core::CampaignId campaign_id,
                              core::FilterId filter_id) const;
  core::Result<FilterPtr> Patch(const auth::Principal& principal, core::CampaignId campaign_id,
                                core::FilterId filter_id, std::string_view body);
  // 409 `filter_in_use` while a token that is not revoked uses the filter.
  core::Status Delete(const auth::Principal& principal, core::CampaignId campaign_id, core::FilterId filter_id);

  // Unscoped lookup for other services; nullptr when absent.
  FilterPtr Find(uint64_t filter_id) const;
  // The filter compiled against its campaign's current schema, with that schema as the filter's
  // tokens see it; nullptr when the filter no longer exists.
  TokenScopePtr Scope(uint64_t filter_id) const;
  // Scope's filter alone.
  CompiledFilterPtr Compiled(uint64_t filter_id) const;
  // The ids of the campaign's saved filters that `lead` matches now, ascending (a deleted
  // lead's tombstone keeps them: the tokens that saw the lead are the ones told of its deletion).
  std::vector<uint64_t> Matching(uint64_t campaign_id, const core::Lead& lead) const;

 private:
  core::Result<FilterPtr> Lookup(const auth::Principal& principal, core::CampaignId campaign_id,
                                 core::FilterId filter_id) const;
  core::Result<FilterPtr> Store(core::Filter filter);

  struct CacheEntry {
    int64_t filter_version = 0;
    TokenScopePtr scope;  // its campaign: the schema version it was compiled against
  };

  store::FilterRepo& repo_;
  store::CounterRepo& counters_;
  const store::TokenRepo& tokens_;
  const CampaignService& campaigns_;
  AuditService& audit_;
  std::mutex write_mu_;
  mutable std::shared_mutex mu_;
  std::map<uint64_t, FilterPtr> filters_;
  mutable std::map<uint64_t, CacheEntry> compiled_;
};

}  // namespace lg::service
