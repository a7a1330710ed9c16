#pragma once
// Every key layout of the store. Nothing else builds, slices or reads key bytes: each key family
// has its builder, its prefixes and scan ranges, and a decoder that returns its parts. Integers
// are fixed-width big-endian so that byte order equals tuple order, and scans run in id order.
//
// Column family `meta`
//   [0x01][campaign_id u64]                                      -> campaign schema
//   [0x02][counter name bytes]                                   -> u64 counter value
//   [0x03][campaign_id u64][filter_id u64]                       -> saved filter
//   [0x04][marker name bytes]                                    -> empty: a one-off migration
//                                                                   has run (e.g. a backfill)
//   [0x05]                                                       -> u64 the last replicated-log
//                                                                   position applied (cluster
//                                                                   mode) and 4 x u64 the apply
//                                                                   clock it left, committed with
//                                                                   that entry's changes
//   [0x06][origin u32][sequence u64]                             -> u64 the log position that command
//                                                                   was applied (or last seen again) at:
//                                                                   a copy appended again after a
//                                                                   restart changes nothing
//   [0x07][sequence u64]                                         -> a command this node proposed,
//                                                                   synced before it was appended;
//                                                                   deleted when it is applied
// Column family `leads`
//   [campaign_id u64][lead_id u64]                               -> lead record
// Column family `index` (values are empty; the key is the fact)
//   [0x05][campaign_id u64][select_id u32][option_id u32][~lead_id u64]  lead has that option
//   [0x06][campaign_id u64][status_id u32][~lead_id u64]                 lead has that status
//        (~lead_id: bitwise complement, so a forward scan yields the newest lead first: lists
//        are newest first, and RocksDB iterates forwards much faster than backwards, above all
//        through a memtable, where the newest leads are)
//   [0x03][campaign_id u64][updated_at ms u64][lead_id u64]              lead was last updated then
//   [0x07][campaign_id u64][select_id u32][option_id u32][updated_at ms u64][lead_id u64]
//        lead has that option and was last updated then: a vendor's sync (`source eq x`,
//        sort=updated_at) reads its own changes only. Stores written before 2026-12 get these
//        at open (store/index_backfill.h).
//   [0x08][campaign_id u64][rule key, 16 bytes][created_at ms u64][lead_id u64]
//        lead counts for a duplicate rule under that key (core/duplicate_rule.h DuplicateKeys: what the
//        rule matches on as a whole) and was created then: a check seeks to the start of the
//        rule's window and reads the first entry. Oldest first.
//   [0x09][campaign_id u64][person key, 16 bytes][lead_id u64]
//        lead has an e-mail or phone value with that key (core/person_keys.h): an erasure
//        request finds a person's leads with one seek per campaign. Stores written before
//        2026-12-07 get these at open (store/index_backfill.h).
//   A deleted lead keeps its [0x03] and [0x07] entries, re-stamped with the deletion time and
//   pointing at its tombstone instead of a record: the sync feed carries the deletion. Every
//   other entry of the lead is deleted with it.
//   [0x04][campaign_id u64][value hash u64][lead_id u64]   legacy: one entry per compared value;
//        removed at open, the [0x08] entries built instead (store/index_backfill.h)
//   Stores written before 2026-11-29 hold option and status entries as [0x01]/[0x02] with the
//   plain lead id; Db::Open rewrites them (store/index_layout_upgrade.h).
// Column family `auth`
//   [0x01][keyed hash, 32 bytes]                                 -> token_id u64
//   [0x02][token_id u64]                                         -> token record
//   [0x03][token_id u64]                                         -> u64 last-used time (ms)
// Column family `audit`
//   [event_id u64] (time-ordered: ms << 12 | sequence)            -> audit event
// Column family `idem` (Idempotency-Key records; expire after limits.idempotency_retention_hours)
//   [0x01][token_id u64][key digest, 32 bytes]                   -> idempotency record
//   [0x02][created_at ms u64][token_id u64][key digest, 32 bytes] -> empty (expiry order: a sweep
//                                                                   deletes both keys of the old)
//   [0x03][token_id u64][key digest, 32 bytes][first item u32]    -> a bulk's progress: the
//                                                                   outcomes of its items from
//                                                                   `first item` on, committed
//                                                                   with the leads they report
//                                                                   (deleted with the record)
//   [0x04][campaign_id u64][lead_id u64][token_id u64][key digest, 32 bytes] -> u64 created_at:
//        the record under that key answers with that lead (its body holds the lead), so
//        deleting the lead deletes the record. The expiry entry of such a record holds
//        [campaign_id u64][lead_id u64] as its value, so the expiry sweep deletes this key too.
//   The key digest is SHA-256 of the client's Idempotency-Key: the key itself is never stored.
// Column family `tombstones` (what is left of a deleted lead: no personal data)
//   [0x01][campaign_id u64][lead_id u64]                         -> tombstone (core/tombstone.h)
//   [0x02][deleted_at ms u64][campaign_id u64][lead_id u64]       -> empty (expiry order: the
//                                                                   sweep drops old tombstones)
// Column family `events` (the lead events webhooks deliver; written, in the batch of the change
// that causes them, only for campaigns that have an enabled webhook endpoint)
//   [0x01][campaign_id u64][stamp ms u64][lead_id u64][kind u8]  -> event (service/lead_events.h):
//        `stamp` is the change's updated_at (a deletion's deleted_at), so events are in the sync
//        feed's order and readers stop at its watermark
//   [0x02][campaign_id u64][lead_id u64][stamp ms u64][kind u8]  -> empty: the lead's events, so
//                                                                   deleting the lead deletes them
//   [0x10][endpoint_id u64]                                      -> webhook endpoint (core/webhook_endpoint.h)
//   [0x11][endpoint_id u64][stamp ms u64][lead_id u64][kind u8]  -> the event's delivery to the
//        endpoint (core/webhook_delivery.h): the delivery log, in event order
//   [0x12][endpoint_id u64]                                      -> the endpoint's cursor: the
//        last event it has taken up ([campaign_id u64][stamp u64][lead_id u64][kind u8])
//   [0x13][endpoint_id u64][stamp ms u64][lead_id u64][kind u8]  -> empty: a delivery still pending
//   [0x14]                                                       -> cluster mode: which node delivers
//        webhooks, and until when ([node u32][until ms u64])
// Column family `stats` (counters a merge operator adds up, store/stats_repo.h; hours since 1970 UTC)
//   [0x01][campaign_id u64][select_id u32][option_id u32][hour u32][stat u8][status_id u32]
//        -> u64 lead counter (status_id 0 unless the stat is "reached status")
//   [0x02][campaign_id u64][token_id u64][hour u32][reason bytes]
//        -> u64 submissions of a token refused, in all (reason "") and by reason
//
// Values that are records start with a format version byte (see VersionedValue).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/ids.h"
#include "store/key_range.h"

