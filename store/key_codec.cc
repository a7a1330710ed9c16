#include "store/key_codec.h"

#include <algorithm>

namespace lg::store::keys {

void AppendU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void AppendU64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t ReadU32(std::string_view bytes, size_t offset) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return v;
}

uint64_t ReadU64(std::string_view bytes, size_t offset) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return v;
}

std::string Campaign(uint64_t campaign_id) {
  std::string k(1, kMetaCampaign);
  AppendU64(k, campaign_id);
  return k;
}

std::string CampaignPrefix() { return std::string(1, kMetaCampaign); }

std::string Counter(std::string_view name) {
  std::string k(1, kMetaCounter);
  k.append(name);
  return k;
}

std::string Filter(uint64_t campaign_id, uint64_t filter_id) {
  std::string k(1, kMetaFilter);
  AppendU64(k, campaign_id);
  AppendU64(k, filter_id);
  return k;
}

std::string FilterPrefix() { return std::string(1, kMetaFilter); }

std::string Marker(std::string_view name) {
  std::string k(1, kMetaMarker);
  k.append(name);
  return k;
}

std::string AppliedPosition() { return std::string(1, kMetaAppliedPosition); }

std::string AppliedCommand(uint32_t origin, uint64_t sequence) {
  std::string k = AppliedCommandPrefix(origin);
  AppendU64(k, sequence);
  return k;
}

std::string AppliedCommandPrefix(uint32_t origin) {
  std::string k(1, kMetaAppliedCommand);
  AppendU32(k, origin);
  return k;
}

std::string Outbox(uint64_t sequence) {
  std::string k(1, kMetaOutbox);
  AppendU64(k, sequence);
  return k;
}

std::string OutboxPrefix() { return std::string(1, kMetaOutbox); }

std::string UpdatedIndex(uint64_t campaign_id, int64_t updated_at, uint64_t lead_id) {
  std::string k = IndexPrefix(kIndexUpdated, campaign_id);
  AppendU64(k, static_cast<uint64_t>(updated_at));
  AppendU64(k, lead_id);
  return k;
}

std::string OptionUpdatedIndexPrefix(uint64_t campaign_id, uint32_t select_id, uint32_t option_id) {
  std::string k = IndexPrefix(kIndexOptionUpdated, campaign_id);
  AppendU32(k, select_id);
  AppendU32(k, option_id);
  return k;
}

std::string OptionUpdatedIndex(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, int64_t updated_at,
                               uint64_t lead_id) {
  std::string k = OptionUpdatedIndexPrefix(campaign_id, select_id, option_id);
  AppendU64(k, static_cast<uint64_t>(updated_at));
  AppendU64(k, lead_id);
  return k;
}

int64_t UpdatedIndexTime(std::string_view key) {
  // The time is the 8 bytes before the trailing lead id.
  return static_cast<int64_t>(ReadU64(key, key.size() - 16));
}

std::string Lead(uint64_t campaign_id, uint64_t lead_id) {
  std::string k;
  k.reserve(16);
  AppendU64(k, campaign_id);
  AppendU64(k, lead_id);
  return k;
}

std::string LeadPrefix(uint64_t campaign_id) {
  std::string k;
  AppendU64(k, campaign_id);
  return k;
}

std::optional<LeadKeyParts> DecodeLead(std::string_view key) {
  if (key.size() != 16) return std::nullopt;
  return LeadKeyParts{ReadU64(key, 0), ReadU64(key, 8)};
}

std::string SelectIndexPrefix(uint64_t campaign_id, uint32_t select_id, uint32_t option_id) {
  std::string k = IndexPrefix(kIndexSelect, campaign_id);
  AppendU32(k, select_id);
  AppendU32(k, option_id);
  return k;
}

std::string SelectIndex(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, uint64_t lead_id) {
  std::string k = SelectIndexPrefix(campaign_id, select_id, option_id);
  AppendU64(k, ~lead_id);
  return k;
}

std::string StatusIndexPrefix(uint64_t campaign_id, uint32_t status_id) {
  std::string k = IndexPrefix(kIndexStatus, campaign_id);
  AppendU32(k, status_id);
  return k;
}

