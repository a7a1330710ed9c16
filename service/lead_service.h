#pragma once
// Lead use cases: create (one or in bulk), get, list and PATCH leads within what the calling
// token may see.
//  - Scope: a campaign-scoped token sees one campaign; a token with a saved filter sees only
//    leads matching it (LeadVisibility). Anything outside answers 404, exactly as if it did not
//    exist.
//  - Writes: validated against the schema; a filtered token's pinned select/status values are
//    stamped onto new leads that omit them, and a lead must match the token's filter after every
//    write by that token (else 422 `outside_token_scope`, nothing stored). Every write commits
//    the record with its index diff in one batch; a success means the batch is as safe as
//    store.durability says. New leads go through LeadAdmission (ids, duplicate rules, commit
//    order); every write holds its campaign's write pass (CampaignWriters) until committed.
//  - Retries: a create with an Idempotency-Key answers a retry with the first answer (replayed)
//    and creates nothing; the first answer's record commits in the lead's own batch. A bulk's
//    progress commits with each batch (service/bulk_create.h).
//  - Reads: lists are planned (core/query_plan.h) onto an index range (LeadLists).
//  - Deletes: one lead, or every lead of a person, with everything derived from it (LeadErasure).
// Thread-safe. Create is awaitable and reads nothing from the store on the calling thread: a
// create that must read (an Idempotency-Key, duplicate rules, a campaign being re-indexed) runs
// that part through the offload hook (a worker), and every create awaits its commit without
// holding a thread. The other methods block on store reads and synced writes.

#include <array>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/bulk_framer.h"
#include "core/ids.h"
#include "core/lead.h"
#include "core/lead_id_generator.h"
#include "core/lead_rules.h"
#include "core/status.h"
#include "service/bulk_result.h"
#include "service/campaign_service.h"
#include "service/campaign_writers.h"
#include "service/filter_service.h"
#include "service/idempotency_service.h"
#include "service/lead_admission.h"
#include "service/lead_erasure.h"
#include "service/lead_events.h"
#include "service/lead_lists.h"
#include "service/lead_stats.h"
#include "service/lead_visibility.h"
#include "service/token_scope.h"
#include "service/update_sequencer.h"
#include "store/db.h"
#include "store/lead_repo.h"

namespace lg::service {

class BulkCreate;

// A created lead as its creator sees it: 201, a Location and the lead.
struct CreatedLead {
  std::string location;   // path of the lead's URL ("/v2/campaigns/1/leads/2")
  std::string json;       // the lead
  bool replayed = false;  // the stored answer to an earlier request with this Idempotency-Key
};

// The path of a lead's URL ("/v2/campaigns/1/leads/2"), for Location headers.
std::string LeadPath(core::CampaignId campaign_id, core::LeadId lead_id);

struct LeadSettings {
  size_t bulk_max_leads = 10000;  // items beyond it in one bulk request: 413 too_many_leads, not read
  size_t bulk_batch_size = 500;   // leads per commit in a bulk create
  // Item bytes per commit in a bulk create: with bulk_batch_size, what one bulk holds in memory.
  size_t bulk_batch_bytes = size_t{2} << 20;
  size_t bulk_item_limit_bytes = size_t{1} << 20;  // a larger item is 413 payload_too_large
  // A count reads at most this many candidates, then answers with what it found (not exact).
  uint64_t count_max_examined = 500000;
};

class LeadService {
 public:
  LeadService(CampaignService& campaigns, FilterService& filters, store::Db& db, store::LeadRepo& leads,
              IdempotencyService& idempotency, const LeadEvents& events, core::LeadIdGenerator& ids,
              AuditService& audit, LeadSettings settings = {});
  ~LeadService();

  // Runs `work`, which may block on the store, off the calling reactor and resumes the caller
  // once it is done (the server hands it to its worker pool). Default: runs it in place.
  using Offload = std::function<boost::asio::awaitable<void>(std::function<void()> work)>;
  void SetOffload(Offload offload) { offload_ = std::move(offload); }

  // Creates one lead. `path_campaign_id` comes from /v2/campaigns/{id}/leads; without it the
  // body's campaign_id is used, or the token's campaign. The commit is awaited without holding
  // the thread, and the coroutine resumes on its own executor. With `idempotent`, a retry gets
  // the first answer back (replayed) and creates nothing. The arguments must stay alive until
  // the call completes.
  boost::asio::awaitable<core::Result<CreatedLead>> Create(const auth::Principal& principal,
                                                           std::optional<uint64_t> path_campaign_id,
                                                           std::string_view body,
                                                           std::optional<IdempotentRequest> idempotent);
  // A bulk create whose body is fed as it arrives (see service/bulk_create.h). Fails as a whole
  // only here: 404/403 for the campaign, the Idempotency-Key's 400/409. Blocks on store reads.
  // `principal` and the request must outlive it.
  core::Result<std::unique_ptr<BulkCreate>> BeginBulk(const auth::Principal& principal, uint64_t campaign_id,
                                                      core::BulkFormat format,
                                                      std::optional<IdempotentRequest> idempotent);
  // BeginBulk, the whole `body` fed at once, and its answer. Blocks.
  core::Result<BulkCreated> CreateBulk(const auth::Principal& principal, uint64_t campaign_id, core::BulkFormat format,
                                       std::string_view body, std::optional<IdempotentRequest> idempotent);
  core::Result<std::string> Get(const auth::Principal& principal, core::CampaignId campaign_id,
                                core::LeadId lead_id) const;
  core::Result<std::string> Patch(const auth::Principal& principal, core::CampaignId campaign_id, core::LeadId lead_id,
                                  std::string_view body);
  // `params`: the list query string (see core/list_query.h).
  core::Result<LeadPage> List(const auth::Principal& principal, uint64_t campaign_id,
                              const std::multimap<std::string, std::string>& params) {
    return lists_.List(principal, campaign_id, params);
  }
  // See LeadErasure. Block on store reads and synced writes.
  core::Status Delete(const auth::Principal& principal, core::CampaignId campaign_id, core::LeadId lead_id) {
    return erasure_.Delete(principal, campaign_id, lead_id);
  }
  core::Result<ErasureResult> Erase(const auth::Principal& principal, std::string_view body) {
    return erasure_.Erase(principal, body);
  }
  core::Result<size_t> EraseCreatedBefore(const core::Campaign& campaign, int64_t created_before, size_t max,
                                          const std::function<bool()>& before_each = {}) {
    return erasure_.EraseCreatedBefore(campaign, created_before, max, before_each);
  }
  // Told of every lead deleted, once committed (the server purges its bytes from the disk).
  void SetOnDeleted(LeadErasure::OnDeleted on_deleted) { erasure_.SetOnDeleted(std::move(on_deleted)); }

