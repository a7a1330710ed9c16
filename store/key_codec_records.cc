// The keys of column families `auth`, `audit`, `idem`, `tombstones` and `stats`, declared and
// laid out in store/key_codec.h with the rest.
#include <algorithm>

#include "store/key_codec.h"

namespace lg::store::keys {
namespace {

// On-disk tags: never renumber.
constexpr char kAuthByHash = 0x01;
constexpr char kAuthById = 0x02;
constexpr char kAuthLastUsed = 0x03;
constexpr char kIdemRecord = 0x01;
constexpr char kIdemExpiry = 0x02;
constexpr char kIdemProgress = 0x03;
constexpr char kIdemByLead = 0x04;
constexpr char kTombstoneRecord = 0x01;
constexpr char kTombstoneExpiry = 0x02;
constexpr char kStatsLeadCounter = 0x01;
constexpr char kStatsRefusal = 0x02;

constexpr size_t kLeadCounterSize = 1 + 8 + 4 + 4 + 4 + 1 + 4;
constexpr size_t kRefusalHeadSize = 1 + 8 + 8 + 4;  // then the reason

std::string WithId(char tag, uint64_t id) {
  std::string k(1, tag);
  AppendU64(k, id);
  return k;
}

}  // namespace

std::string TokenByHash(std::string_view hash) {
  std::string k(1, kAuthByHash);
  k.append(hash);
  return k;
}

std::string TokenById(uint64_t token_id) { return WithId(kAuthById, token_id); }
std::string TokenByIdPrefix() { return std::string(1, kAuthById); }
std::string TokenLastUsed(uint64_t token_id) { return WithId(kAuthLastUsed, token_id); }
std::string TokenLastUsedPrefix() { return std::string(1, kAuthLastUsed); }

std::optional<uint64_t> DecodeTokenLastUsed(std::string_view key) {
  if (key.size() != 1 + 8 || key[0] != kAuthLastUsed) return std::nullopt;
  return ReadU64(key, 1);
}

std::string AuditEvent(uint64_t event_id) {
  std::string k;
  AppendU64(k, event_id);
  return k;
}

KeyRange AuditEventsBefore(std::optional<uint64_t> before_id) {
  return {AuditEvent(0), before_id ? AuditEvent(*before_id) : std::string()};
}

std::optional<uint64_t> DecodeAuditEvent(std::string_view key) {
  if (key.size() != 8) return std::nullopt;
  return ReadU64(key, 0);
}

std::string IdemRecord(uint64_t token_id, std::string_view digest) {
  std::string k = WithId(kIdemRecord, token_id);
  k.append(digest);
  return k;
}

std::string IdemExpiryPrefix() { return std::string(1, kIdemExpiry); }

std::string IdemExpiry(int64_t created_at, uint64_t token_id, std::string_view digest) {
  std::string k = WithId(kIdemExpiry, static_cast<uint64_t>(created_at));
  AppendU64(k, token_id);
  k.append(digest);
  return k;
}

KeyRange IdemExpiredBefore(int64_t created_before) {
  return {IdemExpiryPrefix(), WithId(kIdemExpiry, static_cast<uint64_t>(created_before))};
}

std::optional<IdemExpiryParts> DecodeIdemExpiry(std::string_view key) {
  if (key.size() != 1 + 8 + 8 + kIdemDigestSize || key[0] != kIdemExpiry) return std::nullopt;
  return IdemExpiryParts{static_cast<int64_t>(ReadU64(key, 1)), ReadU64(key, 9), key.substr(17)};
}

std::string IdemProgressPrefix(uint64_t token_id, std::string_view digest) {
  std::string k = WithId(kIdemProgress, token_id);
  k.append(digest);
  return k;
}

std::string IdemProgress(uint64_t token_id, std::string_view digest, uint32_t first_item) {
  std::string k = IdemProgressPrefix(token_id, digest);
  AppendU32(k, first_item);
  return k;
}

std::string IdemByLeadPrefix(core::CampaignId campaign_id, core::LeadId lead_id) {
  std::string k = WithId(kIdemByLead, campaign_id.value());
  AppendU64(k, lead_id.value());
  return k;
}

std::string IdemByLead(core::CampaignId campaign_id, core::LeadId lead_id, core::TokenId token_id,
                       std::string_view digest) {
  std::string k = IdemByLeadPrefix(campaign_id, lead_id);
  AppendU64(k, token_id.value());
  k.append(digest);
  return k;
}

std::optional<IdemByLeadParts> DecodeIdemByLead(std::string_view key) {
  if (key.size() != 1 + 8 + 8 + 8 + kIdemDigestSize || key[0] != kIdemByLead) return std::nullopt;
  return IdemByLeadParts{ReadU64(key, 17), key.substr(25)};
}

std::string TombstonePrefix() { return std::string(1, kTombstoneRecord); }
std::string TombstonePrefix(core::CampaignId campaign_id) { return WithId(kTombstoneRecord, campaign_id.value()); }

std::string Tombstone(core::CampaignId campaign_id, core::LeadId lead_id) {
  std::string k = TombstonePrefix(campaign_id);
  AppendU64(k, lead_id.value());
  return k;
}

std::optional<LeadKeyParts> DecodeTombstone(std::string_view key) {
  if (key.size() != 1 + 8 + 8 || key[0] != kTombstoneRecord) return std::nullopt;
  return LeadKeyParts{ReadU64(key, 1), ReadU64(key, 9)};
}

namespace {
std::string TombstoneExpiryAt(int64_t deleted_at) {
  return WithId(kTombstoneExpiry, static_cast<uint64_t>(std::max<int64_t>(deleted_at, 0)));
}
}  // namespace

std::string TombstoneExpiry(int64_t deleted_at, core::CampaignId campaign_id, core::LeadId lead_id) {
  std::string k = TombstoneExpiryAt(deleted_at);
  AppendU64(k, campaign_id.value());
  AppendU64(k, lead_id.value());
  return k;
}

KeyRange TombstonesDeletedBefore(int64_t deleted_before) {
  return {std::string(1, kTombstoneExpiry), TombstoneExpiryAt(deleted_before)};
}

std::optional<TombstoneExpiryParts> DecodeTombstoneExpiry(std::string_view key) {
  if (key.size() != 1 + 8 + 8 + 8 || key[0] != kTombstoneExpiry) return std::nullopt;
  return TombstoneExpiryParts{static_cast<int64_t>(ReadU64(key, 1)), ReadU64(key, 9), ReadU64(key, 17)};
}

std::string LeadCounterPrefix(uint64_t campaign_id) { return WithId(kStatsLeadCounter, campaign_id); }

namespace {
std::string OptionCounterPrefix(uint64_t campaign_id, uint32_t select_id, uint32_t option_id) {
  std::string k = LeadCounterPrefix(campaign_id);
  AppendU32(k, select_id);
  AppendU32(k, option_id);
  return k;
}
}  // namespace

std::string LeadCounter(const LeadCounterParts& parts) {
  std::string k = OptionCounterPrefix(parts.campaign_id, parts.select_id, parts.option_id);
  AppendU32(k, parts.hour);
  k.push_back(static_cast<char>(parts.stat));
  AppendU32(k, parts.status_id);
  return k;
}

KeyRange LeadCounterHours(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, HourRange hours) {
  KeyRange range{OptionCounterPrefix(campaign_id, select_id, option_id), {}};
  range.end = range.begin;
  AppendU32(range.begin, hours.from);
  AppendU32(range.end, hours.to);
  return range;
}

std::optional<LeadCounterParts> DecodeLeadCounter(std::string_view key) {
  if (key.size() != kLeadCounterSize || key[0] != kStatsLeadCounter) return std::nullopt;
  return LeadCounterParts{
      ReadU64(key, 1), ReadU32(key, 9), ReadU32(key, 13), ReadU32(key, 17), static_cast<uint8_t>(key[21]),
      ReadU32(key, 22)};
}

namespace {
std::string RefusalPrefix(core::CampaignId campaign_id, core::TokenId token_id) {
  std::string k = WithId(kStatsRefusal, campaign_id.value());
  AppendU64(k, token_id.value());
  return k;
}
}  // namespace

std::string Refusal(core::CampaignId campaign_id, core::TokenId token_id, uint32_t hour, std::string_view reason) {
  std::string k = RefusalPrefix(campaign_id, token_id);
  AppendU32(k, hour);
  k.append(reason);
  return k;
}

KeyRange RefusalHours(core::CampaignId campaign_id, core::TokenId token_id, HourRange hours) {
  KeyRange range{RefusalPrefix(campaign_id, token_id), {}};
  range.end = range.begin;
  AppendU32(range.begin, hours.from);
  AppendU32(range.end, hours.to);
  return range;
}

std::optional<RefusalParts> DecodeRefusal(std::string_view key) {
  if (key.size() < kRefusalHeadSize || key[0] != kStatsRefusal) return std::nullopt;
  return RefusalParts{ReadU64(key, 1), ReadU64(key, 9), ReadU32(key, 17), key.substr(kRefusalHeadSize)};
}

}  // namespace lg::store::keys
