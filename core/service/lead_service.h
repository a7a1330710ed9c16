#pragma once
// Lead use cases: create, get, list and PATCH leads within what the calling token may see.
//  - Scope: a campaign-scoped token sees one campaign; a token with a saved filter sees only
//    leads matching it. Anything outside answers 404, exactly as if it did not exist.
//  - Writes: validated against the schema; a filtered token's pinned select/status values are
//    stamped onto new leads that omit them, and a lead must match the token's filter after every
//    write by that token (else 422 `outside_token_scope`, nothing stored).
//  - Reads: lists are planned (core/query_plan.h) onto an index range, with the token's filter
//    and the query checked inline on each candidate.
// Each write commits the record with its index diff in one synced batch. Thread-safe; blocking.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/lead.h"
#include "core/lead_id_generator.h"
#include "core/list_query.h"
#include "core/service/campaign_service.h"
#include "core/service/filter_service.h"
#include "core/service/update_sequencer.h"
#include "core/status.h"
#include "store/lead_repo.h"

namespace lg::service {

struct CreatedLead {
  uint64_t campaign_id = 0;
  uint64_t lead_id = 0;
  std::string json;
};

struct LeadPage {
  std::vector<std::string> leads_json;
  std::optional<std::string> next_cursor;  // cursor paging
  std::optional<size_t> next_page;         // page-number paging
  size_t limit = 0;
  std::optional<size_t> page;
};

class LeadService {
 public:
  LeadService(CampaignService& campaigns, FilterService& filters, store::LeadRepo& leads, core::LeadIdGenerator& ids,
              AuditService& audit)
      : campaigns_(campaigns), filters_(filters), leads_(leads), ids_(ids), audit_(audit) {}

  // `path_campaign_id` comes from /v2/campaigns/{id}/leads; without it the body's campaign_id
  // is used, or the token's campaign.
  core::Result<CreatedLead> Create(const auth::Principal& principal, std::optional<uint64_t> path_campaign_id,
                                   std::string_view body);
  core::Result<std::string> Get(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const;
  core::Result<std::string> Patch(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id,
                                  std::string_view body);
  // `params`: the list query string (see core/list_query.h).
  core::Result<LeadPage> List(const auth::Principal& principal, uint64_t campaign_id,
                              const std::multimap<std::string, std::string>& params);

  // The token's compiled filter; nullptr for a token without one (also cuts schemas down for it).
  CompiledFilterPtr ScopeFilter(const auth::Principal& principal) const;

 private:
  core::Status CheckInScope(const core::CompiledFilter* scope, const core::Lead& lead) const;
  // The 404 for a lead that exists but lies outside the token's filter, audited.
  core::Status OutOfScope(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const;

  // PATCH is read-modify-write of a record and its index entries: one writer per lead at a time.
  std::mutex& LockFor(uint64_t lead_id) { return patch_locks_[lead_id % patch_locks_.size()]; }

  CampaignService& campaigns_;
  FilterService& filters_;
  store::LeadRepo& leads_;
  core::LeadIdGenerator& ids_;
  AuditService& audit_;
  UpdateSequencer sequencer_;
  std::array<std::mutex, 64> patch_locks_;
};

}  // namespace lg::service
