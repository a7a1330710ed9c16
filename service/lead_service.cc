#include "service/lead_service.h"

#include <algorithm>
#include <charconv>

#include "auth/policy.h"
#include "core/doublet.h"
#include "core/filter_json.h"
#include "core/filter_rules.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/query_plan.h"
#include "core/time_util.h"
#include "store/group_commit.h"
#include "store/write_unit.h"

namespace lg::service {
namespace {

core::Status LeadNotFound() { return core::Status::NotFound("No such lead."); }

core::metrics::Counter& LeadsCreated() {
  static auto& created = core::metrics::Registry::Global().GetCounter(
      "leadgate_leads_created_total", "Leads created and on disk (single and bulk creates)");
  return created;
}

// Whether a stored lead has the one option or status `condition` asks for (see
// core::SoleValueCondition): one parse, no decode.
bool RecordHasValue(std::string_view json, const core::CompiledCondition& condition) {
  bool is_status = condition.target == core::CompiledCondition::Target::kStatus;
  return core::LeadHasValue(json, is_status ? "" : condition.slug, condition.texts.front());
}

// Whether a stored lead lies within `scope`.
core::Result<bool> RecordInScope(const core::CompiledFilter& scope, std::string_view json) {
  if (const core::CompiledCondition* only = core::SoleValueCondition(scope)) return RecordHasValue(json, *only);
  auto lead = core::DecodeLead(json);
  if (!lead.has_value()) return lead.error();
  return core::Matches(scope, *lead);
}

// `doublet_of` is the last member of a stored lead (core::EncodeLead), so it is read and masked
// at the end of the JSON without a decode.
constexpr std::string_view kDoubletMember = "\"doublet_of\":";
constexpr std::string_view kNoDoublet = "\"doublet_of\":null}";

std::optional<uint64_t> DoubletOf(std::string_view json) {
  if (json.ends_with(kNoDoublet)) return std::nullopt;
  size_t at = json.rfind(kDoubletMember);
  if (at == std::string_view::npos) return std::nullopt;
  uint64_t id = 0;
  const char* begin = json.data() + at + kDoubletMember.size();
  if (std::from_chars(begin, json.data() + json.size(), id).ec != std::errc()) return std::nullopt;
  return id;
}

std::string WithoutDoublet(std::string json) {
  size_t at = json.rfind(kDoubletMember);
  if (at == std::string::npos) return json;
  json.resize(at);
  json.append(kNoDoublet);
  return json;
}

}  // namespace

CompiledFilterPtr LeadService::ScopeFilter(const auth::Principal& principal) const {
  if (!principal.filter_id) return nullptr;
  CompiledFilterPtr compiled = filters_.Compiled(*principal.filter_id);
  // A token whose filter is gone sees nothing rather than everything.
  if (!compiled) {
    static const auto kNothing =
        std::make_shared<const core::CompiledFilter>(core::CompiledFilter{core::FilterMatch::kAny, {}});
    return kNothing;
  }
  return compiled;
}

core::Status LeadService::OutOfScope(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const {
  audit_.Record("out_of_scope", principal,
                "lead " + std::to_string(lead_id) + " of campaign " + std::to_string(campaign_id));
  return LeadNotFound();
}

core::Result<std::string> LeadService::AsSeenBy(const core::CompiledFilter* scope, uint64_t campaign_id,
                                                std::string json) const {
  if (!scope) return json;
  std::optional<uint64_t> earlier = DoubletOf(json);
  if (!earlier) return json;
  LG_ASSIGN_OR_RETURN(auto earlier_json, leads_.GetJson(campaign_id, *earlier));
  bool visible = false;
  if (earlier_json) {
    LG_ASSIGN_OR_RETURN(visible, RecordInScope(*scope, *earlier_json));
  }
  return visible ? std::move(json) : WithoutDoublet(std::move(json));
}

core::Status LeadService::CheckInScope(const core::CompiledFilter* scope, const core::Lead& lead) const {
  if (!scope) return core::Status::Ok();
  if (auto field = core::FirstMismatch(*scope, lead)) {
    return core::Status(core::ErrorKind::kUnprocessable, "outside_token_scope",
                        "The lead would fall outside what this token may write.",
                        {{*field, "outside_token_scope", "this value is outside the token's scope"}});
  }
  return core::Status::Ok();
}

std::string LeadPath(uint64_t campaign_id, uint64_t lead_id) {
  return "/v2/campaigns/" + std::to_string(campaign_id) + "/leads/" + std::to_string(lead_id);
}

core::Result<LeadService::CreateTarget> LeadService::TargetFor(const auth::Principal& principal,
                                                               uint64_t campaign_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  // Permission after scope: a campaign outside the token's scope is a 404 even for `read`.
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
  CreateTarget target{std::move(campaign).value(), ScopeFilter(principal), {}, {}};
  target.schema = scoped_schemas_.For(target.campaign, target.scope);
  if (target.scope) target.pins = core::PinnedBy(*target.scope);
  return target;
}

core::Status LeadService::ApplyDoubletRules(const core::Campaign& campaign, const core::CompiledFilter* scope,
                                            core::Lead& lead, bool& doublet_visible) const {
  std::optional<uint64_t> flagged;
  for (const core::DoubletRule& rule : campaign.duplicate_rules) {
    const core::DoubletValues values = core::DoubletValuesUnder(rule, campaign, lead);
    // An `all` rule cannot match a lead that lacks one of its values.
    if (rule.match_all && std::any_of(values.begin(), values.end(), [](const auto& v) { return !v; })) continue;
    std::optional<uint64_t> match;  // the earliest doublet seen
    bool match_visible = false;     // and whether it lies within the caller's scope
    auto consider = [&](const core::Lead& earlier) {
      if (!core::IsDoubletUnder(rule, campaign, lead, values, earlier, lead.created_at)) return false;
      if (!match || earlier.id < *match) {
        match = earlier.id;
        match_visible = !scope || core::Matches(*scope, earlier);
      }
      return true;
    };
    // Leads still on their way to the disk first: one leaves this set only once its commit is
    // visible in the index, so a copy committed while this check runs is found in one place or
    // the other. (Read the other way round, a copy could commit and leave the set between the
    // index scan and this read, and both copies would pass.)
    in_flight_.ForEach(campaign.id, [&](const core::Lead& earlier) { consider(earlier); });
    // Ids are time-ordered: nothing older than the window (with a second's slack for the id
    // clock) needs reading; the exact bound is checked on created_at.
    const int64_t window_ms = rule.window_seconds * 1000;
    const uint64_t min_id = core::LeadIdGenerator::FirstIdAt(lead.created_at - window_ms - 1000);
    // Under `all` every match shares the first member's value, so its entries are all to read;
    // under `any` each member's are.
    const size_t members_to_scan = rule.match_all ? std::min<size_t>(1, values.size()) : values.size();
    for (size_t i = 0; i < members_to_scan; ++i) {
      if (!values[i]) continue;
      LG_RETURN_IF_ERROR(leads_.ScanDoubletCandidates(
          campaign.id, core::DoubletHash(rule.members[i], *values[i]), min_id, [&](uint64_t, std::string_view json) {
            auto earlier = core::DecodeLead(json);
            return !(earlier.has_value() && consider(*earlier));  // oldest first: stop at one
          }));
    }
    if (!match) continue;
    if (rule.action == core::DoubletAction::kReject) {
      std::string rule_name = rule.name.empty() ? "" : " (rule '" + rule.name + "')";
      // A lead outside the caller's scope is not named: its id would tell when another vendor
      // sent it.
      if (!match_visible) {
        return core::Status(core::ErrorKind::kConflict, "duplicate_lead",
                            "This lead duplicates an existing lead" + rule_name + ".");
      }
      core::Status rejected(core::ErrorKind::kConflict, "duplicate_lead",
                            "This lead duplicates lead " + std::to_string(*match) + rule_name + ".");
      rejected.WithMember("doublet_of", *match);
      return rejected;
    }
    if (!flagged || *match < *flagged) {
      flagged = match;
      doublet_visible = match_visible;
    }
  }
  lead.doublet_of = flagged;
  return core::Status::Ok();
}

core::Result<core::Lead> LeadService::NewLead(const auth::Principal& principal, const CreateTarget& target,
                                              core::LeadInput& input, int64_t stamped, bool& doublet_visible) {
  doublet_visible = true;
  if (input.campaign_id && *input.campaign_id != target.campaign->id) {
    input.errors.Add("campaign_id", "campaign_mismatch", "differs from the campaign in the URL");
  }
  core::Lead lead;
  lead.campaign_id = target.campaign->id;
  LG_RETURN_IF_ERROR(core::ApplyLeadInput(*target.schema, input, core::LeadWrite::kCreate, lead, &target.pins));
  lead.created_by = {principal.token_id, principal.name};
  lead.created_at = lead.updated_at = stamped;
  LG_RETURN_IF_ERROR(CheckInScope(target.scope.get(), lead));
  if (target.campaign->duplicate_rules.empty()) {
    lead.id = ids_.Next(core::NowMillis());
    return lead;
  }
  // Id, check and registration are one step per campaign, so two copies sent at once cannot both
  // pass and the earlier id is the original; the commit that follows runs outside the lock.
  std::lock_guard lock(DoubletLockFor(lead.campaign_id));
  lead.id = ids_.Next(core::NowMillis());
  LG_RETURN_IF_ERROR(ApplyDoubletRules(*target.campaign, target.scope.get(), lead, doublet_visible));
  in_flight_.Add(lead);
  return lead;
}

void LeadService::Settle(const core::Campaign& campaign, uint64_t lead_id) {
  if (!campaign.duplicate_rules.empty()) in_flight_.Remove(campaign.id, lead_id);
}

struct LeadService::PendingCreate {
  PendingCreate(LeadService& service, CampaignPtr campaign, int64_t stamped)
      : service(service), campaign(std::move(campaign)), stamped(stamped) {}
  // Closes the lead's sequencer window and takes it out of the in-flight set, however the
  // create ended (committed, failed, or the coroutine destroyed at shutdown).
  ~PendingCreate() {
    service.sequencer_.End(stamped);
    if (lead_id) service.Settle(*campaign, lead_id);
  }
  PendingCreate(const PendingCreate&) = delete;
  PendingCreate& operator=(const PendingCreate&) = delete;

  LeadService& service;
  const CampaignPtr campaign;
  const int64_t stamped;
  uint64_t lead_id = 0;  // set once the lead has one (and may be in flight)
  std::unique_ptr<store::WriteUnit> unit;
  CreatedLead answer;
};

core::Result<std::unique_ptr<LeadService::PendingCreate>> LeadService::PrepareCreate(
    const auth::Principal& principal, std::optional<uint64_t> path_campaign_id, std::string_view body) {
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
  auto target = TargetFor(principal, *campaign_id);
  if (!target.has_value()) return target.error();
  // Registered as in flight until synced: see UpdateSequencer.
  auto pending = std::make_unique<PendingCreate>(*this, target->campaign, sequencer_.Begin(core::NowMillis()));
  bool doublet_visible = true;
  auto lead = NewLead(principal, *target, input, pending->stamped, doublet_visible);
  if (!lead.has_value()) return lead.error();
  pending->lead_id = lead->id;
  std::string json = core::EncodeLead(*lead);
  pending->unit = leads_.NewLeadUnit(*target->campaign, *lead, json);
  pending->answer = CreatedLead{LeadPath(lead->campaign_id, lead->id),
                                doublet_visible ? std::move(json) : WithoutDoublet(std::move(json))};
  return pending;
}

boost::asio::awaitable<core::Result<CreatedLead>> LeadService::Create(const auth::Principal& principal,
                                                                      std::optional<uint64_t> path_campaign_id,
                                                                      std::string_view body,
                                                                      std::optional<IdempotentRequest> idempotent) {
  auto start = idempotency_.Begin(principal.token_id, idempotent, body);
  if (!start.has_value()) co_return start.error();
  if (start->replay) co_return CreatedLead{std::move(start->replay->location), std::move(start->replay->body), true};
  std::unique_ptr<IdempotencyClaim> claim = std::move(start->claim);  // null without a key
  auto pending = PrepareCreate(principal, path_campaign_id, body);
  if (!pending.has_value()) co_return pending.error();
  // The answer's record commits in the lead's own batch: a retry finds it exactly when the
  // lead is there.
  if (claim) claim->AddTo(*(*pending)->unit, StoredResponse{201, (*pending)->answer.location, (*pending)->answer.json});
  core::Status stored = co_await store::GroupCommit(db_, std::move((*pending)->unit));
  CreatedLead answer = std::move((*pending)->answer);
  pending->reset();  // settled
  claim.reset();     // the key is free (its record committed) before the client hears back
  if (!stored.ok()) co_return stored;
  LeadsCreated().Add();
  co_return answer;
}

core::Result<BulkCreated> LeadService::CreateBulk(const auth::Principal& principal, uint64_t campaign_id,
                                                  core::BulkFormat format, std::string_view body,
                                                  std::optional<IdempotentRequest> idempotent) {
  auto start = idempotency_.Begin(principal.token_id, idempotent, body);
  if (!start.has_value()) return start.error();
  if (start->replay) return BulkCreated{{}, 0, 0, std::move(start->replay->body), true};
  std::unique_ptr<IdempotencyClaim> claim = std::move(start->claim);  // null without a key
  auto target = TargetFor(principal, campaign_id);
  if (!target.has_value()) return target.error();
  // A first pass over the framing only: a broken body or too many leads is refused before
  // anything is written.
  auto count = core::BulkReader::Count(body, format);
  if (!count.has_value()) return count.error();
  if (*count > settings_.bulk_max_leads) {
    return core::Status(core::ErrorKind::kPayloadTooLarge, "too_many_leads",
                        "A bulk request may create at most " + std::to_string(settings_.bulk_max_leads) +
                            " leads; this one has " + std::to_string(*count) + ".");
  }

  BulkCreated result;
  result.outcomes.reserve(*count);
  std::vector<std::pair<core::Lead, std::string>> batch;
  std::vector<size_t> batch_outcomes;  // outcome index of each lead in `batch`
  // One sequencer window per batch: its leads share one updated_at, held in flight until synced.
  std::optional<UpdateSequencer::Scope> window;

  // Commits the batch (with the idempotency record when it is the last one); a failed commit
  // turns the batch's outcomes into 500s.
  auto flush = [&](bool last) {
    if (batch.empty() && !(last && claim)) return;
    for (size_t i = 0; i < batch.size(); ++i) result.outcomes[batch_outcomes[i]].lead_id = batch[i].first.id;
    // Counted as created before the commit, so the recorded body says what the client gets.
    result.created += batch.size();
    store::LeadRepo::SideWrite side;
    if (last && claim) {
      result.body = EncodeBulkResult(result);
      side = [&](store::WriteUnit& unit) { claim->AddTo(unit, StoredResponse{200, "", result.body}); };
    }
    core::Status stored = leads_.PutNew(*target->campaign, batch, side);
    if (stored.ok()) LeadsCreated().Add(batch.size());
    if (!stored.ok()) {
      result.created -= batch.size();
      core::log::Error("bulk_batch_failed", {{"detail", stored.detail()}, {"leads", std::to_string(batch.size())}});
      for (size_t i : batch_outcomes) {
        result.outcomes[i].lead_id = 0;
        result.outcomes[i].error = core::Status::Internal("store write failed");
      }
      result.failed += batch.size();
      result.body.clear();  // the recorded body (if any) was not stored; re-encode below
    }
    for (const auto& [lead, json] : batch) Settle(*target->campaign, lead.id);
    batch.clear();
    batch_outcomes.clear();
    window.reset();
  };

  core::BulkReader reader(body, format);
  for (size_t index = 0; auto item = reader.Next(); ++index) {
    BulkOutcome& outcome = result.outcomes.emplace_back();
    outcome.index = index;
    core::LeadInput input;
    outcome.error = core::ParseLeadInput(*item, input);
    if (outcome.error.ok()) {
      if (!window) window.emplace(sequencer_, core::NowMillis());
      bool doublet_visible = true;
      auto lead = NewLead(principal, *target, input, window->stamped(), doublet_visible);
      if (lead.has_value()) {
        std::string json = core::EncodeLead(*lead);
        if (doublet_visible) outcome.doublet_of = lead->doublet_of;
        batch.emplace_back(std::move(lead).value(), std::move(json));
        batch_outcomes.push_back(index);
        if (batch.size() == settings_.bulk_batch_size) flush(false);
        continue;
      }
      outcome.error = lead.error();
    }
    ++result.failed;
  }
  flush(true);
  if (result.body.empty()) result.body = EncodeBulkResult(result);
  return result;
}

core::Result<std::string> LeadService::Get(const auth::Principal& principal, uint64_t campaign_id,
                                           uint64_t lead_id) const {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  LG_ASSIGN_OR_RETURN(auto json, leads_.GetJson(campaign_id, lead_id));
  if (!json) return LeadNotFound();
  CompiledFilterPtr scope = ScopeFilter(principal);
  if (scope) {
    LG_ASSIGN_OR_RETURN(bool in_scope, RecordInScope(*scope, *json));
    if (!in_scope) return OutOfScope(principal, campaign_id, lead_id);
  }
  return AsSeenBy(scope.get(), campaign_id, std::move(*json));
}

core::Result<std::string> LeadService::Patch(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id,
                                             std::string_view body) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  core::LeadInput input;
  LG_RETURN_IF_ERROR(core::ParseLeadInput(body, input));
  if (input.campaign_id_present) input.errors.Add("campaign_id", "read_only", "a lead cannot change campaign");
  CompiledFilterPtr scope = ScopeFilter(principal);

  std::lock_guard lock(LockFor(lead_id));
  LG_ASSIGN_OR_RETURN(auto stored, leads_.GetJson(campaign_id, lead_id));
  if (!stored) return LeadNotFound();
  auto previous = core::DecodeLead(*stored);
  if (!previous.has_value()) return previous.error();
  if (scope && !core::Matches(*scope, *previous)) return OutOfScope(principal, campaign_id, lead_id);
  // Permission is checked only once the lead is known to be in scope: out-of-scope is a 404.
  LG_RETURN_IF_ERROR(auth::RequireLeadWrite(principal));
  core::Lead lead = *previous;
  LG_RETURN_IF_ERROR(
      core::ApplyLeadInput(*scoped_schemas_.For(*campaign, scope), input, core::LeadWrite::kPatch, lead));
  UpdateSequencer::Scope write(sequencer_, core::NowMillis(), previous->updated_at);
  lead.updated_at = write.stamped();
  LG_RETURN_IF_ERROR(CheckInScope(scope.get(), lead));
  std::string json = core::EncodeLead(lead);
  LG_RETURN_IF_ERROR(leads_.Put(**campaign, lead, json, &*previous));
  return AsSeenBy(scope.get(), campaign_id, std::move(json));
}

template <typename Visit>
core::Status LeadService::ScanPlanned(uint64_t campaign_id, const core::ScanPlan& plan, std::optional<uint64_t> before,
                                      std::optional<std::pair<int64_t, uint64_t>> after, const Visit& visit,
                                      store::LeadRepo::ScanStats* stats) {
  auto newest = [&](uint64_t lead_id, std::string_view json) { return visit(lead_id, 0, json); };
  switch (plan.source) {
    case core::ScanPlan::Source::kSelectIndex:
      return leads_.ScanOptionNewestFirst(campaign_id, plan.select_id, plan.value_id, before, newest, plan.from_id,
                                          stats);
    case core::ScanPlan::Source::kStatusIndex:
      return leads_.ScanStatusNewestFirst(campaign_id, plan.value_id, before, newest, plan.from_id, stats);
    case core::ScanPlan::Source::kCampaign:
      return leads_.ScanNewestFirst(campaign_id, before, newest, plan.from_id, stats);
    case core::ScanPlan::Source::kUpdatedIndex:
    case core::ScanPlan::Source::kOptionUpdatedIndex: {
      int64_t until = sequencer_.Watermark(core::NowMillis());
      if (plan.updated_until) until = std::min(until, *plan.updated_until);
      auto updated = [&](int64_t updated_at, uint64_t lead_id, std::string_view json) {
        return visit(lead_id, updated_at, json);
      };
      return plan.source == core::ScanPlan::Source::kUpdatedIndex
                 ? leads_.ScanUpdatedAscending(campaign_id, after, until, updated, plan.updated_from, stats)
                 : leads_.ScanOptionUpdatedAscending(campaign_id, plan.select_id, plan.value_id, after, until, updated,
                                                     plan.updated_from, stats);
    }
  }
  return core::Status::Ok();
}

core::Result<LeadPage> LeadService::List(const auth::Principal& principal, uint64_t campaign_id,
                                         const std::multimap<std::string, std::string>& params) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  CompiledFilterPtr scope = ScopeFilter(principal);
  // Against what the token may see: another vendor's option is as unknown as a made-up one.
  const CampaignPtr schema = scoped_schemas_.For(*campaign, scope);
  auto query = core::ParseListQuery(params, *schema);
  if (!query.has_value()) return query.error();
  auto compiled = core::CompileConditions(*schema, query->conditions);
  if (!compiled.has_value()) return compiled.error();
  const core::CompiledFilter& conditions = *compiled;
  core::ScanPlan plan = core::PlanScan(scope.get(), conditions, query->sort);

