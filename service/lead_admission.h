#pragma once
// The one path every new lead takes once it is validated, single or bulk: its times from one
// sequencer window, its id, the token's scope check, the campaign's duplicate rules, and the
// submission of its commit, with the records that must commit with it (an idempotency record, a
// bulk's progress). For a campaign with duplicate rules these run as one step under the
// campaign's duplicate lock (CampaignWriters), so two copies sent at once cannot both pass and
// commits reach the store in the order they were decided: a lead flagged or refused as a
// duplicate of one still in flight is never durable before it. The lock is held for a few point
// reads per lead, never across a commit; the update sequencer's window opens inside it and
// closes once the commit is done, so it never spans a wait for the lock or a scan.
// Blocks only on those reads (none for a campaign without rules); thread-safe.

#include <functional>
#include <memory>
#include <vector>

#include "core/lead.h"
#include "core/lead_id_generator.h"
#include "core/lead_rules.h"
#include "core/status.h"
#include "service/campaign_service.h"
#include "service/campaign_writers.h"
#include "service/duplicate_rules.h"
#include "service/filter_service.h"
#include "service/lead_events.h"
#include "service/update_sequencer.h"
#include "store/db.h"
#include "store/group_commit.h"
#include "store/lead_repo.h"

namespace lg::service {

// What every create into one campaign shares: the campaign, the token's filter and the values it
// pins onto new leads.
struct CreateTarget {
  CampaignPtr campaign;
  CompiledFilterPtr scope;
  CampaignPtr schema;  // the campaign as the token sees it: new leads are checked against it
  core::LeadPresets pins;
};

// 422 outside_token_scope naming the first field of `lead` that leaves `scope` (null: none).
core::Status CheckWriteScope(const core::CompiledFilter* scope, const core::Lead& lead);

// A validated new lead (no id or times yet), and what Admit decided of it.
struct Candidate {
  core::Lead lead;
  core::Status error;             // set when the lead was refused (outside the scope, a duplicate)
  bool duplicate_visible = true;  // whether lead.doublet_of lies within the caller's scope
  // With a 409 error: the earlier lead it names is still in flight. A caller that answers at once
  // waits for this commit and admits the lead again (see DuplicateDecision).
  std::shared_ptr<store::PendingCommit> rejected_by_pending;
  std::string json;  // an admitted lead's stored form
  bool admitted() const { return error.ok(); }
};

class LeadAdmission {
 public:
  LeadAdmission(store::Db& db, store::LeadRepo& leads, const LeadEvents& events, core::LeadIdGenerator& ids,
                UpdateSequencer& sequencer, CampaignWriters& writers)
      : db_(db),
        leads_(leads),
        events_(events),
        ids_(ids),
        sequencer_(sequencer),
        writers_(writers),
        duplicates_(leads) {}

  // Admitted leads on their way to the store. Destroy it once the commit is done (or abandoned):
  // it then takes them out of the leads in flight, closes their sequencer window and counts them
  // in leadgate_leads_created_total when their commit succeeded.
  class Batch {
   public:
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    // Null when there was nothing to write.
    const std::shared_ptr<store::PendingCommit>& commit() const { return commit_; }

   private:
    friend class LeadAdmission;
    Batch(LeadAdmission& owner, uint64_t campaign_id, int64_t stamped)
        : owner_(owner), campaign_id_(campaign_id), stamped_(stamped) {}
    LeadAdmission& owner_;
    uint64_t campaign_id_;
    int64_t stamped_;
    std::vector<uint64_t> in_flight_;  // registered lead ids
    size_t admitted_ = 0;              // leads in the commit
    std::shared_ptr<store::PendingCommit> commit_;
  };

  // Records to add to the commit once the candidates are decided (they see the decisions).
  using SideWrite = std::function<void(store::WriteUnit& unit)>;

  // Decides every candidate (in order: a later one is checked against the earlier ones) and
  // submits one commit holding the admitted leads and `side`'s records; no commit when both are
  // empty. A store read that fails refuses the lead it was for (500). Blocks only on index reads.
  std::unique_ptr<Batch> Admit(const CreateTarget& target, std::vector<Candidate>& candidates,
                               const SideWrite& side = {});

 private:
  // Stamps, ids, scope and duplicate rules for each candidate; registers the admitted ones.
  void Decide(const CreateTarget& target, std::vector<Candidate>& candidates, Batch& batch,
              const std::shared_ptr<CommitSlot>& slot);

  store::Db& db_;
  store::LeadRepo& leads_;
  const LeadEvents& events_;
  core::LeadIdGenerator& ids_;
  UpdateSequencer& sequencer_;
  CampaignWriters& writers_;
  DuplicateRules duplicates_;
};

}  // namespace lg::service
