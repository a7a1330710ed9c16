#include "service/lead_service.h"

#include "auth/policy.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "core/time_util.h"
#include "service/bulk_create.h"
#include "service/lead_stats.h"
#include "store/commit_capture.h"
#include "store/group_commit.h"

namespace lg::service {
namespace {

core::Status LeadNotFound() { return core::Status::NotFound("No such lead."); }

}  // namespace

LeadService::LeadService(CampaignService& campaigns, FilterService& filters, store::Db& db, store::LeadRepo& leads,
                         IdempotencyService& idempotency, const LeadEvents& events, core::LeadIdGenerator& ids,
                         AuditService& audit, LeadSettings settings)
    : campaigns_(campaigns),
      filters_(filters),
      db_(db),
      leads_(leads),
      idempotency_(idempotency),
      events_(events),
      audit_(audit),
      settings_(settings),
      admission_(db, leads, events, ids, sequencer_, writers_),
      visibility_(filters, leads),
      lists_(campaigns, visibility_, leads, sequencer_, settings.count_max_examined),
      erasure_(campaigns, filters, visibility_, leads, idempotency.repo(), events, sequencer_, writers_, audit,
               [this](uint64_t lead_id) -> std::mutex& { return LockFor(lead_id); }),
      offload_([](std::function<void()> work) -> boost::asio::awaitable<void> {
        work();
        co_return;
      }) {}

LeadService::~LeadService() = default;

core::Status LeadService::OutOfScope(const auth::Principal& principal, core::CampaignId campaign_id,
                                     core::LeadId lead_id) const {
  audit_.Record("out_of_scope", principal,
                "lead " + std::to_string(lead_id.value()) + " of campaign " + std::to_string(campaign_id.value()));
  return LeadNotFound();
}

std::string LeadPath(core::CampaignId campaign_id, core::LeadId lead_id) {
  return "/v2/campaigns/" + std::to_string(campaign_id.value()) + "/leads/" + std::to_string(lead_id.value());
}

core::Result<CreateTarget> LeadService::TargetFor(const auth::Principal& principal, uint64_t campaign_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  // Permission after scope: a campaign outside the token's scope is a 404 even for `read`.
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
  TokenScopePtr scope = visibility_.ScopeOf(principal);
  CreateTarget target{std::move(campaign).value(), scope ? scope->filter : nullptr, {}, {}};
  target.schema = SchemaSeenWith(scope.get(), target.campaign);
  if (target.scope) target.pins = core::PinnedBy(*target.scope);
  return target;
}

core::Result<core::Lead> LeadService::Validate(const auth::Principal& principal, const CreateTarget& target,
                                               core::LeadInput& input) const {
  if (input.campaign_id && *input.campaign_id != target.campaign->id) {
    input.errors.Add("campaign_id", "campaign_mismatch", "differs from the campaign in the URL");
  }
  core::Lead lead;
  lead.campaign_id = target.campaign->id;
  LG_RETURN_IF_ERROR(core::ApplyLeadInput(*target.schema, input, core::LeadWrite::kCreate, lead, &target.pins));
  lead.created_by = {principal.token_id, principal.name};
  return lead;
}

// Destroyed in reverse order: the batch (its leads settled, its sequencer window closed), then
// the key (its record committed), then the campaign's write pass.
struct LeadService::PreparedCreate {
  std::optional<CampaignWriters::Pass> pass;
  std::unique_ptr<IdempotencyClaim> claim;
  std::unique_ptr<LeadAdmission::Batch> batch;
  CreatedLead answer;
};

core::Result<std::unique_ptr<LeadService::PreparedCreate>> LeadService::PrepareCreate(
    const auth::Principal& principal, std::optional<uint64_t> path_campaign_id, std::string_view body,
    const std::optional<IdempotentRequest>& idempotent, bool may_block) {
  auto prepared = std::make_unique<PreparedCreate>();
  if (idempotent) {
    if (!may_block) return std::unique_ptr<PreparedCreate>();  // the key's record is read from the store
    auto start = idempotency_.Begin(principal.token_id, *idempotent, body);
    if (!start.has_value()) return start.error();
    if (start->replay) {
      prepared->answer = CreatedLead{std::move(start->replay->location), std::move(start->replay->body), true};
      return prepared;
    }
    prepared->claim = std::move(start->claim);
  }
  core::LeadInput input;
  LG_RETURN_IF_ERROR(core::ParseLeadInput(body, input));
  std::optional<uint64_t> campaign_id = path_campaign_id;
  if (!campaign_id) campaign_id = input.campaign_id ? input.campaign_id : principal.campaign_id;
  if (!campaign_id) {
    if (!input.campaign_id_present) {
      return core::Status::Invalid({{"campaign_id", "required", "is required (or use /v2/campaigns/{id}/leads)"}});
    }
    return input.errors.ToStatus();
  }
  // The pass before the schema: a re-index of the campaign's duplicate rules waits for it.
  if (may_block) {
    prepared->pass = writers_.Enter(*campaign_id);
  } else {
    prepared->pass = writers_.TryEnter(*campaign_id);
    if (!prepared->pass) return std::unique_ptr<PreparedCreate>();
  }
  auto target = TargetFor(principal, *campaign_id);
  if (!target.has_value()) return target.error();
  // Duplicate rules read the store.
  if (!may_block && !target->campaign->duplicate_rules.empty()) return std::unique_ptr<PreparedCreate>();
  auto lead = Validate(principal, *target, input);
  if (!lead.has_value()) return lead.error();

  for (;;) {
    std::vector<Candidate> candidates{Candidate{*lead}};
    IdempotencyClaim* claim = prepared->claim.get();
    auto side = [&](store::WriteUnit& unit) {
      const Candidate& made = candidates.front();
      if (!made.admitted()) return;
      prepared->answer = CreatedLead{LeadPath(core::CampaignId(made.lead.campaign_id), core::LeadId(made.lead.id)),
                                     LeadVisibility::AsCreatorSees(made.json, made.duplicate_visible)};
      // The answer's record commits in the lead's own batch: a retry finds it exactly when the
      // lead is there.
      if (claim) {
        claim->AddTo(unit, StoredResponse{201, prepared->answer.location, prepared->answer.json,
                                          store::IdempotencyRecord::LeadRef{made.lead.campaign_id, made.lead.id}});
      }
    };
    prepared->batch = admission_.Admit(*target, candidates, side);
    Candidate& made = candidates.front();
    if (made.admitted()) return prepared;
    // Refused as a duplicate of a lead still on its way to the disk: the answer names a lead that
    // must exist, so it waits for that commit; if it failed, the lead is checked again.
    if (!made.rejected_by_pending) {
      if (made.error.code() == "duplicate_lead") {
        auto unit = std::make_unique<store::WriteUnit>(db_);
        LeadStats::AddRejectedDuplicate(*unit, *target->campaign, made.lead, core::NowMillis());
        db_.CommitAsync(std::move(unit), [](const core::Status&) {});
      }
      return made.error;
    }
    prepared->batch.reset();
    (void)made.rejected_by_pending->WaitBlocking();
  }
}

boost::asio::awaitable<core::Result<CreatedLead>> LeadService::Create(const auth::Principal& principal,
                                                                      std::optional<uint64_t> path_campaign_id,
                                                                      std::string_view body,
                                                                      std::optional<IdempotentRequest> idempotent) {
  // Most creates read nothing and run right here; the others do their reads on a worker.
  core::Result<std::unique_ptr<PreparedCreate>> prepared = std::unique_ptr<PreparedCreate>();
  if (!idempotent) prepared = PrepareCreate(principal, path_campaign_id, body, idempotent, false);
  if (prepared.has_value() && !*prepared) {
    // Named, not a temporary of the co_await's expression (GCC 12 destroys those twice).
    std::function<void()> prepare = [&] {
      prepared = PrepareCreate(principal, path_campaign_id, body, idempotent, true);
    };
    co_await offload_(std::move(prepare));
  }
  if (!prepared.has_value()) {
    RecordRefused(principal, path_campaign_id ? path_campaign_id : principal.campaign_id, prepared.error());
    co_return prepared.error();
  }
  std::unique_ptr<PreparedCreate> create = std::move(prepared).value();
  if (!create->batch) co_return std::move(create->answer);  // replayed
  core::Status stored = co_await create->batch->commit()->Wait();
  CreatedLead answer = std::move(create->answer);
  create.reset();  // settled, the key free (its record committed), before the client hears back
  if (!stored.ok()) co_return stored;
  co_return answer;
}

void LeadService::RecordRefused(const auth::Principal& principal, std::optional<uint64_t> campaign_id,
                                const core::Status& why) const {
  if (!campaign_id || !LeadStats::CountsAsRefusal(why)) return;
  const std::vector<RefusalCount> counts =
      LeadStats::RefusalsOf(core::CampaignId(*campaign_id), core::TokenId(principal.token_id), why, core::NowMillis());
  // A refusal decided while a replicated command is applied is decided on every node alike and
  // is counted with the command; one decided before (a node's rate limit) goes through the log.
  if (refusal_forwarder_ && !store::CommitCapture::For(db_) && refusal_forwarder_(counts)) return;
  auto unit = std::make_unique<store::WriteUnit>(db_);
  LeadStats::AddRefusals(*unit, counts);
  // Statistics: a counter lost to a crash before the next synced commit is no loss of data.
  db_.CommitAsync(std::move(unit), [](const core::Status&) {});
}

core::Result<std::unique_ptr<BulkCreate>> LeadService::BeginBulk(const auth::Principal& principal, uint64_t campaign_id,
                                                                 core::BulkFormat format,
                                                                 std::optional<IdempotentRequest> idempotent) {
  return BulkCreate::Begin(*this, principal, campaign_id, format, idempotent);
}

core::Result<BulkCreated> LeadService::CreateBulk(const auth::Principal& principal, uint64_t campaign_id,
                                                  core::BulkFormat format, std::string_view body,
                                                  std::optional<IdempotentRequest> idempotent) {
  LG_ASSIGN_OR_RETURN(auto bulk, BeginBulk(principal, campaign_id, format, idempotent));
  LG_RETURN_IF_ERROR(bulk->Feed(body));
  return bulk->Finish();
}

core::Status LeadService::RebuildDuplicateIndex(const core::Campaign& campaign) {
  return writers_.Exclusively(campaign.id, [&] { return leads_.ReindexDuplicates(campaign); });
}

core::Result<std::string> LeadService::Get(const auth::Principal& principal, core::CampaignId campaign_id,
                                           core::LeadId lead_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id.value());
  if (!campaign.has_value()) return campaign.error();
  CompiledFilterPtr scope = visibility_.ScopeFilter(principal);
  if (!scope) {
    LG_ASSIGN_OR_RETURN(auto json, leads_.GetJson(campaign_id, lead_id));
    if (!json) return LeadNotFound();
    return visibility_.AsSeenBy(principal, scope.get(), campaign_id.value(), std::move(*json));
  }
  // A filtered token must not tell another vendor's lead from no lead by the time the answer
  // takes (a lead id names the millisecond it was created in): both take one seek and one
  // record read, the scope check of that record (the next one, for an id that is not there),
  // and one audit record.
  LG_ASSIGN_OR_RETURN(auto found, leads_.GetJsonAtOrAfter(campaign_id, lead_id));
  static const std::string kPastTheLast = [] {
    core::Lead decoy;
    decoy.status = "none";
    return core::EncodeLead(decoy);
  }();
  LG_ASSIGN_OR_RETURN(bool in_scope, LeadVisibility::InScope(*scope, found ? found->json : kPastTheLast));
  if (!found || !found->exact || !in_scope) return OutOfScope(principal, campaign_id, lead_id);
  return visibility_.AsSeenBy(principal, scope.get(), campaign_id.value(), std::move(found->json));
}

