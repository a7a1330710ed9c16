#include "service/lead_admission.h"

#include "core/filter_rules.h"
#include "core/lead_json.h"
#include "core/metrics.h"
#include "core/time_util.h"
#include "service/lead_stats.h"
#include "store/write_unit.h"

namespace lg::service {
core::Status CheckWriteScope(const core::CompiledFilter* scope, const core::Lead& lead) {
  if (!scope) return core::Status::Ok();
  if (auto field = core::FirstMismatch(*scope, lead)) {
    return core::Status(core::ErrorKind::kInvalid, "outside_token_scope",
                        "The lead would fall outside what this token may write.",
                        {{*field, "outside_token_scope", "this value is outside the token's scope"}});
  }
  return core::Status::Ok();
}

namespace {

core::metrics::Counter& LeadsCreated() {
  static auto& created = core::metrics::Registry::Global().GetCounter(
      "leadgate_leads_created_total", "Leads created and on disk (single and bulk creates)");
  return created;
}

}  // namespace

LeadAdmission::Batch::~Batch() {
  if (commit_ && admitted_ > 0) {
    std::optional<core::Status> outcome = commit_->Outcome();
    if (outcome && outcome->ok()) LeadsCreated().Add(admitted_);
  }
  for (uint64_t id : in_flight_) owner_.duplicates_.Settle(core::CampaignId(campaign_id_), core::LeadId(id));
  owner_.sequencer_.End(stamped_);
}

void LeadAdmission::Decide(const CreateTarget& target, std::vector<Candidate>& candidates, Batch& batch,
                           const std::shared_ptr<CommitSlot>& slot) {
  const core::Campaign& campaign = *target.campaign;
  const bool has_rules = !campaign.duplicate_rules.empty();
  for (Candidate& candidate : candidates) {
    if (!candidate.admitted()) continue;
    core::Lead& lead = candidate.lead;
    lead.created_at = lead.updated_at = batch.stamped_;
    candidate.error = CheckWriteScope(target.scope.get(), lead);
    if (!candidate.admitted()) continue;
    lead.id = ids_.Next(core::NowMillis());
    if (has_rules) {
      auto decision = duplicates_.Check(campaign, target.scope.get(), lead);
      if (!decision.has_value()) {
        candidate.error = decision.error();
        continue;
      }
      if (!decision->rejected.ok()) {
        candidate.error = std::move(decision->rejected);
        candidate.rejected_by_pending = std::move(decision->rejected_by_pending);
        continue;
      }
      lead.doublet_of = decision->doublet_of;
      candidate.duplicate_visible = decision->duplicate_visible;
      duplicates_.Register(campaign, lead, slot);
      batch.in_flight_.push_back(lead.id);
    }
    candidate.json = core::EncodeLead(lead);
  }
}

std::unique_ptr<LeadAdmission::Batch> LeadAdmission::Admit(const CreateTarget& target,
                                                           std::vector<Candidate>& candidates, const SideWrite& side) {
  const core::Campaign& campaign = *target.campaign;
  // Id, check, registration and submission are one step per campaign with rules; the commit
  // that follows runs outside the lock.
  std::unique_lock<std::mutex> lock;
  if (!campaign.duplicate_rules.empty()) lock = std::unique_lock(writers_.DuplicateLock(campaign.id));
  // Registered as in flight until the batch is destroyed: see UpdateSequencer.
  std::unique_ptr<Batch> batch(new Batch(*this, campaign.id, sequencer_.Begin(core::NowMillis())));
  auto slot = std::make_shared<CommitSlot>();
  Decide(target, candidates, *batch, slot);

  size_t bytes = 512;
  for (const Candidate& c : candidates) bytes += c.admitted() ? 2 * c.json.size() + 256 : 0;
  auto unit = std::make_unique<store::WriteUnit>(db_, bytes);
  for (const Candidate& candidate : candidates) {
    if (!candidate.admitted()) continue;
    store::LeadRepo::AddNew(*unit, campaign, candidate.lead, candidate.json);
    events_.AddCreated(*unit, candidate.lead, candidate.json);
    LeadStats::AddCreated(*unit, campaign, candidate.lead);
    ++batch->admitted_;
  }
  if (side) side(*unit);
  if (!unit->empty()) slot->commit = batch->commit_ = store::PendingCommit::Submit(db_, std::move(unit));
  return batch;
}

}  // namespace lg::service