  // See LeadLists::FeedHead. With SettledWrites, what a live reader of the sync feed (the event
  // stream, a long-poll) needs: whether the feed may hold more than its last read saw.
  std::string FeedHead() { return lists_.FeedHead(); }
  SettledWrites Settled() { return sequencer_.Settled(); }

  // See LeadLists::Count (admin tokens only).
  core::Result<LeadCount> Count(const auth::Principal& principal, uint64_t campaign_id, std::string_view body) {
    return lists_.Count(principal, campaign_id, body);
  }

  // Compiles the token's scope (its filter, the schema as it sees it: service/token_scope.h) and
  // attaches it to `principal`, once per request (at admission, and where a replicated command
  // is applied), so the request's calls do not compile it again. Nothing for a token without a
  // filter.
  void AttachScope(auth::Principal& principal) const { principal.scope = visibility_.CompileScope(principal); }
  // The token's compiled filter; nullptr for a token without one (also cuts schemas down for it).
  CompiledFilterPtr ScopeFilter(const auth::Principal& principal) const { return visibility_.ScopeFilter(principal); }
  // `campaign` as the token sees it: a filtered token, only the options and statuses its filter
  // allows (so it never learns the other vendors' names); any other token, `campaign` itself.
  CampaignPtr VisibleSchema(const auth::Principal& principal, const CampaignPtr& campaign) const {
    return SchemaSeenWith(visibility_.ScopeOf(principal).get(), campaign);
  }

  // The sync feed's watermark (UpdateSequencer::Watermark): what is below it is settled.
  int64_t Watermark(int64_t now_millis) { return sequencer_.Watermark(now_millis); }

  // Re-indexes the campaign's leads under its duplicate rules (after the rules changed what they
  // compare), with the campaign's writes held off meanwhile. Blocks.
  core::Status RebuildDuplicateIndex(const core::Campaign& campaign);
  // Counts a submission of `principal`'s into `campaign_id` refused for `why` in the vendor
  // statistics (service/lead_stats.h), when it is the submitter's refusal. Does not wait.
  void RecordRefused(const auth::Principal& principal, std::optional<uint64_t> campaign_id,
                     const core::Status& why) const;
  // Where refusals decided outside a replicated command go instead of this node's store (a
  // cluster's service/refusal_forwarder.h); false from it: counted here after all. Set before
  // serving, cleared after.
  using RefusalForwarder = std::function<bool(const std::vector<RefusalCount>&)>;
  void SetRefusalForwarder(RefusalForwarder forwarder) { refusal_forwarder_ = std::move(forwarder); }

 private:
  friend class BulkCreate;
  // 404 for a campaign outside the token's scope, then 403 without write permission.
  core::Result<CreateTarget> TargetFor(const auth::Principal& principal, uint64_t campaign_id) const;
  // `input` checked against the schema the token sees, the token's pinned values stamped, the
  // creator set: a candidate for LeadAdmission.
  core::Result<core::Lead> Validate(const auth::Principal& principal, const CreateTarget& target,
                                    core::LeadInput& input) const;
  // A single create up to its commit (defined in the .cc).
  struct PreparedCreate;
  // Everything of Create up to the submitted commit. With `may_block` false it neither reads nor
  // waits: it answers null when the create needs to (a key, duplicate rules, a re-index).
  core::Result<std::unique_ptr<PreparedCreate>> PrepareCreate(const auth::Principal& principal,
                                                              std::optional<uint64_t> path_campaign_id,
                                                              std::string_view body,
                                                              const std::optional<IdempotentRequest>& idempotent,
                                                              bool may_block);
  // The 404 for a lead that exists but lies outside the token's filter, audited.
  core::Status OutOfScope(const auth::Principal& principal, core::CampaignId campaign_id, core::LeadId lead_id) const;

  // PATCH is read-modify-write of a record and its index entries: one writer per lead at a time.
  std::mutex& LockFor(uint64_t lead_id) { return patch_locks_[lead_id % patch_locks_.size()]; }

  CampaignService& campaigns_;
  FilterService& filters_;
  store::Db& db_;
  store::LeadRepo& leads_;
  IdempotencyService& idempotency_;
  const LeadEvents& events_;
  AuditService& audit_;
  const LeadSettings settings_;
  UpdateSequencer sequencer_;
  CampaignWriters writers_;
  LeadAdmission admission_;
  LeadVisibility visibility_;
  LeadLists lists_;
  std::array<std::mutex, 64> patch_locks_;
  LeadErasure erasure_;
  Offload offload_;
  RefusalForwarder refusal_forwarder_;
};

}  // namespace lg::service