core::Result<std::string> LeadService::Patch(const auth::Principal& principal, core::CampaignId campaign_id,
                                             core::LeadId lead_id, std::string_view body) {
  if (auto visible = campaigns_.Get(principal, campaign_id.value()); !visible.has_value()) return visible.error();
  core::LeadInput input;
  LG_RETURN_IF_ERROR(core::ParseLeadInput(body, input));
  if (input.campaign_id_present) input.errors.Add("campaign_id", "read_only", "a lead cannot change campaign");
  TokenScopePtr token_scope = visibility_.ScopeOf(principal);
  CompiledFilterPtr scope = token_scope ? token_scope->filter : nullptr;

  // The pass before the schema: the index diff below is computed from the campaign as it is
  // while no re-index of its duplicate rules runs.
  CampaignWriters::Pass pass = writers_.Enter(campaign_id.value());
  auto campaign = campaigns_.Get(principal, campaign_id.value());
  if (!campaign.has_value()) return campaign.error();
  std::lock_guard lock(LockFor(lead_id.value()));
  LG_ASSIGN_OR_RETURN(auto stored, leads_.GetJson(campaign_id, lead_id));
  if (!stored) return LeadNotFound();
  auto previous = core::DecodeLead(*stored);
  if (!previous.has_value()) return previous.error();
  if (scope && !core::Matches(*scope, *previous)) return OutOfScope(principal, campaign_id, lead_id);
  // Permission is checked only once the lead is known to be in scope: out-of-scope is a 404.
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
  core::Lead lead = *previous;
  LG_RETURN_IF_ERROR(
      core::ApplyLeadInput(*SchemaSeenWith(token_scope.get(), *campaign), input, core::LeadWrite::kPatch, lead));
  // Each version of a lead has an updated_at of its own (a millisecond after the last at least):
  // two changes in one millisecond are two events (service/lead_events.h), never one key.
  UpdateSequencer::Scope write(sequencer_, core::NowMillis(), previous->updated_at + 1, lead.id);
  lead.updated_at = write.stamped();
  LG_RETURN_IF_ERROR(CheckWriteScope(scope.get(), lead));
  std::string json = core::EncodeLead(lead);
  LG_RETURN_IF_ERROR(leads_.Put(**campaign, lead, json, &*previous, [&](store::WriteUnit& unit) {
    events_.AddChanged(unit, *previous, lead, json);
    LeadStats::AddChanged(unit, **campaign, *previous, lead);
  }));
  return visibility_.AsSeenBy(principal, scope.get(), campaign_id.value(), std::move(json));
}

}  // namespace lg::service
