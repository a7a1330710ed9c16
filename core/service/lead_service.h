#pragma once
// Lead use cases: create, get, list and PATCH leads within what the calling token may see.
// Validates every write against the campaign schema, stamps server-owned attributes, and
// commits the record with its index diff in one synced batch. Thread-safe; blocking.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/lead_id_generator.h"
#include "core/list_query.h"
#include "core/service/campaign_service.h"
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
  std::optional<std::string> next_cursor;
  size_t limit = 0;
};

class LeadService {
 public:
  LeadService(CampaignService& campaigns, store::LeadRepo& leads, core::LeadIdGenerator& ids)
      : campaigns_(campaigns), leads_(leads), ids_(ids) {}

  // `path_campaign_id` comes from /v2/campaigns/{id}/leads; without it the body's campaign_id
  // is used, or the token's campaign.
  core::Result<CreatedLead> Create(const auth::Principal& principal, std::optional<uint64_t> path_campaign_id,
                                   std::string_view body);
  core::Result<std::string> Get(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const;
  core::Result<std::string> Patch(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id,
                                  std::string_view body);
  core::Result<LeadPage> List(const auth::Principal& principal, uint64_t campaign_id,
                              const core::ListQuery& query) const;

 private:
  // PATCH is read-modify-write of a record and its index entries: one writer per lead at a time.
  std::mutex& LockFor(uint64_t lead_id) { return patch_locks_[lead_id % patch_locks_.size()]; }

  CampaignService& campaigns_;
  store::LeadRepo& leads_;
  core::LeadIdGenerator& ids_;
  std::array<std::mutex, 64> patch_locks_;
};

}  // namespace lg::service
