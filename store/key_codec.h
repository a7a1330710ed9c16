#pragma once
// Every key layout of the store, and nothing else builds key bytes. Integers are fixed-width
// big-endian so that byte order equals tuple order, and scans run in id order.
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
//
// Values that are records start with a format version byte (see VersionedValue).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lg::store::keys {

// On-disk tags: never renumber.
inline constexpr char kMetaCampaign = 0x01;
inline constexpr char kMetaCounter = 0x02;
inline constexpr char kMetaFilter = 0x03;
inline constexpr char kMetaMarker = 0x04;
inline constexpr char kMetaAppliedPosition = 0x05;
inline constexpr char kMetaAppliedCommand = 0x06;
inline constexpr char kMetaOutbox = 0x07;
inline constexpr char kIndexSelectAscending = 0x01;  // legacy, upgraded at open
inline constexpr char kIndexStatusAscending = 0x02;  // legacy, upgraded at open
inline constexpr char kIndexUpdated = 0x03;
inline constexpr char kIndexDuplicateLegacy = 0x04;  // removed at open
inline constexpr char kIndexSelect = 0x05;
inline constexpr char kIndexStatus = 0x06;
inline constexpr char kIndexOptionUpdated = 0x07;
inline constexpr char kIndexDuplicate = 0x08;
inline constexpr char kIndexPerson = 0x09;
inline constexpr char kAuthByHash = 0x01;
inline constexpr char kAuthById = 0x02;
inline constexpr char kAuthLastUsed = 0x03;
inline constexpr char kIdemRecord = 0x01;
inline constexpr char kIdemExpiry = 0x02;
inline constexpr char kIdemProgress = 0x03;
inline constexpr char kIdemByLead = 0x04;
inline constexpr char kTombstoneRecord = 0x01;
inline constexpr char kTombstoneExpiry = 0x02;
inline constexpr size_t kIdemDigestSize = 32;
inline constexpr char kFormatV1 = 0x01;

void AppendU32(std::string& out, uint32_t v);
void AppendU64(std::string& out, uint64_t v);
uint32_t ReadU32(std::string_view bytes, size_t offset);
uint64_t ReadU64(std::string_view bytes, size_t offset);

std::string Campaign(uint64_t campaign_id);
std::string CampaignPrefix();
std::string Counter(std::string_view name);
std::string Filter(uint64_t campaign_id, uint64_t filter_id);
std::string FilterPrefix();
std::string Marker(std::string_view name);
std::string AppliedPosition();
std::string AppliedCommand(uint32_t origin, uint64_t sequence);
std::string AppliedCommandPrefix(uint32_t origin);
std::string Outbox(uint64_t sequence);
std::string OutboxPrefix();

std::string Lead(uint64_t campaign_id, uint64_t lead_id);
std::string LeadPrefix(uint64_t campaign_id);
struct LeadKeyParts {
  uint64_t campaign_id;
  uint64_t lead_id;
};
std::optional<LeadKeyParts> DecodeLead(std::string_view key);

std::string SelectIndex(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, uint64_t lead_id);
std::string SelectIndexPrefix(uint64_t campaign_id, uint32_t select_id, uint32_t option_id);
std::string StatusIndex(uint64_t campaign_id, uint32_t status_id, uint64_t lead_id);
std::string StatusIndexPrefix(uint64_t campaign_id, uint32_t status_id);
// `rule_key`: core::kDuplicateKeyBytes bytes; created_at is a non-negative millisecond time.
std::string DuplicateIndex(uint64_t campaign_id, std::string_view rule_key, int64_t created_at, uint64_t lead_id);
std::string DuplicateIndexPrefix(uint64_t campaign_id, std::string_view rule_key);
// The created_at of a duplicate-index key.
int64_t DuplicateIndexTime(std::string_view key);
// `person_key`: core::kPersonKeyBytes bytes.
std::string PersonIndex(uint64_t campaign_id, std::string_view person_key, uint64_t lead_id);
std::string PersonIndexPrefix(uint64_t campaign_id, std::string_view person_key);
// updated_at is a non-negative millisecond time.
std::string UpdatedIndex(uint64_t campaign_id, int64_t updated_at, uint64_t lead_id);
std::string OptionUpdatedIndex(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, int64_t updated_at,
                               uint64_t lead_id);
std::string OptionUpdatedIndexPrefix(uint64_t campaign_id, uint32_t select_id, uint32_t option_id);
std::string IndexPrefix(char kind, uint64_t campaign_id);
// The updated_at of an updated-index or option-updated-index key.
int64_t UpdatedIndexTime(std::string_view key);
// Every index key ends with the lead id (complemented in option and status entries).
uint64_t IndexLeadId(std::string_view key);
// The current form of a legacy ascending option or status entry; nullopt for any other key.
std::optional<std::string> UpgradedIndexKey(std::string_view key);
// Exclusive scan bounds around the legacy ascending entries of every campaign.
std::string LegacyIndexBegin();
std::string LegacyIndexEnd();

