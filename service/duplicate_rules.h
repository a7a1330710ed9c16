#pragma once
// A campaign's duplicate rules applied to a new lead: the earliest earlier lead each
// rule matches, found through the duplicate index (store/key_codec.h [0x08]) and among the leads
// still in flight, never by a scan. A check costs, per rule, one index seek and one record read
// per rule key: one for an `all` rule, one per member with a value (at most
// core::kMaxDuplicateMembers) for an `any` rule; and as many map searches among the leads in
// flight. "Earliest" is by created_at, then id.
// Callers hold the campaign's duplicate lock (CampaignWriters::DuplicateLock) from Check through
// Register and the submission of the lead's commit. Thread-safe otherwise.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/filter_rules.h"
#include "core/ids.h"
#include "core/lead.h"
#include "core/status.h"
#include "service/in_flight_leads.h"
#include "store/lead_repo.h"

namespace lg::service {

// What the rules say of a new lead.
struct DuplicateDecision {
  // A `reject` rule matched: 409 duplicate_lead (naming the earlier lead only when it lies within
  // the caller's scope). Ok otherwise.
  core::Status rejected;
  // Set with `rejected` when the earlier lead is still in flight: the answer must wait until that
  // lead is durable, and the check runs again if its commit failed.
  std::shared_ptr<store::PendingCommit> rejected_by_pending;
  // The earliest lead a `flag` rule matched, and whether it lies within the caller's scope.
  std::optional<uint64_t> doublet_of;
  bool duplicate_visible = true;
};

class DuplicateRules {
 public:
  explicit DuplicateRules(const store::LeadRepo& leads) : leads_(leads) {}

  // The decision for `lead` (id and created_at set) under `campaign`'s rules, over every lead of
  // the campaign whoever sent it; `scope` (null: everything) decides what may be named.
  core::Result<DuplicateDecision> Check(const core::Campaign& campaign, const core::CompiledFilter* scope,
                                        const core::Lead& lead) const;
  // `lead` passed: it is in flight until Settle. `slot` gets its commit once submitted.
  void Register(const core::Campaign& campaign, const core::Lead& lead, std::shared_ptr<CommitSlot> slot);
  void Settle(core::CampaignId campaign_id, core::LeadId lead_id) { in_flight_.Remove(campaign_id, lead_id); }

 private:
  struct Match {
    int64_t created_at = 0;
    uint64_t id = 0;
    bool visible = true;
    std::shared_ptr<store::PendingCommit> pending;  // set while the lead is in flight, not yet durable
  };
  // The earliest lead `rule` matches, if any.
  core::Result<std::optional<Match>> EarliestMatch(const core::DuplicateRule& rule, const core::Campaign& campaign,
                                                   const core::CompiledFilter* scope, const core::Lead& lead) const;

  const store::LeadRepo& leads_;
  InFlightLeads in_flight_;
};

}  // namespace lg::service
