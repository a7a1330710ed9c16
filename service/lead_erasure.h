#pragma once
// Deleting leads: one by id (DELETE /v2/campaigns/{id}/leads/{lead_id}) and every lead of a
// person (POST /v2/leads/erase, found by e-mail or phone through the person index, never a
// scan).
//  - Scope first: a lead outside the token's campaign or filter answers 404 as if absent (and
//    an erasure never counts or lists it); then permission (auth::RequireLeadDelete: 403).
//  - A deletion removes the record, every index entry, duplicate-rule entry and person entry,
//    and every Idempotency-Key record whose answer holds the lead, in one synced batch, and
//    leaves a tombstone that the sync feed (`sort=updated_at`) shows at the deletion time
//    (store/lead_repo.h), naming the saved filters that held the lead (core/tombstone.h). Once committed, the deleted
//    lead is handed to `on_deleted` (the server purges its bytes from the disk: store/disk_purge.h).
//  - Audited without the erased values: who, which lead or how many, which campaign.
//  - /metrics: leadgate_erasure_leads_total by reason (request, person, retention).
// Thread-safe; blocks on store reads and synced writes.

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/ids.h"
#include "core/status.h"
#include "service/audit_service.h"
#include "service/campaign_service.h"
#include "service/campaign_writers.h"
#include "service/filter_service.h"
#include "service/lead_events.h"
#include "service/lead_visibility.h"
#include "service/update_sequencer.h"
#include "store/idempotency_repo.h"
#include "store/lead_repo.h"

namespace lg::service {

struct ErasedLead {
  uint64_t campaign_id = 0;
  uint64_t lead_id = 0;
};

struct ErasureResult {
  bool dry_run = false;
  std::vector<ErasedLead> leads;  // matched (dry run) or deleted, by campaign then id
};

class LeadErasure {
 public:
  // `lock_for(lead_id)`: the per-lead mutex every read-modify-write of a lead holds.
  using LockFor = std::function<std::mutex&(uint64_t lead_id)>;
  using OnDeleted = std::function<void(const core::Campaign& campaign, const core::Lead& lead)>;
  LeadErasure(CampaignService& campaigns, const FilterService& filters, const LeadVisibility& visibility,
              store::LeadRepo& leads, store::IdempotencyRepo& idempotency, const LeadEvents& events,
              UpdateSequencer& sequencer, CampaignWriters& writers, AuditService& audit, LockFor lock_for)
      : campaigns_(campaigns),
        filters_(filters),
        visibility_(visibility),
        leads_(leads),
        idempotency_(idempotency),
        events_(events),
        sequencer_(sequencer),
        writers_(writers),
        audit_(audit),
        lock_for_(std::move(lock_for)) {}

  void SetOnDeleted(OnDeleted on_deleted) { on_deleted_ = std::move(on_deleted); }

  core::Status Delete(const auth::Principal& principal, core::CampaignId campaign_id, core::LeadId lead_id);
  // `body`: {"email": "...", "phone": "...", "campaign_id": 1, "dry_run": true}; at least one
  // of email and phone; without campaign_id every campaign the token sees.
  core::Result<ErasureResult> Erase(const auth::Principal& principal, std::string_view body);
  // Deletes up to `max` leads of `campaign` created before `created_before` (Unix ms), oldest
  // first, as the server itself (retention): how many. `before_each` (when set) is called before
  // each deletion and may wait (pacing) or stop the run (false).
  core::Result<size_t> EraseCreatedBefore(const core::Campaign& campaign, int64_t created_before, size_t max,
                                          const std::function<bool()>& before_each = {});

 private:
  enum class Found { kDeleted, kAbsent, kOutOfScope, kInScope };
  // Reads lead `lead_id` of `campaign` into `lead`: kInScope when it is there and within
  // `scope` (null: no filter), else kAbsent or kOutOfScope.
  core::Result<Found> Locate(const core::Campaign& campaign, const core::CompiledFilter* scope, uint64_t lead_id,
                             core::Lead& lead) const;
  // Deletes one lead of `campaign` if it is there and within `scope`, after checking that
  // `principal` may delete (403 only for a lead in scope).
  // `reason` labels the deletion in /metrics (leadgate_erasure_leads_total).
  core::Result<Found> DeleteOne(const auth::Principal& principal, const core::Campaign& campaign,
                                const core::CompiledFilter* scope, uint64_t lead_id, std::string_view reason);

  CampaignService& campaigns_;
  const FilterService& filters_;
  const LeadVisibility& visibility_;
  store::LeadRepo& leads_;
  store::IdempotencyRepo& idempotency_;
  const LeadEvents& events_;
  UpdateSequencer& sequencer_;
  CampaignWriters& writers_;
  AuditService& audit_;
  LockFor lock_for_;
  OnDeleted on_deleted_;
};

}  // namespace lg::service