std::string TokenByHash(std::string_view hash);
std::string TokenById(uint64_t token_id);
std::string TokenByIdPrefix();
std::string TokenLastUsed(uint64_t token_id);
std::string TokenLastUsedPrefix();
std::string AuditEvent(uint64_t event_id);

// `digest`: kIdemDigestSize bytes.
std::string IdemRecord(uint64_t token_id, std::string_view digest);
// created_at is a non-negative millisecond time.
std::string IdemExpiry(int64_t created_at, uint64_t token_id, std::string_view digest);
// A bulk's progress under a key (see above), and the prefix of all of it.
std::string IdemProgress(uint64_t token_id, std::string_view digest, uint32_t first_item);
std::string IdemProgressPrefix(uint64_t token_id, std::string_view digest);
std::string IdemExpiryPrefix();
// Exclusive scan bound: every expiry key created before `created_before` ms sorts below it.
std::string IdemExpiryBefore(int64_t created_before);
// The records answering with one lead, and one of them.
std::string IdemByLeadPrefix(uint64_t campaign_id, uint64_t lead_id);
std::string IdemByLead(uint64_t campaign_id, uint64_t lead_id, uint64_t token_id, std::string_view digest);
struct IdemByLeadParts {
  uint64_t token_id;
  std::string_view digest;  // points into the decoded key
};
std::optional<IdemByLeadParts> DecodeIdemByLead(std::string_view key);
struct IdemExpiryParts {
  int64_t created_at;
  uint64_t token_id;
  std::string_view digest;  // points into the decoded key
};
std::optional<IdemExpiryParts> DecodeIdemExpiry(std::string_view key);

std::string Tombstone(uint64_t campaign_id, uint64_t lead_id);
std::string TombstonePrefix(uint64_t campaign_id);
// deleted_at is a non-negative millisecond time.
std::string TombstoneExpiry(int64_t deleted_at, uint64_t campaign_id, uint64_t lead_id);
std::string TombstoneExpiryPrefix();
// Exclusive scan bound: every expiry key of a tombstone deleted before `deleted_before` ms.
std::string TombstoneExpiryBefore(int64_t deleted_before);
struct TombstoneExpiryParts {
  int64_t deleted_at;
  uint64_t campaign_id;
  uint64_t lead_id;
};
std::optional<TombstoneExpiryParts> DecodeTombstoneExpiry(std::string_view key);

// Where a lead event sits: in the sync feed's order, then by kind (one change may be an update
// and a status change).
struct LeadEventPosition {
  int64_t stamp = 0;
  uint64_t lead_id = 0;
  uint8_t kind = 0;
  auto operator<=>(const LeadEventPosition&) const = default;
};
std::string LeadEventPrefix(uint64_t campaign_id);
std::string LeadEvent(uint64_t campaign_id, const LeadEventPosition& position);
std::optional<LeadEventPosition> DecodeLeadEvent(std::string_view key);  // of a LeadEvent key
std::string LeadEventByLeadPrefix(uint64_t campaign_id, uint64_t lead_id);
std::string LeadEventByLead(uint64_t campaign_id, const LeadEventPosition& position);
std::optional<LeadEventPosition> DecodeLeadEventByLead(std::string_view key);

std::string WebhookEndpoint(uint64_t endpoint_id);
std::string WebhookEndpointPrefix();
// A delivery's key (or its pending entry's, `pending`) and the prefixes of one endpoint's.
std::string WebhookDelivery(uint64_t endpoint_id, const LeadEventPosition& position, bool pending = false);
std::string WebhookDeliveryPrefix(uint64_t endpoint_id, bool pending = false);
std::string WebhookDeliveriesPrefix(bool pending);  // every endpoint's
struct WebhookDeliveryParts {
  uint64_t endpoint_id;
  LeadEventPosition position;
};
std::optional<WebhookDeliveryParts> DecodeWebhookDelivery(std::string_view key);  // either kind
std::string WebhookCursor(uint64_t endpoint_id);
std::string WebhookLease();

// The bytes that name the run a new key joins, 0 when it joins none. New keys of one run arrive
// next to each other (one campaign's lead ids grow; an option's or a status's entries shrink, as
// ~lead_id; a campaign's updated-index entries mostly grow), so a memtable insert can start from
// where the run's last insert went instead of searching from the top.
size_t LeadRunLength(std::string_view lead_key);
size_t IndexRunLength(std::string_view index_key);

// The smallest key greater than every key starting with `prefix` (exclusive scan bound).
std::string PrefixEnd(std::string prefix);

// Record values: [format version][payload].
std::string VersionedValue(std::string_view payload);
std::optional<std::string_view> VersionedPayload(std::string_view value);

}  // namespace lg::store::keys
