#include "service/bulk_create.h"

#include "core/lead_rules.h"
#include "core/time_util.h"
#include "service/lead_service.h"
#include "service/lead_stats.h"
#include "store/write_unit.h"

namespace lg::service {
namespace {

BulkOutcome Refused(size_t index, core::Status error) {
  BulkOutcome outcome;
  outcome.index = index;
  outcome.error = std::move(error);
  return outcome;
}

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ',';
    out += part;
  }
  return out;
}

}  // namespace

BulkCreate::BulkCreate(LeadService& service, const auth::Principal& principal, uint64_t campaign_id,
                       core::BulkFormat format)
    : service_(service),
      principal_(principal),
      campaign_id_(campaign_id),
      framer_(format, service.settings_.bulk_item_limit_bytes),
      format_name_(format == core::BulkFormat::kNdjson ? "ndjson" : "json") {}

BulkCreate::~BulkCreate() = default;

core::Result<std::unique_ptr<BulkCreate>> BulkCreate::Begin(LeadService& service, const auth::Principal& principal,
                                                            uint64_t campaign_id, core::BulkFormat format,
                                                            const std::optional<IdempotentRequest>& idempotent) {
  std::unique_ptr<BulkCreate> bulk(new BulkCreate(service, principal, campaign_id, format));
  if (idempotent) {
    LG_ASSIGN_OR_RETURN(auto start, service.idempotency_.BeginBulk(principal.token_id, *idempotent));
    bulk->fingerprint_ = IdempotencyService::BulkFingerprint(*idempotent, bulk->format_name_);
    bulk->completed_ = std::move(start.completed);
    bulk->claim_ = std::move(start.claim);
    bulk->resume_ = std::move(start.progress);
    if (!bulk->resume_.empty()) bulk->resume_items_ = bulk->resume_.back().end_item;
  }
  LG_ASSIGN_OR_RETURN(auto target, service.TargetFor(principal, campaign_id));
  bulk->target_ = std::move(target);
  return bulk;
}

core::Status BulkCreate::Feed(std::string_view piece) {
  if (done()) return core::Status::Ok();
  framer_.Append(piece);
  return Drain();
}

core::Status BulkCreate::Drain() {
  while (!stopped_) {
    std::optional<core::BulkItem> item = framer_.Next();
    if (!item) break;
    std::string too_large;
    if (item->too_large) too_large = "\x01too_large:" + std::to_string(item->bytes);
    LG_RETURN_IF_ERROR(Take(item->too_large ? std::string_view(too_large) : item->text, &*item, nullptr));
  }
  if (stopped_ || !framer_.finished() || framer_.status().ok()) return core::Status::Ok();
  // A body that is not an array at all is refused whole; one that breaks later, at the item
  // where it breaks (what came before may be stored already).
  if (items_ == 0) return framer_.status();
  core::Status broken = framer_.status();
  return Take("\x01invalid_json", nullptr, &broken);
}

core::Status BulkCreate::Take(std::string_view text, const core::BulkItem* item, const core::Status* refused) {
  const size_t index = items_++;
  if (fingerprint_) IdempotencyService::AddBulkItem(*fingerprint_, text);
  const bool over_limit = index >= service_.settings_.bulk_max_leads;
  if (refused || over_limit) stopped_ = true;
  // A finished request is only compared, an earlier attempt's items only checked.
  if (completed_) return core::Status::Ok();
  if (index < resume_items_) return items_ == resume_items_ ? Resume() : core::Status::Ok();

  part_.emplace_back();
  part_created_.push_back(false);
  if (refused) {
    Decided(index, Refused(index, *refused));
    return core::Status::Ok();
  }
  if (over_limit) {
    Decided(index, Refused(index, core::Status(core::ErrorKind::kBodyTooLarge, "too_many_leads",
                                               "A bulk request may create at most " +
                                                   std::to_string(service_.settings_.bulk_max_leads) +
                                                   " leads; this item and the rest of the body were not read.")));
    return core::Status::Ok();
  }
  if (item->too_large) {
    Decided(index, Refused(index, core::Status(core::ErrorKind::kBodyTooLarge, "payload_too_large",
                                               "A lead may be at most " +
                                                   std::to_string(service_.settings_.bulk_item_limit_bytes) +
                                                   " bytes long.")));
    return core::Status::Ok();
  }
  core::LeadInput input;
  core::Status parsed = core::ParseLeadInput(item->text, input);
  if (!parsed.ok()) {
    Decided(index, Refused(index, std::move(parsed)));
    return core::Status::Ok();
  }
  auto lead = service_.Validate(principal_, *target_, input);
  if (!lead.has_value()) {
    Decided(index, Refused(index, lead.error()));
    return core::Status::Ok();
  }
  pending_.push_back(Pending{index, std::move(lead).value()});
  pending_bytes_ += item->bytes;
  if (pending_.size() >= service_.settings_.bulk_batch_size || pending_bytes_ >= service_.settings_.bulk_batch_bytes) {
    Flush(false);
  }
  return core::Status::Ok();
}