std::string DuplicateIndexPrefix(uint64_t campaign_id, std::string_view rule_key) {
  std::string k = IndexPrefix(kIndexDuplicate, campaign_id);
  k.append(rule_key);
  return k;
}

std::string DuplicateIndex(uint64_t campaign_id, std::string_view rule_key, int64_t created_at, uint64_t lead_id) {
  std::string k = DuplicateIndexPrefix(campaign_id, rule_key);
  AppendU64(k, static_cast<uint64_t>(std::max<int64_t>(created_at, 0)));
  AppendU64(k, lead_id);
  return k;
}

std::string PersonIndexPrefix(uint64_t campaign_id, std::string_view person_key) {
  std::string k = IndexPrefix(kIndexPerson, campaign_id);
  k.append(person_key);
  return k;
}

std::string PersonIndex(uint64_t campaign_id, std::string_view person_key, uint64_t lead_id) {
  std::string k = PersonIndexPrefix(campaign_id, person_key);
  AppendU64(k, lead_id);
  return k;
}

int64_t DuplicateIndexTime(std::string_view key) { return static_cast<int64_t>(ReadU64(key, key.size() - 16)); }

std::string StatusIndex(uint64_t campaign_id, uint32_t status_id, uint64_t lead_id) {
  std::string k = StatusIndexPrefix(campaign_id, status_id);
  AppendU64(k, ~lead_id);
  return k;
}

std::string IndexPrefix(char kind, uint64_t campaign_id) {
  std::string k(1, kind);
  AppendU64(k, campaign_id);
  return k;
}

uint64_t IndexLeadId(std::string_view key) {
  uint64_t last = ReadU64(key, key.size() - 8);
  bool descending = !key.empty() && (key[0] == kIndexSelect || key[0] == kIndexStatus);
  return descending ? ~last : last;
}

size_t LeadRunLength(std::string_view lead_key) { return lead_key.size() == 16 ? 8 : 0; }

size_t IndexRunLength(std::string_view index_key) {
  size_t run = 0;
  if (!index_key.empty()) {
    switch (index_key[0]) {
      case kIndexSelect:
      case kIndexSelectAscending:
      case kIndexOptionUpdated:
        run = 1 + 8 + 4 + 4;
        break;
      case kIndexStatus:
      case kIndexStatusAscending:
        run = 1 + 8 + 4;
        break;
      case kIndexUpdated:
        run = 1 + 8;
        break;
      default:  // duplicate entries are spread by their rule key
        break;
    }
  }
  return run < index_key.size() ? run : 0;
}

std::optional<std::string> UpgradedIndexKey(std::string_view key) {
  constexpr size_t kSelectSize = 1 + 8 + 4 + 4 + 8, kStatusSize = 1 + 8 + 4 + 8;
  if (key.empty()) return std::nullopt;
  char tag;
  if (key[0] == kIndexSelectAscending && key.size() == kSelectSize) {
    tag = kIndexSelect;
  } else if (key[0] == kIndexStatusAscending && key.size() == kStatusSize) {
    tag = kIndexStatus;
  } else {
    return std::nullopt;
  }
  std::string out(1, tag);
  out.append(key.substr(1, key.size() - 9));
  AppendU64(out, ~ReadU64(key, key.size() - 8));
  return out;
}

std::string LegacyIndexBegin() { return std::string(1, kIndexSelectAscending); }
std::string LegacyIndexEnd() { return std::string(1, kIndexUpdated); }

std::string TokenByHash(std::string_view hash) {
  std::string k(1, kAuthByHash);
  k.append(hash);
  return k;
}

std::string TokenById(uint64_t token_id) {
  std::string k(1, kAuthById);
  AppendU64(k, token_id);
  return k;
}

std::string TokenByIdPrefix() { return std::string(1, kAuthById); }

std::string TokenLastUsed(uint64_t token_id) {
  std::string k(1, kAuthLastUsed);
  AppendU64(k, token_id);
  return k;
}

std::string TokenLastUsedPrefix() { return std::string(1, kAuthLastUsed); }

std::string AuditEvent(uint64_t event_id) {
  std::string k;
  AppendU64(k, event_id);
  return k;
}