  LeadPage page;
  page.limit = query->limit;
  page.page = query->page;
  size_t skip = query->page ? (*query->page - 1) * query->limit : 0;
  bool has_more = false;
  core::ListCursor last;
  last.sort = query->sort;
  core::Status unreadable;  // a doublet's lead the store could not read while masking
  // Adds a matching lead to the page (after the skipped ones); false stops the scan.
  auto keep = [&](uint64_t lead_id, int64_t updated_at, std::string_view json) {
    if (page.count == query->limit) {
      has_more = true;  // a further match exists, so the next page is not empty
      return false;
    }
    if (skip > 0) {
      --skip;
      return true;
    }
    std::string masked;
    if (scope && DoubletOf(json)) {
      auto seen = AsSeenBy(scope.get(), campaign_id, std::string(json));
      if (!seen.has_value()) {
        unreadable = seen.error();
        return false;
      }
      masked = std::move(seen).value();
      json = masked;
    }
    if (page.count++ == 0) {
      // Room for a page of leads like the first, up to 256 KiB (a big page grows as it goes).
      page.leads_json.reserve(std::min<size_t>(query->limit * (json.size() + 1), 256u << 10));
    } else {
      page.leads_json += ',';
    }
    page.leads_json.append(json);
    last.lead_id = lead_id;
    last.updated_at = updated_at;
    return true;
  };
  const core::CompiledCondition* only = plan.only_condition;
  // Checks a candidate against everything (the token's filter, the query); false stops the scan.
  auto take = [&](uint64_t lead_id, int64_t updated_at, std::string_view json) {
    // The one condition is the index being scanned, and the store reads an entry and its
    // record at one point in time: the record has the value. No decode on the vendor-page path.
    if (only) return keep(lead_id, updated_at, json);
    auto lead = core::DecodeLead(json);
    if (!lead.has_value() || (scope && !core::Matches(*scope, *lead)) || !core::Matches(conditions, *lead)) return true;
    // The store reads an updated-time entry and its record at one snapshot, and writes them in
    // one batch, so they agree. Kept as a guard (the lead is decoded anyway): a stale entry would
    // show a version twice, out of sync order.
    if (updated_at != 0 && lead->updated_at != updated_at) return true;
    return keep(lead_id, updated_at, json);
  };
  // The scan seeks to where the cursor and the time conditions let matches start, and stops
  // where they end: a page costs what it reads, not what lies before it.
  std::optional<uint64_t> before = plan.before_id;
  if (query->cursor) before = std::min(before.value_or(query->cursor->lead_id), query->cursor->lead_id);
  std::optional<std::pair<int64_t, uint64_t>> after;
  if (query->cursor) after = std::make_pair(query->cursor->updated_at, query->cursor->lead_id);
  store::LeadRepo::ScanStats stats;
  core::Status scanned = ScanPlanned(campaign_id, plan, before, after, take, &stats);
  page.scanned = stats.entries;
  // A page the store could not finish is an error, never a short page.
  LG_RETURN_IF_ERROR(scanned);
  LG_RETURN_IF_ERROR(unreadable);
  if (has_more) {
    if (query->page) {
      page.next_page = *query->page + 1;
    } else {
      page.next_cursor = core::EncodeCursor(last);
    }
  }
  return page;
}

