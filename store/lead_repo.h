#pragma once
// Lead records (`leads` column family) and their secondary index entries (`index`): one entry
// per select value (and one per select value and update time), one per status, one per update
// time, one per duplicate-rule key and one per e-mail or phone value (core/person_keys.h). A
// record and its index changes are committed in one WriteUnit, and updates write only the
// difference between the old and new entry sets. A deleted lead leaves a tombstone
// (`tombstones`, core/tombstone.h) that the update-time indexes point at instead. Blocking.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/campaign.h"
#include "core/ids.h"
#include "core/lead.h"
#include "core/status.h"
#include "store/db.h"
#include "store/key_range.h"

namespace lg::store {

class LeadRepo {
 public:
  explicit LeadRepo(Db& db) : db_(db) {}

  // Adds side records (e.g. an idempotency record) to the batch of a Put/PutNew, so they commit
  // together with the leads or not at all.
  using SideWrite = std::function<void(WriteUnit& unit)>;

  // Stores `lead` (already in its API JSON form, `lead_json`) and the index diff against
  // `previous` (nullptr on create), synced before returning.
  core::Status Put(const core::Campaign& campaign, const core::Lead& lead, const std::string& lead_json,
                   const core::Lead* previous, const SideWrite& side = {});

  // Stores many new leads (each with its JSON form) and their index entries in one synced batch.
  core::Status PutNew(const core::Campaign& campaign, const std::vector<std::pair<core::Lead, std::string>>& leads,
                      const SideWrite& side = {});
  // Adds a new lead's record and index entries to `unit`, for the caller to commit (with side
  // records of its own), e.g. through the group committer (store/group_commit.h).
  static void AddNew(WriteUnit& unit, const core::Campaign& campaign, const core::Lead& lead,
                     std::string_view lead_json);

  // Deletes `lead` (as stored), every index entry it has and what else holds it, and leaves its tombstone stamped
  // `deleted_at` with update-time entries at that time, in one synced batch. `side` adds what else goes (it may read);
  // its error cancels the deletion.
  using DeleteSide = std::function<core::Status(WriteUnit& unit)>;
  // `in_filters`: the saved filters the lead matches (core/tombstone.h), ascending.
  core::Status Delete(const core::Campaign& campaign, const core::Lead& lead, int64_t deleted_at,
                      const std::vector<uint64_t>& in_filters, const DeleteSide& side = {});
  // The ids of the campaign's leads with an e-mail or phone value under `person_key`
  // (core/person_keys.h), oldest first: one seek.
  core::Result<std::vector<uint64_t>> FindPerson(uint64_t campaign_id, std::string_view person_key) const;
  // Drops up to `max` tombstones deleted before `deleted_before` ms, with their index entries;
  // `campaign_of` gives a campaign by id (null: unknown, its entries are left). Not synced: a
  // lost drop is redone by the next call. Returns how many were dropped.
  using CampaignLookup = std::function<std::shared_ptr<const core::Campaign>(uint64_t campaign_id)>;
  core::Result<size_t> DropTombstones(const CampaignLookup& campaign_of, int64_t deleted_before, size_t max);
  // Whether any tombstone was left before `deleted_before` (one key read).
  core::Result<bool> HasTombstonesBefore(int64_t deleted_before) const;

  // The stored JSON of one lead; nullopt when there is none.
  core::Result<std::optional<std::string>> GetJson(core::CampaignId campaign_id, core::LeadId lead_id) const;

  // The record of lead `lead_id` or, when there is none, the next record in key order (of whatever
  // campaign; nullopt past the last one): one seek and one record read either way, so a lead that
  // is not there costs what one that is does (a scoped read answers both alike, see LeadService).
  struct AtOrAfter {
    bool exact = false;  // the record is the lead asked for
    std::string json;
  };
  core::Result<std::optional<AtOrAfter>> GetJsonAtOrAfter(core::CampaignId campaign_id, core::LeadId lead_id) const;

  // What a scan read, its cost: the index entries it read (each with its record), or the lead
  // records of a campaign scan. Entries read ahead of the visits (records are fetched a batch at
  // a time) count too. Added to, so one ScanStats can sum several scans.
  struct ScanStats {
    uint64_t entries = 0;
  };

  // Which of a campaign's leads a newest-first scan reads: ids in [from_id, before_id), no upper
  // bound when before_id is not given.
  struct IdRange {
    uint64_t campaign_id = 0;
    std::optional<uint64_t> before_id;
    uint64_t from_id = 0;
  };
  // Which of a campaign's update-time entries an oldest-first scan reads: strictly after `after`
  // (updated_at, lead id), at or after `from_time` ms and strictly before `until` ms.
  struct UpdateRange {
    uint64_t campaign_id = 0;
    std::optional<std::pair<int64_t, uint64_t>> after;
    int64_t from_time = 0;
    int64_t until = 0;
  };
  // One option of one select: the option indexes hold its leads apart.
  struct OptionRef {
    uint32_t select_id = 0;
    uint32_t option_id = 0;
  };