void BulkCreate::Decided(size_t index, const BulkOutcome& outcome) {
  if (!outcome.error.ok()) service_.RecordRefused(principal_, campaign_id_, outcome.error);
  const size_t at = index - part_start_;
  part_[at].clear();
  AppendBulkOutcome(part_[at], outcome);
  part_created_[at] = outcome.error.ok();
}

core::Status BulkCreate::Resume() {
  if (fingerprint_->Digest() != resume_.back().fingerprint) return IdempotencyService::Reused();
  std::string stored;
  for (const auto& part : resume_) {
    if (part.outcomes.empty()) continue;
    if (!stored.empty()) stored += ',';
    stored += part.outcomes;
  }
  LG_ASSIGN_OR_RETURN(results_, ReplayedOutcomes(stored, counts_));
  part_start_ = resume_items_;
  resume_.clear();
  return core::Status::Ok();
}

void BulkCreate::Flush(bool last) {
  // A part is written with leads to store, and at the end for the key's record; refusals alone
  // wait for the next part (a retry decides them again the same way).
  const bool final_record = last && claim_ && keep_answer_;
  if (!store_refused_ && (!pending_.empty() || final_record)) Commit(final_record);
  std::string part = Joined(part_);
  if (!results_.empty() && !part.empty()) results_ += ',';
  results_ += part;
  for (bool created : part_created_) ++(created ? counts_.created : counts_.failed);
  part_start_ = items_;
  part_.clear();
  part_created_.clear();
  pending_.clear();
  pending_bytes_ = 0;
}

void BulkCreate::Commit(bool final_record) {
  CampaignWriters::Pass pass = service_.writers_.Enter(campaign_id_);
  // The request's scope stays as it was when it began (a filter edited meanwhile applies to the
  // next request), but its leads are indexed under the campaign as it is now, inside the pass.
  CreateTarget target = *target_;
  target.campaign = service_.campaigns_.Find(campaign_id_);
  std::vector<Candidate> candidates;
  candidates.reserve(pending_.size());
  for (const Pending& p : pending_) candidates.push_back(Candidate{p.lead});
  // Runs once the candidates are decided, before the commit is submitted.
  auto side = [&](store::WriteUnit& unit) {
    for (size_t i = 0; i < pending_.size(); ++i) {
      const Candidate& c = candidates[i];
      BulkOutcome outcome = Refused(pending_[i].index, c.error);
      if (c.error.code() == "duplicate_lead") {
        LeadStats::AddRejectedDuplicate(unit, *target.campaign, c.lead, core::NowMillis());
      }
      if (c.admitted()) {
        outcome.lead_id = c.lead.id;
        if (c.duplicate_visible) outcome.doublet_of = c.lead.doublet_of;
      }
      Decided(pending_[i].index, outcome);
    }
    if (!claim_) return;
    const std::string part = Joined(part_);
    if (!final_record) {
      claim_->AddProgress(unit, store::BulkProgress{0, fingerprint_->Digest(), static_cast<uint32_t>(part_start_),
                                                    static_cast<uint32_t>(items_), part});
      return;
    }
    BulkCounts counts = counts_;
    for (bool created : part_created_) ++(created ? counts.created : counts.failed);
    std::string all = results_;
    if (!all.empty() && !part.empty()) all += ',';
    all += part;
    claim_->AddTo(unit, StoredResponse{200, "", EncodeBulkResult(all, counts)}, fingerprint_->Digest());
  };
  auto batch = service_.admission_.Admit(target, candidates, side);
  core::Status stored = batch->commit() ? batch->commit()->WaitBlocking() : core::Status::Ok();
  if (stored.ok()) return;
  // Nothing of the batch was stored (its progress neither): its leads answer with the store's
  // error, and the bulk stops; a retry with the key resumes before them.
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (candidates[i].admitted()) Decided(pending_[i].index, Refused(pending_[i].index, stored));
  }
  store_refused_ = stopped_ = true;
}

core::Status BulkCreate::Cut(core::Status why, bool answered) {
  if (done()) return core::Status::Ok();
  if (items_ == 0) return why;
  keep_answer_ = answered;
  if (!answered) {
    stopped_ = true;
    return core::Status::Ok();
  }
  return Take("\x01" + why.code(), nullptr, &why);  // stops the bulk
}

core::Result<BulkCreated> BulkCreate::Finish() {
  if (!stopped_) {
    framer_.End();
    LG_RETURN_IF_ERROR(Drain());
  }
  if (completed_) {
    if (fingerprint_->Digest() != completed_->fingerprint) return IdempotencyService::Reused();
    return BulkCreated{std::move(completed_->body), {}, true};
  }
  // Fewer items than the earlier attempt had: another request under the same key.
  if (items_ < resume_items_) return IdempotencyService::Reused();
  Flush(true);
  return BulkCreated{EncodeBulkResult(results_, counts_), counts_, false};
}

}  // namespace lg::service
