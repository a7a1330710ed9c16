#include "tests/support/index_entries.h"

#include <algorithm>
#include <string>

#include "store/key_codec.h"
#include "tests/support/must.h"

namespace lg::test {
namespace {

std::vector<uint64_t> IdsWithPrefix(const store::Db& db, const std::string& prefix) {
  std::vector<uint64_t> ids;
  test::Must(db.Scan(store::Cf::kIndex, store::keys::PrefixRange(prefix), [&](std::string_view key, std::string_view) {
    ids.push_back(store::keys::IndexLeadId(key));
    return true;
  }));
  std::reverse(ids.begin(), ids.end());  // option and status entries are newest first
  return ids;
}

}  // namespace

std::vector<uint64_t> IdsWithOption(const store::Db& db, uint64_t campaign_id, uint32_t select_id, uint32_t option_id) {
  return IdsWithPrefix(db, store::keys::SelectIndexPrefix(core::CampaignId(campaign_id), select_id, option_id));
}

std::vector<uint64_t> IdsWithStatus(const store::Db& db, uint64_t campaign_id, uint32_t status_id) {
  return IdsWithPrefix(db, store::keys::StatusIndexPrefix(core::CampaignId(campaign_id), status_id));
}

namespace {

std::vector<std::pair<int64_t, uint64_t>> TimedEntries(const store::Db& db, const std::string& prefix) {
  std::vector<std::pair<int64_t, uint64_t>> out;
  test::Must(db.Scan(store::Cf::kIndex, store::keys::PrefixRange(prefix), [&](std::string_view key, std::string_view) {
    if (auto parts = store::keys::DecodeIndex(key)) out.emplace_back(parts->time, parts->lead_id);
    return true;
  }));
  return out;
}

}  // namespace

std::vector<std::pair<int64_t, uint64_t>> UpdatedEntries(const store::Db& db, uint64_t campaign_id) {
  return TimedEntries(db, store::keys::IndexPrefix(store::keys::IndexKind::kUpdated, core::CampaignId(campaign_id)));
}

std::vector<std::pair<int64_t, uint64_t>> OptionUpdatedEntries(const store::Db& db, uint64_t campaign_id,
                                                               uint32_t select_id, uint32_t option_id) {
  return TimedEntries(db, store::keys::OptionUpdatedIndexPrefix(core::CampaignId(campaign_id), select_id, option_id));
}

}  // namespace lg::test
