#pragma once
// One bulk create (POST .../leads/bulk), fed its body as it arrives. Items are framed
// (core/bulk_framer.h), validated and admitted like single creates (LeadAdmission: scope, stamps,
// duplicate rules), and stored in batches of at most LeadSettings::bulk_batch_size leads or
// bulk_batch_bytes of items, one commit each; a bad item fails alone with its own outcome. Memory
// stays bounded by one batch, one item and the outcomes, whatever the body's size.
//  - Fails as a whole, with nothing stored, only before its first item: 404/403 for the campaign
//    and the key's 400/409 (Begin), 400 invalid_json for a body that is not a JSON array (Feed),
//    422 idempotency_key_reused (a retry whose items differ from the first attempt's).
//  - Stops early, answering for the items read and reading no further: the item after the first
//    bulk_max_leads gets 413 too_many_leads, an item the array framing breaks at gets 400
//    invalid_json, the items of a batch the store refused get its error (e.g. 503 disk_full),
//    and a body cut short (Cut) gives its next item that reason.
//  - With an Idempotency-Key each batch commits the outcomes of the items it reports
//    (store::BulkProgress), so a retry after a crash resumes after them: those items answer as
//    first decided, created ones with "replayed": true, and no lead is stored twice. A finished
//    request's answer is kept like a single create's and given again, whole.
// Blocks on store reads and commits: run it off the reactors. One thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/bulk_framer.h"
#include "core/lead.h"
#include "core/sha256.h"
#include "core/status.h"
#include "service/bulk_result.h"
#include "service/idempotency_service.h"
#include "service/lead_admission.h"

namespace lg::service {

class LeadService;

class BulkCreate {
 public:
  // See LeadService::BeginBulk.
  static core::Result<std::unique_ptr<BulkCreate>> Begin(LeadService& service, const auth::Principal& principal,
                                                         uint64_t campaign_id, core::BulkFormat format,
                                                         const std::optional<IdempotentRequest>& idempotent);
  ~BulkCreate();
  BulkCreate(const BulkCreate&) = delete;
  BulkCreate& operator=(const BulkCreate&) = delete;

  // The next piece of the body. An error fails the request as a whole (nothing was stored).
  core::Status Feed(std::string_view piece);
  // The body ended early (too large, a read that failed): its next item gets `why`, nothing more
  // is read. `answered`: the client will hear the answer (a body over its limit), so it is kept
  // for retries like any other; false (the client is gone) leaves the progress for a retry.
  // Returns `why` itself when no item was read yet: the request then fails as a whole.
  core::Status Cut(core::Status why, bool answered);
  // Whether the rest of the body is wanted.
  bool done() const { return stopped_ || framer_.finished(); }
  // The answer, once the body ended (or done()): the last batch and the key's record committed.
  core::Result<BulkCreated> Finish();

 private:
  BulkCreate(LeadService& service, const auth::Principal& principal, uint64_t campaign_id, core::BulkFormat format);
  struct Pending {
    size_t index;
    core::Lead lead;
  };
  // Frames what the framer holds; an error fails the request as a whole.
  core::Status Drain();
  // The next item: framed (`item`), or refused before it could be (`refused`: a broken array, a
  // body cut short), named in the fingerprint by `text`.
  core::Status Take(std::string_view text, const core::BulkItem* item, const core::Status* refused);
  // The outcome of item `index` (in the current part), decided.
  void Decided(size_t index, const BulkOutcome& outcome);
  // Admits and commits the pending leads with this part's outcomes (and, when `last`, the key's
  // record). A commit the store refused stops the bulk.
  void Flush(bool last);
  // The commit of Flush: the pending leads, and the part's progress or (`final_record`) the key's
  // record, under the campaign's write pass.
  void Commit(bool final_record);
  void Stop(const core::Status& why);
  // Checks the resumed items against the earlier attempt's and takes its outcomes.
  core::Status Resume();

  LeadService& service_;
  const auth::Principal& principal_;
  const uint64_t campaign_id_;
  core::BulkFramer framer_;
  std::string format_name_;
  std::optional<core::Sha256Stream> fingerprint_;  // with a key
  std::unique_ptr<IdempotencyClaim> claim_;
  std::optional<store::IdempotencyRecord> completed_;  // a finished request to answer again
  std::vector<store::BulkProgress> resume_;            // an earlier attempt's progress
  size_t resume_items_ = 0;

  size_t items_ = 0;               // items framed so far
  std::string results_;            // outcomes of items before part_start_
  BulkCounts counts_;              // of those
  size_t part_start_ = 0;          // first item of the part not yet committed
  std::vector<std::string> part_;  // outcomes of items [part_start_, items_); empty while pending
  std::vector<bool> part_created_;
  std::vector<Pending> pending_;
  size_t pending_bytes_ = 0;
  bool stopped_ = false;
  bool keep_answer_ = true;  // false: the client is gone, the answer is not kept
  bool store_refused_ = false;
  std::optional<CreateTarget> target_;  // as of Begin: what items are validated against
};

}  // namespace lg::service
