// The primitives, and the keys of column families `meta`, `leads` and `index` (laid out in
// store/key_codec.h).
#include "store/key_codec.h"

#include <algorithm>

namespace lg::store::keys {
namespace {

// On-disk tags of `meta`: never renumber.
constexpr char kMetaCampaign = 0x01;
constexpr char kMetaCounter = 0x02;
constexpr char kMetaFilter = 0x03;
constexpr char kMetaMarker = 0x04;
constexpr char kMetaAppliedPosition = 0x05;
constexpr char kMetaAppliedCommand = 0x06;
constexpr char kMetaOutbox = 0x07;
constexpr char kFormatV1 = 0x01;

constexpr size_t kLeadKeySize = 8 + 8;
constexpr size_t kSelectIndexSize = 1 + 8 + 4 + 4 + 8;
constexpr size_t kStatusIndexSize = 1 + 8 + 4 + 8;
constexpr size_t kUpdatedIndexSize = 1 + 8 + 8 + 8;
constexpr size_t kOptionUpdatedIndexSize = 1 + 8 + 4 + 4 + 8 + 8;
constexpr size_t kDuplicateIndexSize = 1 + 8 + kRuleKeySize + 8 + 8;
constexpr size_t kPersonIndexSize = 1 + 8 + kPersonKeySize + 8;

std::string Tagged(char tag) { return std::string(1, tag); }
std::string Tagged(IndexKind kind) { return std::string(1, static_cast<char>(kind)); }

// A time in a key: negative times (none are stored) sort first.
uint64_t TimeBytes(int64_t ms) { return static_cast<uint64_t>(std::max<int64_t>(ms, 0)); }

// Option and status entries hold ~lead_id, so newest first is forwards: ids below before_id
// start at the complement of before_id - 1, and ids down to from_id end below the complement
// of from_id - 1.
KeyRange NewestFirstRange(const std::string& prefix, const LeadIdBounds& ids) {
  if (ids.before_id && *ids.before_id == 0) return {prefix, prefix};  // nothing is below id 0
  KeyRange range{prefix, PrefixEnd(prefix)};
  if (ids.before_id) AppendU64(range.begin, ~(*ids.before_id - 1));
  if (ids.from_id > 0) {
    range.end = prefix;
    AppendU64(range.end, ~(ids.from_id - 1));
  }
  return range;
}

// Over entries [prefix][time u64][lead_id u64]: from from_time, or just past the cursor's key
// (its successor in byte order) when that is later. The range's keys have one length, so byte
// order is (time, id) order.
KeyRange TimedRange(const std::string& prefix, const UpdatedBounds& bounds) {
  auto key = [&](int64_t time, uint64_t lead_id) {
    std::string k = prefix;
    AppendU64(k, TimeBytes(time));
    AppendU64(k, lead_id);
    return k;
  };
  KeyRange range{key(bounds.from_time, 0), key(bounds.until, 0)};
  if (bounds.after) range.begin = std::max(range.begin, key(bounds.after->first, bounds.after->second) + '\0');
  return range;
}

}  // namespace

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

KeyRange PrefixRange(std::string prefix) {
  std::string end = PrefixEnd(prefix);
  return {std::move(prefix), std::move(end)};
}

std::string Campaign(uint64_t campaign_id) {
  std::string k = CampaignPrefix();
  AppendU64(k, campaign_id);
  return k;
}

std::string CampaignPrefix() { return Tagged(kMetaCampaign); }

std::optional<uint64_t> DecodeCampaign(std::string_view key) {
  if (key.size() != 1 + 8 || key[0] != kMetaCampaign) return std::nullopt;
  return ReadU64(key, 1);
}

std::string Counter(std::string_view name) {
  std::string k = Tagged(kMetaCounter);
  k.append(name);
  return k;
}

std::string Filter(core::CampaignId campaign_id, core::FilterId filter_id) {
  std::string k = FilterPrefix();
  AppendU64(k, campaign_id.value());
  AppendU64(k, filter_id.value());
  return k;
}

std::string FilterPrefix() { return Tagged(kMetaFilter); }

std::string Marker(std::string_view name) {
  std::string k = Tagged(kMetaMarker);
  k.append(name);
  return k;
}

std::string AppliedPosition() { return Tagged(kMetaAppliedPosition); }

std::string AppliedCommand(uint32_t origin, uint64_t sequence) {
  std::string k = AppliedCommandPrefix(origin);
  AppendU64(k, sequence);
  return k;
}

std::string AppliedCommandPrefix(uint32_t origin) {
  std::string k = Tagged(kMetaAppliedCommand);
  AppendU32(k, origin);
  return k;
}

std::optional<AppliedCommandParts> DecodeAppliedCommand(std::string_view key) {
  if (key.size() != 1 + 4 + 8 || key[0] != kMetaAppliedCommand) return std::nullopt;
  return AppliedCommandParts{ReadU32(key, 1), ReadU64(key, 5)};
}

std::string Outbox(uint64_t sequence) {
  std::string k = OutboxPrefix();
  AppendU64(k, sequence);
  return k;
}

std::string OutboxPrefix() { return Tagged(kMetaOutbox); }

KeyRange OutboxBefore(uint64_t before) {
  return {OutboxPrefix(), before == UINT64_MAX ? PrefixEnd(OutboxPrefix()) : Outbox(before)};
}

std::optional<uint64_t> DecodeOutbox(std::string_view key) {
  if (key.size() != 1 + 8 || key[0] != kMetaOutbox) return std::nullopt;
  return ReadU64(key, 1);
}

std::string Lead(core::CampaignId campaign_id, core::LeadId lead_id) {
  std::string k;
  k.reserve(kLeadKeySize);
  AppendU64(k, campaign_id.value());
  AppendU64(k, lead_id.value());
  return k;
}

std::string LeadPrefix(core::CampaignId campaign_id) {
  std::string k;
  AppendU64(k, campaign_id.value());
  return k;
}

std::optional<LeadKeyParts> DecodeLead(std::string_view key) {
  if (key.size() != kLeadKeySize) return std::nullopt;
  return LeadKeyParts{ReadU64(key, 0), ReadU64(key, 8)};
}

KeyRange LeadRange(core::CampaignId campaign_id, const LeadIdBounds& ids) {
  return {Lead(campaign_id, core::LeadId(ids.from_id)),
          ids.before_id ? Lead(campaign_id, core::LeadId(*ids.before_id)) : PrefixEnd(LeadPrefix(campaign_id))};
}

std::string IndexPrefix(IndexKind kind, core::CampaignId campaign_id) {
  std::string k = Tagged(kind);
  AppendU64(k, campaign_id.value());
  return k;
}

std::string IndexKindPrefix(IndexKind kind) { return Tagged(kind); }

std::optional<IndexKind> IndexKindOf(std::string_view key) {
  if (key.empty()) return std::nullopt;
  return static_cast<IndexKind>(key[0]);
}

std::string SelectIndexPrefix(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id) {
  std::string k = IndexPrefix(IndexKind::kSelect, campaign_id);
  AppendU32(k, select_id);
  AppendU32(k, option_id);
  return k;
}

std::string SelectIndex(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id, core::LeadId lead_id) {
  std::string k = SelectIndexPrefix(campaign_id, select_id, option_id);
  AppendU64(k, ~lead_id.value());
  return k;
}

KeyRange SelectIndexRange(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id,
                          const LeadIdBounds& ids) {
  return NewestFirstRange(SelectIndexPrefix(campaign_id, select_id, option_id), ids);
}

std::string StatusIndexPrefix(core::CampaignId campaign_id, uint32_t status_id) {
  std::string k = IndexPrefix(IndexKind::kStatus, campaign_id);
  AppendU32(k, status_id);
  return k;
}

std::string StatusIndex(core::CampaignId campaign_id, uint32_t status_id, core::LeadId lead_id) {
  std::string k = StatusIndexPrefix(campaign_id, status_id);
  AppendU64(k, ~lead_id.value());
  return k;
}

KeyRange StatusIndexRange(core::CampaignId campaign_id, uint32_t status_id, const LeadIdBounds& ids) {
  return NewestFirstRange(StatusIndexPrefix(campaign_id, status_id), ids);
}

std::string UpdatedIndex(core::CampaignId campaign_id, int64_t updated_at, core::LeadId lead_id) {
  std::string k = IndexPrefix(IndexKind::kUpdated, campaign_id);
  AppendU64(k, static_cast<uint64_t>(updated_at));
  AppendU64(k, lead_id.value());
  return k;
}

KeyRange UpdatedIndexRange(core::CampaignId campaign_id, const UpdatedBounds& bounds) {
  return TimedRange(IndexPrefix(IndexKind::kUpdated, campaign_id), bounds);
}

std::string OptionUpdatedIndexPrefix(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id) {
  std::string k = IndexPrefix(IndexKind::kOptionUpdated, campaign_id);
  AppendU32(k, select_id);
  AppendU32(k, option_id);
  return k;
}

std::string OptionUpdatedIndex(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id, int64_t updated_at,
                               core::LeadId lead_id) {
  std::string k = OptionUpdatedIndexPrefix(campaign_id, select_id, option_id);
  AppendU64(k, static_cast<uint64_t>(updated_at));
  AppendU64(k, lead_id.value());
  return k;
}

KeyRange OptionUpdatedIndexRange(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id,
                                 const UpdatedBounds& bounds) {
  return TimedRange(OptionUpdatedIndexPrefix(campaign_id, select_id, option_id), bounds);
}

std::string DuplicateIndexPrefix(core::CampaignId campaign_id, std::string_view rule_key) {
  std::string k = IndexPrefix(IndexKind::kDuplicate, campaign_id);
  k.append(rule_key);
  return k;
}

std::string DuplicateIndex(core::CampaignId campaign_id, std::string_view rule_key, int64_t created_at,
                           core::LeadId lead_id) {
  std::string k = DuplicateIndexPrefix(campaign_id, rule_key);
  AppendU64(k, TimeBytes(created_at));
  AppendU64(k, lead_id.value());
  return k;
}

KeyRange DuplicateIndexFrom(core::CampaignId campaign_id, std::string_view rule_key, int64_t created_from) {
  return {DuplicateIndex(campaign_id, rule_key, created_from, core::LeadId(0)),
          PrefixEnd(DuplicateIndexPrefix(campaign_id, rule_key))};
}

std::string PersonIndexPrefix(core::CampaignId campaign_id, std::string_view person_key) {
  std::string k = IndexPrefix(IndexKind::kPerson, campaign_id);
  k.append(person_key);
  return k;
}

std::string PersonIndex(core::CampaignId campaign_id, std::string_view person_key, core::LeadId lead_id) {
  std::string k = PersonIndexPrefix(campaign_id, person_key);
  AppendU64(k, lead_id.value());
  return k;
}

std::optional<IndexKeyParts> DecodeIndex(std::string_view key) {
  auto kind = IndexKindOf(key);
  if (!kind) return std::nullopt;
  IndexKeyParts parts;
  parts.kind = *kind;
  auto sized = [&](size_t size) {
    if (key.size() != size) return false;
    parts.campaign_id = ReadU64(key, 1);
    parts.lead_id = IndexLeadId(key);
    return true;
  };
  switch (*kind) {
    case IndexKind::kSelect:
    case IndexKind::kOptionUpdated:
      if (!sized(*kind == IndexKind::kSelect ? kSelectIndexSize : kOptionUpdatedIndexSize)) return std::nullopt;
      parts.select_id = ReadU32(key, 9);
      parts.value_id = ReadU32(key, 13);
      if (*kind == IndexKind::kOptionUpdated) parts.time = static_cast<int64_t>(ReadU64(key, 17));
      return parts;
    case IndexKind::kStatus:
      if (!sized(kStatusIndexSize)) return std::nullopt;
      parts.value_id = ReadU32(key, 9);
      return parts;
    case IndexKind::kUpdated:
      if (!sized(kUpdatedIndexSize)) return std::nullopt;
      parts.time = static_cast<int64_t>(ReadU64(key, 9));
      return parts;
    case IndexKind::kDuplicate:
      if (!sized(kDuplicateIndexSize)) return std::nullopt;
      parts.hashed = key.substr(9, kRuleKeySize);
      parts.time = static_cast<int64_t>(ReadU64(key, 9 + kRuleKeySize));
      return parts;
    case IndexKind::kPerson:
      if (!sized(kPersonIndexSize)) return std::nullopt;
      parts.hashed = key.substr(9, kPersonKeySize);
      return parts;
    default:
      return std::nullopt;
  }
}

uint64_t IndexLeadId(std::string_view key) {
  if (key.size() < 1 + 8) return 0;
  uint64_t last = ReadU64(key, key.size() - 8);
  auto kind = static_cast<IndexKind>(key[0]);
  return kind == IndexKind::kSelect || kind == IndexKind::kStatus ? ~last : last;
}

std::string LegacySelectIndex(core::CampaignId campaign_id, uint32_t select_id, uint32_t option_id,
                              core::LeadId lead_id) {
  std::string k = IndexPrefix(IndexKind::kSelectLegacy, campaign_id);
  AppendU32(k, select_id);
  AppendU32(k, option_id);
  AppendU64(k, lead_id.value());
  return k;
}

std::string LegacyStatusIndex(core::CampaignId campaign_id, uint32_t status_id, core::LeadId lead_id) {
  std::string k = IndexPrefix(IndexKind::kStatusLegacy, campaign_id);
  AppendU32(k, status_id);
  AppendU64(k, lead_id.value());
  return k;
}

std::string LegacyDuplicateIndex(core::CampaignId campaign_id, uint64_t value_hash, core::LeadId lead_id) {
  std::string k = IndexPrefix(IndexKind::kDuplicateLegacy, campaign_id);
  AppendU64(k, value_hash);
  AppendU64(k, lead_id.value());
  return k;
}

std::optional<std::string> UpgradedIndexKey(std::string_view key) {
  auto kind = IndexKindOf(key);
  if (kind == IndexKind::kSelectLegacy && key.size() == kSelectIndexSize) {
    return SelectIndex(core::CampaignId(ReadU64(key, 1)), ReadU32(key, 9), ReadU32(key, 13),
                       core::LeadId(ReadU64(key, 17)));
  }
  if (kind == IndexKind::kStatusLegacy && key.size() == kStatusIndexSize) {
    return StatusIndex(core::CampaignId(ReadU64(key, 1)), ReadU32(key, 9), core::LeadId(ReadU64(key, 13)));
  }
  return std::nullopt;
}

KeyRange LegacyIndexRange() { return {Tagged(IndexKind::kSelectLegacy), Tagged(IndexKind::kUpdated)}; }

size_t LeadRunLength(std::string_view lead_key) { return lead_key.size() == kLeadKeySize ? 8 : 0; }

size_t IndexRunLength(std::string_view index_key) {
  size_t run = 0;
  switch (IndexKindOf(index_key).value_or(IndexKind::kDuplicate)) {
    case IndexKind::kSelect:
    case IndexKind::kSelectLegacy:
    case IndexKind::kOptionUpdated:
      run = 1 + 8 + 4 + 4;
      break;
    case IndexKind::kStatus:
    case IndexKind::kStatusLegacy:
      run = 1 + 8 + 4;
      break;
    case IndexKind::kUpdated:
      run = 1 + 8;
      break;
    default:  // duplicate entries are spread by their rule key
      break;
  }
  return run < index_key.size() ? run : 0;
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
