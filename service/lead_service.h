#pragma once
// Lead use cases: create (one or in bulk), get, list and PATCH leads within what the calling
// token may see.
//  - Scope: a campaign-scoped token sees one campaign; a token with a saved filter sees only
//    leads matching it. Anything outside answers 404, exactly as if it did not exist.
//  - Writes: validated against the schema; a filtered token's pinned select/status values are
//    stamped onto new leads that omit them, and a lead must match the token's filter after every
//    write by that token (else 422 `outside_token_scope`, nothing stored). Every write commits
//    the record with its index diff in one batch; a success means the batch is as safe as
//    store.durability says.
//  - Retries: a create with an Idempotency-Key answers a retry with the first answer (replayed)
//    and creates nothing; the first answer's record commits in the lead's own batch.
//  - Duplicate rules: a create is checked against the campaign's earlier leads and the ones
//    still on their way to the disk.
//  - Reads: lists are planned (core/query_plan.h) onto an index range; conditions the range does
//    not answer are checked on each candidate.
// Thread-safe. Create is awaitable and never blocks its thread on the disk (its commit goes to
// the store's group committer); the other methods block on store reads and synced writes.

#include <array>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/bulk_reader.h"
#include "core/lead.h"
#include "core/lead_id_generator.h"
#include "core/lead_rules.h"
#include "core/list_query.h"
#include "core/query_plan.h"
#include "core/status.h"
#include "service/bulk_result.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "service/idempotency_service.h"
#include "service/in_flight_leads.h"
#include "service/scoped_schemas.h"
#include "service/update_sequencer.h"
#include "store/db.h"
#include "store/lead_repo.h"

namespace lg::service {

// A created lead as its creator sees it: 201, a Location and the lead.
struct CreatedLead {
  std::string location;   // path of the lead's URL ("/v2/campaigns/1/leads/2")
  std::string json;       // the lead
  bool replayed = false;  // the stored answer to an earlier request with this Idempotency-Key
};

// The path of a lead's URL ("/v2/campaigns/1/leads/2"), for Location headers.
std::string LeadPath(uint64_t campaign_id, uint64_t lead_id);

struct LeadSettings {
  size_t bulk_max_leads = 10000;  // more items in one bulk request: 413 too_many_leads
  size_t bulk_batch_size = 500;   // leads per synced batch in a bulk create
  // A count reads at most this many candidates, then answers with what it found (not exact).
  uint64_t count_max_examined = 500000;
};

// How many leads in a token's scope match some conditions (POST .../leads/count).
struct LeadCount {
  uint64_t matches = 0;
  uint64_t examined = 0;  // candidates the scan read (index entries or records)
  bool exact = true;      // false: the scan stopped at LeadSettings::count_max_examined
};

struct LeadPage {
  // The page's leads in their stored JSON form, comma-separated: the contents of the `data`
  // array, built in one buffer rather than one string per lead (a page is ~60 KB).
  std::string leads_json;
  size_t count = 0;                        // leads on the page
  std::optional<std::string> next_cursor;  // cursor paging
  std::optional<size_t> next_page;         // page-number paging
  size_t limit = 0;
  std::optional<size_t> page;
  // What the store read to answer: index entries, or lead records for a campaign scan (see
  // store::LeadRepo::ScanStats). A cost measure for tests and logs, not part of the answer.
  uint64_t scanned = 0;
};

class LeadService {
 public:
  LeadService(CampaignService& campaigns, FilterService& filters, store::Db& db, store::LeadRepo& leads,
              IdempotencyService& idempotency, core::LeadIdGenerator& ids, AuditService& audit,
              LeadSettings settings = {})
      : campaigns_(campaigns),
        filters_(filters),
        db_(db),
        leads_(leads),
        idempotency_(idempotency),
        ids_(ids),
        audit_(audit),
        settings_(settings) {}

