#pragma once
// Campaign schema use cases: create and change campaigns (admin only), and read the schema a
// token may see. Keeps every schema in memory (schemas are small and read on every lead
// request); writes go to the store first, then replace the cached copy. Thread-safe; writes
// block on a synced store write.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/campaign.h"
#include "core/status.h"
#include "service/audit_service.h"
#include "store/campaign_repo.h"
#include "store/counter_repo.h"

namespace lg::service {

using CampaignPtr = std::shared_ptr<const core::Campaign>;

class CampaignService {
 public:
  // `json_max_depth` (limits.json_max_depth) is set on every campaign served (core::Campaign).
  CampaignService(store::CampaignRepo& campaigns, store::CounterRepo& counters, AuditService& audit,
                  int json_max_depth = core::kDefaultJsonMaxDepth)
      : repo_(campaigns), counters_(counters), audit_(audit), json_max_depth_(json_max_depth) {}
  // Reads every schema into memory; call once before use.
  core::Status Load();

  // 404 when the campaign does not exist or is outside the token's scope (audited as
  // `out_of_scope` when it exists).
  core::Result<CampaignPtr> Get(const auth::Principal& principal, uint64_t campaign_id) const;
  std::vector<CampaignPtr> List(const auth::Principal& principal) const;
  // Called (under the write lock) after a change of a campaign's duplicate rules that changes
  // what they compare (core::DuplicateSignatures), so the duplicate index can be brought in line.
  // Set once at wiring.
  using RulesChangedHook = std::function<core::Status(const core::Campaign&)>;
  void OnDuplicateRulesChanged(RulesChangedHook hook) { rules_changed_ = std::move(hook); }

  // Every campaign, by id, whoever asks (the account documentation).
  std::vector<CampaignPtr> All() const;
  // Unscoped lookup for other services; nullptr when absent.
  CampaignPtr Find(uint64_t campaign_id) const;

  core::Result<CampaignPtr> Create(const auth::Principal& principal, std::string_view body);
  core::Result<CampaignPtr> Patch(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);
  core::Result<CampaignPtr> AddField(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);
  core::Result<CampaignPtr> PatchField(const auth::Principal& principal, uint64_t campaign_id,
                                       std::string_view field_slug, std::string_view body);
  core::Result<CampaignPtr> AddSelect(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);
  core::Result<CampaignPtr> AddOption(const auth::Principal& principal, uint64_t campaign_id,
                                      std::string_view select_slug, std::string_view body);
  core::Result<CampaignPtr> AddStatus(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);
  core::Result<CampaignPtr> PatchSelect(const auth::Principal& principal, uint64_t campaign_id,
                                        std::string_view select_slug, std::string_view body);
  core::Result<CampaignPtr> PatchOption(const auth::Principal& principal, uint64_t campaign_id,
                                        std::string_view select_slug, std::string_view option_slug,
                                        std::string_view body);
  // A status made the default takes over from the old one.
  core::Result<CampaignPtr> PatchStatus(const auth::Principal& principal, uint64_t campaign_id,
                                        std::string_view status_slug, std::string_view body);

 private:
  // Copies the campaign, applies `change`, validates, stores and publishes the result.
  core::Result<CampaignPtr> Mutate(const auth::Principal& principal, uint64_t campaign_id,
                                   const std::function<core::Status(core::Campaign&)>& change);
  core::Result<CampaignPtr> Store(core::Campaign campaign);

  store::CampaignRepo& repo_;
  store::CounterRepo& counters_;
  AuditService& audit_;
  const int json_max_depth_;
  std::mutex write_mu_;  // schema changes are read-modify-write
  mutable std::shared_mutex cache_mu_;
  std::map<uint64_t, CampaignPtr> cache_;
  RulesChangedHook rules_changed_;
};

}  // namespace lg::service