namespace lg::store::keys {

inline constexpr size_t kIdemDigestSize = 32;
inline constexpr size_t kRuleKeySize = 16;    // core::kDuplicateKeyBytes
inline constexpr size_t kPersonKeySize = 16;  // core::kPersonKeyBytes

// Fixed-width big-endian integers, for the values that hold them (counters, positions); keys are
// built and read by the functions below only.
void AppendU32(std::string& out, uint32_t v);
void AppendU64(std::string& out, uint64_t v);
uint32_t ReadU32(std::string_view bytes, size_t offset);
uint64_t ReadU64(std::string_view bytes, size_t offset);

// The smallest key greater than every key starting with `prefix` (exclusive scan bound).
std::string PrefixEnd(std::string prefix);
// Every key starting with `prefix`.
KeyRange PrefixRange(std::string prefix);

// --- meta

std::string Campaign(uint64_t campaign_id);
std::string CampaignPrefix();
std::optional<uint64_t> DecodeCampaign(std::string_view key);  // the campaign id
std::string Counter(std::string_view name);
std::string Filter(core::CampaignId campaign_id, core::FilterId filter_id);
std::string FilterPrefix();
std::string Marker(std::string_view name);
std::string AppliedPosition();
std::string AppliedCommand(uint32_t origin, uint64_t sequence);
std::string AppliedCommandPrefix(uint32_t origin);
struct AppliedCommandParts {
  uint32_t origin;
  uint64_t sequence;
};
std::optional<AppliedCommandParts> DecodeAppliedCommand(std::string_view key);
std::string Outbox(uint64_t sequence);
std::string OutboxPrefix();
// The outbox entries with a sequence below `before` (UINT64_MAX: all of them).
KeyRange OutboxBefore(uint64_t before);
std::optional<uint64_t> DecodeOutbox(std::string_view key);  // the sequence

// --- leads

std::string Lead(core::CampaignId campaign_id, core::LeadId lead_id);
std::string LeadPrefix(core::CampaignId campaign_id);
struct LeadKeyParts {
  uint64_t campaign_id;
  uint64_t lead_id;
};
std::optional<LeadKeyParts> DecodeLead(std::string_view key);
// Lead ids in [from_id, before_id); no upper bound when before_id is not given.
struct LeadIdBounds {
  uint64_t from_id = 0;
  std::optional<uint64_t> before_id;
};
// The campaign's lead records with ids within `ids`, in id order.
KeyRange LeadRange(core::CampaignId campaign_id, const LeadIdBounds& ids);

// --- index

// The tag byte of each index entry kind. On-disk tags: never renumber.
enum class IndexKind : char {
  kSelectLegacy = 0x01,  // ascending lead ids, upgraded at open
  kStatusLegacy = 0x02,  // ascending lead ids, upgraded at open
  kUpdated = 0x03,
  kDuplicateLegacy = 0x04,  // removed at open
  kSelect = 0x05,
  kStatus = 0x06,
  kOptionUpdated = 0x07,
  kDuplicate = 0x08,
  kPerson = 0x09,
};

std::string SelectIndex(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id, core::LeadId lead_id);
std::string SelectIndexPrefix(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id);
std::string StatusIndex(core::CampaignId campaign_id, uint32_t status_id, core::LeadId lead_id);
std::string StatusIndexPrefix(core::CampaignId campaign_id, uint32_t status_id);
// The entries of one option or status with lead ids within `ids`, newest lead first in key order.
KeyRange SelectIndexRange(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id,
                          const LeadIdBounds& ids);
KeyRange StatusIndexRange(core::CampaignId campaign_id, uint32_t status_id, const LeadIdBounds& ids);

// updated_at is a non-negative millisecond time.
std::string UpdatedIndex(core::CampaignId campaign_id, int64_t updated_at, core::LeadId lead_id);
std::string OptionUpdatedIndex(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id, int64_t updated_at,
                               core::LeadId lead_id);
std::string OptionUpdatedIndexPrefix(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id);
// Update-time entries strictly after `after` (updated_at, lead id), at or after `from_time` ms
// and before `until` ms, oldest first in key order.
struct UpdatedBounds {
  std::optional<std::pair<int64_t, uint64_t>> after;
  int64_t from_time = 0;
  int64_t until = 0;
};
KeyRange UpdatedIndexRange(core::CampaignId campaign_id, const UpdatedBounds& bounds);
KeyRange OptionUpdatedIndexRange(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id,
                                 const UpdatedBounds& bounds);

// `rule_key`: kRuleKeySize bytes; created_at is a non-negative millisecond time.
std::string DuplicateIndex(core::CampaignId campaign_id, std::string_view rule_key, int64_t created_at,
                           core::LeadId lead_id);
std::string DuplicateIndexPrefix(core::CampaignId campaign_id, std::string_view rule_key);
// The entries under `rule_key` of leads created at or after `created_from` ms, oldest first.
KeyRange DuplicateIndexFrom(core::CampaignId campaign_id, std::string_view rule_key, int64_t created_from);
// `person_key`: kPersonKeySize bytes.
std::string PersonIndex(core::CampaignId campaign_id, std::string_view person_key, core::LeadId lead_id);
std::string PersonIndexPrefix(core::CampaignId campaign_id, std::string_view person_key);

// The campaign's entries of one kind, and every campaign's.
std::string IndexPrefix(IndexKind kind, core::CampaignId campaign_id);
std::string IndexKindPrefix(IndexKind kind);
// The kind of an index key (by its tag; nullopt for an empty key).
std::optional<IndexKind> IndexKindOf(std::string_view key);
// The parts of a well-formed current index key (nullopt for a legacy or malformed one); what a
// kind does not have stays zero or empty.
struct IndexKeyParts {
  IndexKind kind = IndexKind::kUpdated;
  uint64_t campaign_id = 0;
  uint32_t select_id = 0;   // select and option-updated entries
  uint32_t value_id = 0;    // the option id (select, option-updated), or the status id
  int64_t time = 0;         // updated_at (updated, option-updated), created_at (duplicate)
  std::string_view hashed;  // the rule key (duplicate) or person key; points into the key
  uint64_t lead_id = 0;
};
std::optional<IndexKeyParts> DecodeIndex(std::string_view key);
// The lead id of an index entry (every one ends with it, complemented in option and status
// entries) without checking the rest: for a scan's entries, read by the million.
uint64_t IndexLeadId(std::string_view key);

// Legacy layouts, for the upgrades at open and their tests.
std::string LegacySelectIndex(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id,
                              core::LeadId lead_id);
std::string LegacyStatusIndex(core::CampaignId campaign_id, uint32_t status_id, core::LeadId lead_id);
std::string LegacyDuplicateIndex(core::CampaignId campaign_id, uint64_t value_hash, core::LeadId lead_id);
// The current form of a legacy ascending option or status entry; nullopt for any other key.
std::optional<std::string> UpgradedIndexKey(std::string_view key);
// The legacy ascending entries of every campaign.
KeyRange LegacyIndexRange();

// --- auth

std::string TokenByHash(std::string_view hash);
std::string TokenById(uint64_t token_id);
std::string TokenByIdPrefix();
std::string TokenLastUsed(uint64_t token_id);
std::string TokenLastUsedPrefix();
std::optional<uint64_t> DecodeTokenLastUsed(std::string_view key);  // the token id

// --- audit

std::string AuditEvent(uint64_t event_id);
// The events with an id below `before_id` (all of them when not given).
KeyRange AuditEventsBefore(std::optional<uint64_t> before_id);
std::optional<uint64_t> DecodeAuditEvent(std::string_view key);  // the event id

// --- idem

// `digest`: kIdemDigestSize bytes.
std::string IdemRecord(uint64_t token_id, std::string_view digest);
// created_at is a non-negative millisecond time.
std::string IdemExpiry(int64_t created_at, uint64_t token_id, std::string_view digest);
std::string IdemExpiryPrefix();
// The expiry entries of records created before `created_before` ms, oldest first.
KeyRange IdemExpiredBefore(int64_t created_before);
struct IdemExpiryParts {
  int64_t created_at;
  uint64_t token_id;
  std::string_view digest;  // points into the decoded key
};
std::optional<IdemExpiryParts> DecodeIdemExpiry(std::string_view key);
// A bulk's progress under a key (see above), and the prefix of all of it.
std::string IdemProgress(uint64_t token_id, std::string_view digest, uint32_t first_item);
std::string IdemProgressPrefix(uint64_t token_id, std::string_view digest);
// The records answering with one lead, and one of them.
std::string IdemByLeadPrefix(core::CampaignId campaign_id, core::LeadId lead_id);
std::string IdemByLead(core::CampaignId campaign_id, core::LeadId lead_id, core::TokenId token_id,
                       std::string_view digest);
struct IdemByLeadParts {
  uint64_t token_id;
  std::string_view digest;  // points into the decoded key
};
std::optional<IdemByLeadParts> DecodeIdemByLead(std::string_view key);

// --- tombstones

std::string Tombstone(core::CampaignId campaign_id, core::LeadId lead_id);
std::string TombstonePrefix(core::CampaignId campaign_id);
std::string TombstonePrefix();  // every campaign's
std::optional<LeadKeyParts> DecodeTombstone(std::string_view key);
// deleted_at is a non-negative millisecond time.
std::string TombstoneExpiry(int64_t deleted_at, core::CampaignId campaign_id, core::LeadId lead_id);
// The expiry entries of tombstones deleted before `deleted_before` ms, oldest first.
KeyRange TombstonesDeletedBefore(int64_t deleted_before);
struct TombstoneExpiryParts {
  int64_t deleted_at;
  uint64_t campaign_id;
  uint64_t lead_id;
};
std::optional<TombstoneExpiryParts> DecodeTombstoneExpiry(std::string_view key);

// --- events

// Where a lead event sits: in the sync feed's order, then by kind (one change may be an update
// and a status change).
struct LeadEventPosition {
  int64_t stamp = 0;
  uint64_t lead_id = 0;
  uint8_t kind = 0;
  auto operator<=>(const LeadEventPosition&) const = default;
};
struct LeadEventParts {
  uint64_t campaign_id;
  LeadEventPosition position;
};
std::string LeadEvent(uint64_t campaign_id, const LeadEventPosition& position);
std::string LeadEventPrefix(uint64_t campaign_id);
std::string LeadEventPrefix();  // every campaign's
// The campaign's events after `after` (from the first when null) stamped before `until`.
KeyRange LeadEventRange(uint64_t campaign_id, const LeadEventPosition* after, int64_t until);
std::optional<LeadEventParts> DecodeLeadEvent(std::string_view key);
std::string LeadEventByLead(uint64_t campaign_id, const LeadEventPosition& position);
std::string LeadEventByLeadPrefix(core::CampaignId campaign_id, core::LeadId lead_id);
std::string LeadEventByLeadPrefix();  // every lead's
std::optional<LeadEventParts> DecodeLeadEventByLead(std::string_view key);

std::string WebhookEndpoint(uint64_t endpoint_id);
std::string WebhookEndpointPrefix();
// A delivery's key (or its pending entry's, `pending`) and the prefixes of one endpoint's.
std::string WebhookDelivery(uint64_t endpoint_id, const LeadEventPosition& position, bool pending = false);
std::string WebhookDeliveryPrefix(uint64_t endpoint_id, bool pending = false);
std::string WebhookDeliveriesPrefix(bool pending);  // every endpoint's
// The endpoint's deliveries (not pending entries) of events before `before` (all when not given).
KeyRange WebhookDeliveriesBefore(uint64_t endpoint_id, std::optional<LeadEventPosition> before);
struct WebhookDeliveryParts {
  uint64_t endpoint_id;
  LeadEventPosition position;
};
std::optional<WebhookDeliveryParts> DecodeWebhookDelivery(std::string_view key);  // either kind
std::string WebhookCursor(uint64_t endpoint_id);
std::string WebhookLease();

// --- stats

// Hours since 1970 UTC in [from, to).
struct HourRange {
  uint32_t from = 0;
  uint32_t to = 0;
};

struct LeadCounterParts {
  uint64_t campaign_id = 0;
  uint32_t select_id = 0;
  uint32_t option_id = 0;
  uint32_t hour = 0;
  uint8_t stat = 0;
  uint32_t status_id = 0;
};
std::string LeadCounter(const LeadCounterParts& parts);
std::string LeadCounterPrefix(uint64_t campaign_id);
// One option's counters with an hour in `hours`.
KeyRange LeadCounterHours(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, HourRange hours);
std::optional<LeadCounterParts> DecodeLeadCounter(std::string_view key);
std::string Refusal(core::CampaignId campaign_id, core::TokenId token_id, uint32_t hour, std::string_view reason);
// A token's refusal counters with an hour in `hours`.
KeyRange RefusalHours(core::CampaignId campaign_id, core::TokenId token_id, HourRange hours);
struct RefusalParts {
  uint64_t campaign_id;
  uint64_t token_id;
  uint32_t hour;
  std::string_view reason;  // points into the decoded key
};
std::optional<RefusalParts> DecodeRefusal(std::string_view key);

// --- memtable insert hints

// The bytes that name the run a new key joins, 0 when it joins none. New keys of one run arrive
// next to each other (one campaign's lead ids grow; an option's or a status's entries shrink, as
// ~lead_id; a campaign's updated-index entries mostly grow), so a memtable insert can start from
// where the run's last insert went instead of searching from the top.
size_t LeadRunLength(std::string_view lead_key);
size_t IndexRunLength(std::string_view index_key);

// --- values

// Record values: [format version][payload].
std::string VersionedValue(std::string_view payload);
std::optional<std::string_view> VersionedPayload(std::string_view value);

}  // namespace lg::store::keys
