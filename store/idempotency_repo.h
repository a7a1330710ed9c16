#pragma once
// Idempotency-Key records (`idem` column family): the response a create gave, kept per token and
// key digest so a retried request can get it again instead of creating twice. Each record has an
// expiry-order entry next to it so old records can be found and deleted without a full scan.
// The client's key is never stored, only its SHA-256 digest. Blocking; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/status.h"
#include "store/db.h"

namespace lg::store {

struct IdempotencyRecord {
  int64_t created_at = 0;   // ms; the record counts as absent once older than the retention
  std::string fingerprint;  // SHA-256 of the request (method, path, body): same key, other body = reuse
  int status = 0;           // HTTP status of the stored response
  std::string location;     // path part of the Location header ("/v2/campaigns/1/leads/2"), or empty
  std::string body;         // response body (application/json)
  // The lead the response holds (its creation), so deleting the lead deletes the record. Not
  // part of the stored record: kept beside it (store/key_codec.h, [0x04]).
  struct LeadRef {
    uint64_t campaign_id = 0;
    uint64_t lead_id = 0;
  };
  std::optional<LeadRef> lead;
};

// Part of a bulk create's progress under one key, committed with the leads it reports, so a retry
// after a crash resumes where the first attempt stopped instead of creating its leads again.
struct BulkProgress {
  int64_t created_at = 0;   // ms, when the attempt wrote its first part (expires like a record)
  std::string fingerprint;  // SHA-256 of the request up to end_item (IdempotencyService)
  uint32_t first_item = 0;  // the items reported: [first_item, end_item)
  uint32_t end_item = 0;
  std::string outcomes;  // their outcomes: JSON objects separated by commas, as in "results"
};

class IdempotencyRepo {
 public:
  explicit IdempotencyRepo(Db& db) : db_(db) {}

  // `digest`: keys::kIdemDigestSize bytes.
  core::Result<std::optional<IdempotencyRecord>> Get(uint64_t token_id, std::string_view digest) const;

  // Adds the record and its expiry entry to `unit`, to commit with the change it answers for.
  static void Add(WriteUnit& unit, uint64_t token_id, std::string_view digest, const IdempotencyRecord& record);
  // A bulk's progress, in order of first_item (none: empty).
  core::Result<std::vector<BulkProgress>> GetProgress(uint64_t token_id, std::string_view digest) const;
  // Adds a part of a bulk's progress to `unit` (the first one, first_item 0, with an expiry entry).
  static void AddProgress(WriteUnit& unit, uint64_t token_id, std::string_view digest, const BulkProgress& progress);
  // Deletes the parts starting at `first_items` (once the bulk's record replaces them).
  static void ClearProgress(WriteUnit& unit, uint64_t token_id, std::string_view digest,
                            const std::vector<uint32_t>& first_items);

  // Adds to `unit` the deletion of every record that answers with the lead (IdempotencyRecord::
  // lead), with its expiry entry: a deleted lead's body stays in no record. Reads the store.
  core::Status AddForgetLead(WriteUnit& unit, core::CampaignId campaign_id, core::LeadId lead_id) const;

  // The same in a batch of its own, synced.
  core::Status Put(uint64_t token_id, std::string_view digest, const IdempotencyRecord& record);

  struct Expiry {
    int64_t created_at = 0;
    uint64_t token_id = 0;
    std::string digest;
    std::optional<IdempotencyRecord::LeadRef> lead;  // the record's lead, when it has one
  };
  // Up to `max` expiry entries of records created before `created_before` ms, oldest first.
  core::Result<std::vector<Expiry>> CreatedBefore(int64_t created_before, size_t max) const;
  // Deletes the entries and their records (and a bulk's progress); a record or progress written
  // again since (a newer created_at under the same key) is kept. Not synced: a lost delete is
  // redone by the next sweep.
  core::Status Delete(const std::vector<Expiry>& expired);

 private:
  Db& db_;
};

}  // namespace lg::store