core::Result<LeadCount> LeadService::Count(const auth::Principal& principal, uint64_t campaign_id,
                                           std::string_view body) {
  auto campaign = campaigns_.Get(principal, campaign_id);
  if (!campaign.has_value()) return campaign.error();
  // An admin's tool (the console's filter preview): a scoped token could learn from what a count
  // reads, or from where it stops, how many leads lie outside its filter. Admin tokens are
  // account-level, so there is no token filter to apply below.
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  core::Filter filter;
  LG_RETURN_IF_ERROR(core::DecodeFilterInput(body, /*patch=*/true, filter));
  auto compiled = core::CompileConditions(**campaign, filter);
  if (!compiled.has_value()) return compiled.error();
  const core::CompiledFilter& conditions = *compiled;
  LeadCount count;
  // `any` of no conditions holds for no lead: nothing to read.
  if (conditions.conditions.empty() && conditions.match == core::FilterMatch::kAny) return count;
  core::ScanPlan plan = core::PlanScan(nullptr, conditions, core::ListSort::kNewestFirst);
  // Every candidate matches when the index scanned is the one condition, or when there is no
  // condition: no lead is decoded then.
  const bool check = !plan.only_condition && !conditions.conditions.empty();
  auto take = [&](uint64_t, int64_t, std::string_view json) {
    if (count.examined == settings_.count_max_examined) {
      count.exact = false;  // a further candidate exists
      return false;
    }
    ++count.examined;
    if (check) {
      auto lead = core::DecodeLead(json);
      if (!lead.has_value() || !core::Matches(conditions, *lead)) return true;
    }
    ++count.matches;
    return true;
  };
  LG_RETURN_IF_ERROR(ScanPlanned(campaign_id, plan, plan.before_id, std::nullopt, take, nullptr));
  return count;
}

}  // namespace lg::service