  // Visits leads as (id, stored JSON); return false to stop.
  using LeadVisitor = std::function<bool(uint64_t lead_id, std::string_view json)>;
  // Newest first, the ids in `ids`: all of a campaign, or one index range. The scan seeks to
  // before_id and stops at from_id, so it costs what it visits. An index scan reads its entries
  // and their records at one point in time, so every record visited has the option, status or
  // update time it was found under, even while updates land.
  // Each scan returns the store's error when it could not finish (the visits so far are not all).
  core::Status ScanNewestFirst(const IdRange& ids, const LeadVisitor& visit, ScanStats* stats = nullptr) const;
  core::Status ScanOptionNewestFirst(const IdRange& ids, OptionRef option, const LeadVisitor& visit,
                                     ScanStats* stats = nullptr) const;
  core::Status ScanStatusNewestFirst(const IdRange& ids, uint32_t status_id, const LeadVisitor& visit,
                                     ScanStats* stats = nullptr) const;
  // Oldest update first, the entries in `range`; the scan seeks to the later of the cursor and
  // from_time. A deleted lead is visited as its tombstone (`deleted` true) at its deletion time.
  using UpdatedVisitor = std::function<bool(int64_t updated_at, uint64_t lead_id, std::string_view json, bool deleted)>;
  core::Status ScanUpdatedAscending(const UpdateRange& range, const UpdatedVisitor& visit,
                                    ScanStats* stats = nullptr) const;
  // The same over the leads with one option: a vendor's sync reads its own changes only.
  core::Status ScanOptionUpdatedAscending(const UpdateRange& range, OptionRef option, const UpdatedVisitor& visit,
                                          ScanStats* stats = nullptr) const;

  // The leads indexed under a duplicate rule's `rule_key` (core::DuplicateKeys) created at or after
  // `created_from` ms, oldest first (by created_at, then id), with their records; `visit` returns
  // false to stop. The first visit costs one seek and one record read.
  core::Status ScanDuplicateMatches(uint64_t campaign_id, std::string_view rule_key, int64_t created_from,
                                    const LeadVisitor& visit) const;
  // After a campaign's duplicate rules changed: adds the duplicate entries its leads now need and
  // removes the ones no rule compares any more. Writes in batches; returns the first error.
  core::Status ReindexDuplicates(const core::Campaign& campaign);

  // Up to `max` ids of the campaign's leads below `before_id`, oldest first (keys only).
  core::Result<std::vector<uint64_t>> OldestIds(core::CampaignId campaign_id, core::LeadId before_id, size_t max) const;

  // The highest lead id stored for the campaign, deleted ones included (0 if none): seeds the id
  // generator.
  core::Result<uint64_t> MaxLeadId(uint64_t campaign_id) const;

  // The index keys a lead should have under `campaign`, sorted.
  static std::vector<std::string> IndexKeysFor(const core::Campaign& campaign, const core::Lead& lead);
  // Where a deleted lead's values were, for store/disk_purge.h: its record, the index entries
  // derived from its values (hashed, but of personal data), and the Idempotency-Key records
  // (their column family: small, and a record's key does not name its lead), and the cluster
  // outbox (the commands that carried it).
  struct ErasedRange {
    Cf cf;
    std::string begin, end;  // [begin, end); an empty end: to the last key
  };
  static std::vector<ErasedRange> ErasedRanges(const core::Campaign& campaign, const core::Lead& lead);
  // The index keys a tombstone (decoded as a lead, core/tombstone.h) has: its update-time entries.
  static std::vector<std::string> TombstoneIndexKeysFor(const core::Campaign& campaign, const core::Lead& tombstone);

 private:
  // Oldest first over a range of the campaign's update-time entries.
  core::Status ScanUpdatedRange(core::CampaignId campaign_id, const KeyRange& range, const UpdatedVisitor& visit,
                                ScanStats* stats) const;
  // In key order over a range of the campaign's option or status entries (newest lead first).
  core::Status ScanIndexNewestFirst(core::CampaignId campaign_id, const KeyRange& range, const LeadVisitor& visit,
                                    ScanStats* stats) const;
  // Visits the index entries in `range` of one campaign with their lead records; with
  // `tombstones`, an entry without a record is visited with its lead's tombstone (`deleted`).
  using IndexedLeadVisitor = std::function<bool(std::string_view index_key, std::string_view json, bool deleted)>;
  core::Status ScanIndexedLeads(core::CampaignId campaign_id, const KeyRange& range, const IndexedLeadVisitor& visit,
                                ScanStats* stats, bool tombstones = false) const;

  Db& db_;
};

}  // namespace lg::store