std::string IdemRecord(uint64_t token_id, std::string_view digest) {
  std::string k(1, kIdemRecord);
  AppendU64(k, token_id);
  k.append(digest);
  return k;
}

std::string IdemExpiry(int64_t created_at, uint64_t token_id, std::string_view digest) {
  std::string k = IdemExpiryBefore(created_at);
  AppendU64(k, token_id);
  k.append(digest);
  return k;
}

std::string IdemProgressPrefix(uint64_t token_id, std::string_view digest) {
  std::string k(1, kIdemProgress);
  AppendU64(k, token_id);
  k.append(digest);
  return k;
}

std::string IdemProgress(uint64_t token_id, std::string_view digest, uint32_t first_item) {
  std::string k = IdemProgressPrefix(token_id, digest);
  AppendU32(k, first_item);
  return k;
}

std::string IdemExpiryPrefix() { return std::string(1, kIdemExpiry); }

std::string IdemExpiryBefore(int64_t created_before) {
  std::string k(1, kIdemExpiry);
  AppendU64(k, static_cast<uint64_t>(created_before));
  return k;
}

std::optional<IdemExpiryParts> DecodeIdemExpiry(std::string_view key) {
  if (key.size() != 1 + 8 + 8 + kIdemDigestSize || key[0] != kIdemExpiry) return std::nullopt;
  return IdemExpiryParts{static_cast<int64_t>(ReadU64(key, 1)), ReadU64(key, 9), key.substr(17)};
}

std::string IdemByLeadPrefix(uint64_t campaign_id, uint64_t lead_id) {
  std::string k(1, kIdemByLead);
  AppendU64(k, campaign_id);
  AppendU64(k, lead_id);
  return k;
}

std::string IdemByLead(uint64_t campaign_id, uint64_t lead_id, uint64_t token_id, std::string_view digest) {
  std::string k = IdemByLeadPrefix(campaign_id, lead_id);
  AppendU64(k, token_id);
  k.append(digest);
  return k;
}

std::optional<IdemByLeadParts> DecodeIdemByLead(std::string_view key) {
  if (key.size() != 1 + 8 + 8 + 8 + kIdemDigestSize || key[0] != kIdemByLead) return std::nullopt;
  return IdemByLeadParts{ReadU64(key, 17), key.substr(25)};
}

std::string TombstonePrefix(uint64_t campaign_id) {
  std::string k(1, kTombstoneRecord);
  AppendU64(k, campaign_id);
  return k;
}

std::string Tombstone(uint64_t campaign_id, uint64_t lead_id) {
  std::string k = TombstonePrefix(campaign_id);
  AppendU64(k, lead_id);
  return k;
}

std::string TombstoneExpiryPrefix() { return std::string(1, kTombstoneExpiry); }

std::string TombstoneExpiryBefore(int64_t deleted_before) {
  std::string k(1, kTombstoneExpiry);
  AppendU64(k, static_cast<uint64_t>(std::max<int64_t>(deleted_before, 0)));
  return k;
}

std::string TombstoneExpiry(int64_t deleted_at, uint64_t campaign_id, uint64_t lead_id) {
  std::string k = TombstoneExpiryBefore(deleted_at);
  AppendU64(k, campaign_id);
  AppendU64(k, lead_id);
  return k;
}

std::optional<TombstoneExpiryParts> DecodeTombstoneExpiry(std::string_view key) {
  if (key.size() != 1 + 8 + 8 + 8 || key[0] != kTombstoneExpiry) return std::nullopt;
  return TombstoneExpiryParts{static_cast<int64_t>(ReadU64(key, 1)), ReadU64(key, 9), ReadU64(key, 17)};
}

std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty = no upper bound
}

std::string VersionedValue(std::string_view payload) {
  std::string v;
  v.reserve(payload.size() + 1);
  v.push_back(kFormatV1);
  v.append(payload);
  return v;
}

std::optional<std::string_view> VersionedPayload(std::string_view value) {
  if (value.empty() || value[0] != kFormatV1) return std::nullopt;
  return value.substr(1);
}

}  // namespace lg::store::keys