  // Creates one lead. `path_campaign_id` comes from /v2/campaigns/{id}/leads; without it the
  // body's campaign_id is used, or the token's campaign. Validation, stamping, the scope check
  // and duplicate rules run on the calling thread (no blocking beyond index reads); the commit is
  // awaited without holding the thread, and the coroutine resumes on its own executor. With
  // `idempotent`, a retry gets the first answer back (replayed) and creates nothing.
  // The arguments must stay alive until the call completes.
  boost::asio::awaitable<core::Result<CreatedLead>> Create(const auth::Principal& principal,
                                                           std::optional<uint64_t> path_campaign_id,
                                                           std::string_view body,
                                                           std::optional<IdempotentRequest> idempotent);
  // Creates every lead of `body` (a JSON array or NDJSON) in `campaign_id`, each one like Create,
  // in synced batches of settings.bulk_batch_size; a bad lead fails alone with its own outcome.
  // Fails as a whole only before anything is written: 404/403 for the campaign, 400 for a body
  // that is not a JSON array, 413 too_many_leads over settings.bulk_max_leads. With `idempotent`,
  // the encoded answer commits in the last batch, and a retry gets it back. Blocks.
  core::Result<BulkCreated> CreateBulk(const auth::Principal& principal, uint64_t campaign_id, core::BulkFormat format,
                                       std::string_view body, std::optional<IdempotentRequest> idempotent);
  core::Result<std::string> Get(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const;
  core::Result<std::string> Patch(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id,
                                  std::string_view body);
  // `params`: the list query string (see core/list_query.h).
  core::Result<LeadPage> List(const auth::Principal& principal, uint64_t campaign_id,
                              const std::multimap<std::string, std::string>& params);

  // How many leads of the campaign match `body`'s conditions, a filter document without a name
  // ({"match": "all", "conditions": [...]}; none: every lead). Admin tokens only (403, after
  // the campaign's 404). Checked like a saved filter (422 for a bad condition). Blocks on store
  // reads.
  core::Result<LeadCount> Count(const auth::Principal& principal, uint64_t campaign_id, std::string_view body);

  // The token's compiled filter; nullptr for a token without one (also cuts schemas down for it).
  CompiledFilterPtr ScopeFilter(const auth::Principal& principal) const;

 private:
  // What every create into one campaign shares: the campaign, the token's filter and the values
  // it pins onto new leads.
  struct CreateTarget {
    CampaignPtr campaign;
    CompiledFilterPtr scope;
    CampaignPtr schema;  // the campaign as the token sees it: new leads are checked against it
    core::LeadPresets pins;
  };
  // 404 for a campaign outside the token's scope, then 403 without write permission.
  core::Result<CreateTarget> TargetFor(const auth::Principal& principal, uint64_t campaign_id) const;
  // The one per-lead step of every create: validates `input` against the campaign, stamps the
  // token's pinned values, assigns id, creator and times (`stamped`, from the sequencer), checks
  // the result lies within the token's scope and applies the campaign's duplicate rules. A lead
  // that passed duplicate rules is in flight (in_flight_) until Settle.
  // `doublet_visible` tells whether the lead `doublet_of` names lies within the token's scope.
  core::Result<core::Lead> NewLead(const auth::Principal& principal, const CreateTarget& target, core::LeadInput& input,
                                   int64_t stamped, bool& doublet_visible);
  // After a new lead's commit, successful or not.
  void Settle(const core::Campaign& campaign, uint64_t lead_id);
  // A single create between its checks and the end of its commit (defined in the .cc).
  struct PendingCreate;
  // Everything of Create up to the commit: the new lead's unit and answer, holding its sequencer
  // window and its place among the in-flight leads until the PendingCreate is destroyed.
  core::Result<std::unique_ptr<PendingCreate>> PrepareCreate(const auth::Principal& principal,
                                                             std::optional<uint64_t> path_campaign_id,
                                                             std::string_view body);
  // The campaign's duplicate rules, checked through the doublet index and against the leads in
  // flight, over every lead of the campaign: sets `doublet_of` for a `flag` rule, or answers 409
  // duplicate_lead for a `reject` rule. The earlier lead is named (409's `doublet_of`) only when
  // it lies within `scope` (null: everything); `doublet_visible` says whether the flagged one
  // does. Callers hold DoubletLockFor.
  core::Status ApplyDoubletRules(const core::Campaign& campaign, const core::CompiledFilter* scope, core::Lead& lead,
                                 bool& doublet_visible) const;
  // A stored lead as a token with `scope` may see it: `doublet_of` names the earlier lead only
  // when that lead lies within the scope too, and reads null otherwise (a vendor learns nothing
  // of other vendors' leads, not even their ids).
  core::Result<std::string> AsSeenBy(const core::CompiledFilter* scope, uint64_t campaign_id, std::string json) const;
  // Check-and-register of a new lead in a campaign with duplicate rules is serialized, so two
  // copies of one lead sent at once cannot both pass.
  std::mutex& DoubletLockFor(uint64_t campaign_id) { return doublet_locks_[campaign_id % doublet_locks_.size()]; }

  // Hands `visit` each candidate `plan` names (lead id, updated time for the updated-order
  // sources and 0 for the others, stored JSON) from `before` (newest-first) or after `after`
  // (update order); false from `visit` stops the walk.
  // `visit`: bool(uint64_t lead_id, int64_t updated_at, std::string_view json). A template, so
  // the page path calls its visitor directly (defined and used in the .cc only).
  template <typename Visit>
  core::Status ScanPlanned(uint64_t campaign_id, const core::ScanPlan& plan, std::optional<uint64_t> before,
                           std::optional<std::pair<int64_t, uint64_t>> after, const Visit& visit,
                           store::LeadRepo::ScanStats* stats);

  core::Status CheckInScope(const core::CompiledFilter* scope, const core::Lead& lead) const;
  // The 404 for a lead that exists but lies outside the token's filter, audited.
  core::Status OutOfScope(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) const;

  // PATCH is read-modify-write of a record and its index entries: one writer per lead at a time.
  std::mutex& LockFor(uint64_t lead_id) { return patch_locks_[lead_id % patch_locks_.size()]; }

  CampaignService& campaigns_;
  FilterService& filters_;
  store::Db& db_;
  store::LeadRepo& leads_;
  IdempotencyService& idempotency_;
  core::LeadIdGenerator& ids_;
  AuditService& audit_;
  const LeadSettings settings_;
  UpdateSequencer sequencer_;
  std::array<std::mutex, 64> patch_locks_;
  std::array<std::mutex, 16> doublet_locks_;
  InFlightLeads in_flight_;
  mutable ScopedSchemas scoped_schemas_;
};

}  // namespace lg::service
