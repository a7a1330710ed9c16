#include "store/stats_repo.h"

#include "store/key_codec.h"

namespace lg::store {
namespace {

std::string Encode(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

uint64_t Decode(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i) value |= uint64_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  return value;
}

class CounterAdd final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value, std::string* merged,
             rocksdb::Logger*) const override {
    const uint64_t before = existing ? Decode({existing->data(), existing->size()}) : 0;
    *merged = Encode(before + Decode({value.data(), value.size()}));
    return true;
  }
  const char* Name() const override { return "leadgate.CounterAdd"; }
};

constexpr char kLeadCounter = 0x01;
constexpr char kRefusal = 0x02;

std::string Prefix(uint64_t campaign_id, uint32_t select_id, uint32_t option_id) {
  std::string key(1, kLeadCounter);
  keys::AppendU64(key, campaign_id);
  keys::AppendU32(key, select_id);
  keys::AppendU32(key, option_id);
  return key;
}

std::string KeyOf(const LeadStatKey& k) {
  std::string key = Prefix(k.campaign_id, k.select_id, k.option_id);
  keys::AppendU32(key, k.hour);
  key.push_back(static_cast<char>(k.stat));
  keys::AppendU32(key, k.status_id);
  return key;
}

constexpr size_t kKeySize = 1 + 8 + 4 + 4 + 4 + 1 + 4;

std::optional<LeadStatKey> DecodeKey(std::string_view key) {
  if (key.size() != kKeySize || key[0] != kLeadCounter) return std::nullopt;
  return LeadStatKey{keys::ReadU64(key, 1),
                     keys::ReadU32(key, 9),
                     keys::ReadU32(key, 13),
                     keys::ReadU32(key, 17),
                     static_cast<LeadStat>(static_cast<uint8_t>(key[21])),
                     keys::ReadU32(key, 22)};
}

std::string RefusalPrefix(uint64_t campaign_id, uint64_t token_id) {
  std::string key(1, kRefusal);
  keys::AppendU64(key, campaign_id);
  keys::AppendU64(key, token_id);
  return key;
}
constexpr size_t kRefusalHead = 1 + 8 + 8 + 4;

core::Status ScanRange(const Db& db, const std::string& begin, const std::string& end, const StatsRepo::Visit& visit) {
  core::Status bad;
  LG_RETURN_IF_ERROR(db.Scan(Cf::kStats, begin, end, false, [&](std::string_view key, std::string_view value) {
    auto decoded = DecodeKey(key);
    if (!decoded) {
      bad = core::Status::Internal("a stored statistics key does not decode");
      return false;
    }
    visit(*decoded, Decode(value));
    return true;
  }));
  return bad;
}

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> CounterAddOperator() { return std::make_shared<CounterAdd>(); }

void StatsRepo::Add(WriteUnit& unit, const LeadStatKey& key, uint64_t delta) {
  unit.Merge(Cf::kStats, KeyOf(key), Encode(delta));
}

core::Status StatsRepo::Scan(uint64_t campaign_id, uint32_t select_id, uint32_t option_id, uint32_t from_hour,
                             uint32_t to_hour, const Visit& visit) const {
  std::string begin = Prefix(campaign_id, select_id, option_id);
  std::string end = begin;
  keys::AppendU32(begin, from_hour);
  keys::AppendU32(end, to_hour);
  return ScanRange(db_, begin, end, visit);
}

core::Status StatsRepo::ScanCampaign(uint64_t campaign_id, const Visit& visit) const {
  std::string begin(1, kLeadCounter);
  keys::AppendU64(begin, campaign_id);
  return ScanRange(db_, begin, keys::PrefixEnd(begin), visit);
}

void StatsRepo::AddRefusal(WriteUnit& unit, uint64_t campaign_id, uint64_t token_id, uint32_t hour,
                           std::string_view reason, uint64_t delta) {
  std::string key = RefusalPrefix(campaign_id, token_id);
  keys::AppendU32(key, hour);
  key.append(reason);
  unit.Merge(Cf::kStats, key, Encode(delta));
}

core::Status StatsRepo::ScanRefusals(uint64_t campaign_id, uint64_t token_id, uint32_t from_hour, uint32_t to_hour,
                                     const RefusalVisit& visit) const {
  std::string begin = RefusalPrefix(campaign_id, token_id);
  std::string end = begin;
  keys::AppendU32(begin, from_hour);
  keys::AppendU32(end, to_hour);
  return db_.Scan(Cf::kStats, begin, end, false, [&](std::string_view key, std::string_view value) {
    if (key.size() < kRefusalHead) return true;
    visit(keys::ReadU32(key, kRefusalHead - 4), key.substr(kRefusalHead), Decode(value));
    return true;
  });
}

}  // namespace lg::store
