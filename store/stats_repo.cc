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

keys::LeadCounterParts PartsOf(const LeadStatKey& k) {
  return {k.campaign_id, k.select_id, k.option_id, k.hour, static_cast<uint8_t>(k.stat), k.status_id};
}

core::Status ScanRange(const Db& db, const KeyRange& range, const StatsRepo::Visit& visit) {
  core::Status bad;
  LG_RETURN_IF_ERROR(db.Scan(Cf::kStats, range, [&](std::string_view key, std::string_view value) {
    auto parts = keys::DecodeLeadCounter(key);
    if (!parts) {
      bad = core::Status::Internal("a stored statistics key does not decode");
      return false;
    }
    visit({parts->campaign_id, parts->select_id, parts->option_id, parts->hour, static_cast<LeadStat>(parts->stat),
           parts->status_id},
          Decode(value));
    return true;
  }));
  return bad;
}

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> CounterAddOperator() { return std::make_shared<CounterAdd>(); }

void StatsRepo::Add(WriteUnit& unit, const LeadStatKey& key, uint64_t delta) {
  unit.Merge(Cf::kStats, keys::LeadCounter(PartsOf(key)), Encode(delta));
}

core::Status StatsRepo::Scan(const OptionHours& range, const Visit& visit) const {
  return ScanRange(db_, keys::LeadCounterHours(range.campaign_id, range.select_id, range.option_id, range.hours),
                   visit);
}

core::Status StatsRepo::ScanCampaign(uint64_t campaign_id, const Visit& visit) const {
  return ScanRange(db_, keys::PrefixRange(keys::LeadCounterPrefix(campaign_id)), visit);
}

void StatsRepo::AddRefusal(WriteUnit& unit, core::CampaignId campaign_id, core::TokenId token_id, uint32_t hour,
                           std::string_view reason, uint64_t delta) {
  unit.Merge(Cf::kStats, keys::Refusal(campaign_id, token_id, hour, reason), Encode(delta));
}

core::Status StatsRepo::ScanRefusals(core::CampaignId campaign_id, core::TokenId token_id, Hours hours,
                                     const RefusalVisit& visit) const {
  const KeyRange range = keys::RefusalHours(campaign_id, token_id, hours);
  return db_.Scan(Cf::kStats, range, [&](std::string_view key, std::string_view value) {
    if (auto parts = keys::DecodeRefusal(key)) visit(parts->hour, parts->reason, Decode(value));
    return true;
  });
}

}  // namespace lg::store
