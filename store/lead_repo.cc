#include "store/lead_repo.h"

#include <algorithm>
#include <iterator>

#include "core/duplicate_rule.h"
#include "core/lead_json.h"
#include "core/person_keys.h"
#include "core/tombstone.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

std::vector<std::string> LeadRepo::IndexKeysFor(const core::Campaign& campaign, const core::Lead& lead) {
  std::vector<std::string> out;
  for (const auto& [select_slug, option_slug] : lead.select_values) {
    const core::Select* select = campaign.FindSelect(select_slug);
    const core::SelectOption* option = select ? select->FindOption(option_slug) : nullptr;
    if (!option) continue;
    out.push_back(keys::SelectIndex(campaign.id, select->id, option->id, lead.id));
    out.push_back(keys::OptionUpdatedIndex(campaign.id, select->id, option->id, lead.updated_at, lead.id));
  }
  if (const core::LeadStatus* status = campaign.FindStatus(lead.status)) {
    out.push_back(keys::StatusIndex(campaign.id, status->id, lead.id));
  }
  out.push_back(keys::UpdatedIndex(campaign.id, lead.updated_at, lead.id));
  for (const auto& rule : campaign.duplicate_rules) {
    if (!core::CountsForRule(rule, lead.status)) continue;
    for (const auto& key : core::DuplicateKeys(rule, core::DuplicateValuesUnder(rule, campaign, lead))) {
      out.push_back(keys::DuplicateIndex(campaign.id, key, lead.created_at, lead.id));
    }
  }
  for (const auto& key : core::PersonKeys(campaign, lead)) out.push_back(keys::PersonIndex(campaign.id, key, lead.id));
  std::sort(out.begin(), out.end());
  // Two rules with one signature share their entries.
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> LeadRepo::TombstoneIndexKeysFor(const core::Campaign& campaign, const core::Lead& tombstone) {
  std::vector<std::string> out;
  for (const auto& key : IndexKeysFor(campaign, tombstone)) {
    if (key[0] == keys::kIndexUpdated || key[0] == keys::kIndexOptionUpdated) out.push_back(key);
  }
  return out;
}

core::Status LeadRepo::Delete(const core::Campaign& campaign, const core::Lead& lead, int64_t deleted_at,
                              const std::vector<uint64_t>& in_filters, const DeleteSide& side) {
  WriteUnit unit(db_);
  if (side) LG_RETURN_IF_ERROR(side(unit));
  unit.Delete(Cf::kLeads, keys::Lead(lead.campaign_id, lead.id));
  for (const auto& key : IndexKeysFor(campaign, lead)) unit.Delete(Cf::kIndex, key);
  const std::string tombstone = core::EncodeTombstone(lead, deleted_at, in_filters);
  unit.Put(Cf::kTombstones, keys::Tombstone(lead.campaign_id, lead.id), keys::VersionedValue(tombstone));
  unit.Put(Cf::kTombstones, keys::TombstoneExpiry(deleted_at, lead.campaign_id, lead.id), {});
  core::Lead as_deleted = lead;
  as_deleted.updated_at = deleted_at;
  for (const auto& key : TombstoneIndexKeysFor(campaign, as_deleted)) unit.Put(Cf::kIndex, key, {});
  return db_.Commit(unit);
}

std::vector<LeadRepo::KeyRange> LeadRepo::ErasedRanges(const core::Campaign& campaign, const core::Lead& lead) {
  auto point = [](Cf cf, std::string key) {
    std::string end = key + '\0';
    return KeyRange{cf, std::move(key), std::move(end)};
  };
  // The outbox (cluster mode) held the commands that carried the lead until they were applied.
  // Its webhook events (lead JSON) lay among the campaign's others.
  std::vector<KeyRange> ranges{point(Cf::kLeads, keys::Lead(lead.campaign_id, lead.id)), KeyRange{Cf::kIdem, "", ""},
                               KeyRange{Cf::kMeta, keys::OutboxPrefix(), keys::PrefixEnd(keys::OutboxPrefix())},
                               KeyRange{Cf::kEvents, keys::LeadEventPrefix(lead.campaign_id),
                                        keys::PrefixEnd(keys::LeadEventPrefix(lead.campaign_id))}};
  for (auto& key : IndexKeysFor(campaign, lead)) {
    if (key[0] == keys::kIndexPerson || key[0] == keys::kIndexDuplicate) ranges.push_back(point(Cf::kIndex, key));
  }
  return ranges;
}

core::Result<std::vector<uint64_t>> LeadRepo::FindPerson(uint64_t campaign_id, std::string_view person_key) const {
  std::vector<uint64_t> ids;
  const std::string prefix = keys::PersonIndexPrefix(campaign_id, person_key);
  LG_RETURN_IF_ERROR(
      db_.Scan(Cf::kIndex, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view key, std::string_view) {
        ids.push_back(keys::IndexLeadId(key));
        return true;
      }));
  return ids;
}

core::Result<size_t> LeadRepo::DropTombstones(const CampaignLookup& campaign_of, int64_t deleted_before, size_t max) {
  std::vector<keys::TombstoneExpiryParts> due;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kTombstones, keys::TombstoneExpiryPrefix(),
                              keys::TombstoneExpiryBefore(deleted_before), false,
                              [&](std::string_view key, std::string_view) {
                                if (auto parts = keys::DecodeTombstoneExpiry(key)) due.push_back(*parts);
                                return due.size() < max;
                              }));
  if (due.empty()) return size_t{0};
  WriteUnit unit(db_);
  for (const auto& parts : due) {
    const std::string record_key = keys::Tombstone(parts.campaign_id, parts.lead_id);
    LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kTombstones, record_key));
    auto payload = value ? keys::VersionedPayload(*value) : std::nullopt;
    auto tombstone = payload ? core::DecodeLead(*payload) : core::Result<core::Lead>(core::Status::NotFound(""));
    auto campaign = campaign_of(parts.campaign_id);
    if (tombstone.has_value() && campaign) {
      for (const auto& key : TombstoneIndexKeysFor(*campaign, *tombstone)) unit.Delete(Cf::kIndex, key);
    }
    unit.Delete(Cf::kTombstones, record_key);
    unit.Delete(Cf::kTombstones, keys::TombstoneExpiry(parts.deleted_at, parts.campaign_id, parts.lead_id));
  }
  LG_RETURN_IF_ERROR(db_.Commit(unit, false));
  return due.size();
}

core::Result<bool> LeadRepo::HasTombstonesBefore(int64_t deleted_before) const {
  bool found = false;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kTombstones, keys::TombstoneExpiryPrefix(),
                              keys::TombstoneExpiryBefore(deleted_before), false,
                              [&](std::string_view, std::string_view) {
                                found = true;
                                return false;
                              }));
  return found;
}

core::Status LeadRepo::Put(const core::Campaign& campaign, const core::Lead& lead, const std::string& lead_json,
                           const core::Lead* previous, const SideWrite& side) {
  WriteUnit unit(db_);
  if (side) side(unit);
  unit.Put(Cf::kLeads, keys::Lead(lead.campaign_id, lead.id), keys::VersionedValue(lead_json));

  std::vector<std::string> next = IndexKeysFor(campaign, lead);
  std::vector<std::string> prev = previous ? IndexKeysFor(campaign, *previous) : std::vector<std::string>{};
  std::vector<std::string> removed, added;
  std::set_difference(prev.begin(), prev.end(), next.begin(), next.end(), std::back_inserter(removed));
  std::set_difference(next.begin(), next.end(), prev.begin(), prev.end(), std::back_inserter(added));
  for (const auto& key : removed) unit.Delete(Cf::kIndex, key);
  for (const auto& key : added) unit.Put(Cf::kIndex, key, {});
  return db_.Commit(unit);
}

void LeadRepo::AddNew(WriteUnit& unit, const core::Campaign& campaign, const core::Lead& lead,
                      std::string_view lead_json) {
  unit.Put(Cf::kLeads, keys::Lead(lead.campaign_id, lead.id), keys::VersionedValue(lead_json));
  for (const auto& key : IndexKeysFor(campaign, lead)) unit.Put(Cf::kIndex, key, {});
}

core::Status LeadRepo::PutNew(const core::Campaign& campaign,
                              const std::vector<std::pair<core::Lead, std::string>>& leads, const SideWrite& side) {
  WriteUnit unit(db_);
  for (const auto& [lead, json] : leads) AddNew(unit, campaign, lead, json);
  if (side) side(unit);
  return db_.Commit(unit);
}

core::Result<std::optional<std::string>> LeadRepo::GetJson(uint64_t campaign_id, uint64_t lead_id) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kLeads, keys::Lead(campaign_id, lead_id)));
  if (!value) return value;
  auto payload = keys::VersionedPayload(*value);
  if (!payload) return core::Status::Internal("lead " + std::to_string(lead_id) + " has an unknown format version");
  value->erase(0, value->size() - payload->size());  // drops the format byte in place: no second copy
  return value;
}

core::Result<std::optional<LeadRepo::AtOrAfter>> LeadRepo::GetJsonAtOrAfter(uint64_t campaign_id,
                                                                            uint64_t lead_id) const {
  const std::string key = keys::Lead(campaign_id, lead_id);
  std::optional<AtOrAfter> found;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kLeads, key, "", false, [&](std::string_view at, std::string_view value) {
    auto payload = keys::VersionedPayload(value);
    found = AtOrAfter{at == key, std::string(payload.value_or(std::string_view()))};
    return false;
  }));
  return found;
}

core::Status LeadRepo::ScanNewestFirst(uint64_t campaign_id, std::optional<uint64_t> before_id,
                                       const LeadVisitor& visit, uint64_t from_id, ScanStats* stats) const {
  std::string prefix = keys::LeadPrefix(campaign_id);
  std::string begin = keys::Lead(campaign_id, from_id);
  std::string end = before_id ? keys::Lead(campaign_id, *before_id) : keys::PrefixEnd(prefix);
  if (end <= begin) return core::Status::Ok();
  return db_.Scan(Cf::kLeads, begin, end, true, [&](std::string_view key, std::string_view value) {
    if (stats) ++stats->entries;
    auto payload = keys::VersionedPayload(value);
    return !payload || visit(keys::ReadU64(key, 8), *payload);
  });
}

core::Status LeadRepo::ScanIndexedLeads(uint64_t campaign_id, std::string_view begin, std::string_view end,
                                        const IndexedLeadVisitor& visit, ScanStats* stats, bool tombstones) const {
  if (end <= begin) return core::Status::Ok();
  // Records are read a batch of entries at a time, the batches doubling from 8 to 64: one
  // MultiGet per batch costs far less than a Get per lead, and a short page still reads few
  // records it does not need. Entries and records are read at one snapshot: a record and its
  // entries are written in one batch, so each record read has the value its entry indexes.
  const Db::Snapshot at(db_);
  std::vector<std::string> entries, lead_keys;
  size_t batch = 8;
  bool go_on = true;
  core::Status read = core::Status::Ok();
  auto read_batch = [&] {
    lead_keys.clear();
    for (const auto& entry : entries) lead_keys.push_back(keys::Lead(campaign_id, keys::IndexLeadId(entry)));
    read = db_.MultiGet(
        Cf::kLeads, lead_keys,
        [&](size_t i, std::optional<std::string_view> value) {
          auto payload = value ? keys::VersionedPayload(*value) : std::nullopt;
          if (payload) {
            go_on = visit(entries[i], *payload, false);
          } else if (tombstones) {
            // A deleted lead's entry: the tombstone was written in the entry's batch. (Rare, so
            // one point read each; one dropped meanwhile by the tombstone sweep is skipped.)
            auto tombstone = db_.Get(Cf::kTombstones, keys::Tombstone(campaign_id, keys::IndexLeadId(entries[i])));
            if (!tombstone.has_value()) {
              read = tombstone.error();
              return go_on = false;
            }
            auto kept = *tombstone ? keys::VersionedPayload(**tombstone) : std::nullopt;
            if (kept) go_on = visit(entries[i], *kept, true);
          }
          return go_on;
        },
        &at);
    entries.clear();
    batch = std::min<size_t>(batch * 2, 64);
    go_on = go_on && read.ok();
    return go_on;
  };
  LG_RETURN_IF_ERROR(db_.Scan(
      Cf::kIndex, begin, end, false,
      [&](std::string_view key, std::string_view) {
        entries.emplace_back(key);
        if (stats) ++stats->entries;
        return entries.size() < batch || read_batch();
      },
      &at));
  if (go_on && !entries.empty()) read_batch();
  return read;
}

core::Status LeadRepo::ScanIndexNewestFirst(const std::string& prefix, std::optional<uint64_t> before_id,
                                            const LeadVisitor& visit, uint64_t from_id, ScanStats* stats) const {
  // Entries hold the complemented id, so newest first is forwards: ids below `before_id` start
  // at the complement of before_id - 1, and ids down to from_id end below the complement of
  // from_id - 1.
  std::string begin = prefix;
  if (before_id) {
    if (*before_id == 0) return core::Status::Ok();
    keys::AppendU64(begin, ~(*before_id - 1));
  }
  std::string end = prefix;
  if (from_id > 0) {
    keys::AppendU64(end, ~(from_id - 1));
  } else {
    end = keys::PrefixEnd(prefix);
  }
  return ScanIndexedLeads(
      keys::ReadU64(prefix, 1), begin, end,
      [&](std::string_view entry, std::string_view json, bool) { return visit(keys::IndexLeadId(entry), json); },
      stats);
}

core::Status LeadRepo::ScanOptionNewestFirst(uint64_t campaign_id, uint32_t select_id, uint32_t option_id,
                                             std::optional<uint64_t> before_id, const LeadVisitor& visit,
                                             uint64_t from_id, ScanStats* stats) const {
  return ScanIndexNewestFirst(keys::SelectIndexPrefix(campaign_id, select_id, option_id), before_id, visit, from_id,
                              stats);
}

core::Status LeadRepo::ScanStatusNewestFirst(uint64_t campaign_id, uint32_t status_id,
                                             std::optional<uint64_t> before_id, const LeadVisitor& visit,
                                             uint64_t from_id, ScanStats* stats) const {
  return ScanIndexNewestFirst(keys::StatusIndexPrefix(campaign_id, status_id), before_id, visit, from_id, stats);
}

core::Status LeadRepo::ScanUpdatedAscending(uint64_t campaign_id, std::optional<std::pair<int64_t, uint64_t>> after,
                                            int64_t until, const UpdatedVisitor& visit, int64_t from_time,
                                            ScanStats* stats) const {
  return ScanUpdatedRange(keys::IndexPrefix(keys::kIndexUpdated, campaign_id), after, until, visit, from_time, stats);
}

core::Status LeadRepo::ScanOptionUpdatedAscending(uint64_t campaign_id, uint32_t select_id, uint32_t option_id,
                                                  std::optional<std::pair<int64_t, uint64_t>> after, int64_t until,
                                                  const UpdatedVisitor& visit, int64_t from_time,
                                                  ScanStats* stats) const {
  return ScanUpdatedRange(keys::OptionUpdatedIndexPrefix(campaign_id, select_id, option_id), after, until, visit,
                          from_time, stats);
}

core::Status LeadRepo::ScanUpdatedRange(const std::string& prefix, std::optional<std::pair<int64_t, uint64_t>> after,
                                        int64_t until, const UpdatedVisitor& visit, int64_t from_time,
                                        ScanStats* stats) const {
  auto key = [&](int64_t time, uint64_t lead_id) {
    std::string k = prefix;
    keys::AppendU64(k, static_cast<uint64_t>(std::max<int64_t>(time, 0)));
    keys::AppendU64(k, lead_id);
    return k;
  };
  // Seek to from_time, or just past the cursor's key (its successor in byte order) when that
  // is later: the range's keys have one length, so byte order is (time, id) order.
  std::string begin = key(from_time, 0);
  if (after) begin = std::max(begin, key(after->first, after->second) + '\0');
  std::string end = key(until, 0);
  return ScanIndexedLeads(
      keys::ReadU64(prefix, 1), begin, end,
      [&](std::string_view entry, std::string_view json, bool deleted) {
        return visit(keys::UpdatedIndexTime(entry), keys::IndexLeadId(entry), json, deleted);
      },
      stats, /*tombstones=*/true);
}

core::Status LeadRepo::ScanDuplicateMatches(uint64_t campaign_id, std::string_view rule_key, int64_t created_from,
                                            const LeadVisitor& visit) const {
  std::string prefix = keys::DuplicateIndexPrefix(campaign_id, rule_key);
  core::Status read = core::Status::Ok();
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIndex, keys::DuplicateIndex(campaign_id, rule_key, created_from, 0),
                              keys::PrefixEnd(prefix), false, [&](std::string_view key, std::string_view) {
                                uint64_t lead_id = keys::IndexLeadId(key);
                                auto json = GetJson(campaign_id, lead_id);
                                if (!json.has_value()) {
                                  read = json.error();
                                  return false;
                                }
                                return !*json || visit(lead_id, **json);
                              }));
  return read;
}

core::Status LeadRepo::ReindexDuplicates(const core::Campaign& campaign) {
  constexpr size_t kBatch = 5000;
  auto is_duplicate_key = [](const std::string& key) { return !key.empty() && key[0] == keys::kIndexDuplicate; };
  // Add what the records now imply.
  WriteUnit unit(db_);
  size_t pending = 0;
  core::Status status = core::Status::Ok();
  // Counts one more change in `unit`, committing every kBatch; false once a commit failed.
  auto batched = [&] {
    if (++pending < kBatch) return true;
    status = db_.Commit(unit);
    unit.Clear();
    pending = 0;
    return status.ok();
  };
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kLeads, keys::LeadPrefix(campaign.id), keys::PrefixEnd(keys::LeadPrefix(campaign.id)),
                              false, [&](std::string_view, std::string_view value) {
                                auto payload = keys::VersionedPayload(value);
                                if (!payload) return true;
                                auto lead = core::DecodeLead(*payload);
                                if (!lead.has_value()) return true;
                                for (const auto& key : IndexKeysFor(campaign, *lead)) {
                                  if (is_duplicate_key(key)) unit.Put(Cf::kIndex, key, {});
                                }
                                return batched();
                              }));
  LG_RETURN_IF_ERROR(status);
  LG_RETURN_IF_ERROR(db_.Commit(unit));
  // Remove entries whose record no longer implies them, in batches too: dropping a rule removes
  // one entry per lead. (The scan reads a snapshot, so committing behind it is safe.)
  unit.Clear();
  pending = 0;
  std::string prefix = keys::IndexPrefix(keys::kIndexDuplicate, campaign.id);
  LG_RETURN_IF_ERROR(
      db_.Scan(Cf::kIndex, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view key, std::string_view) {
        uint64_t lead_id = keys::IndexLeadId(key);
        auto json = GetJson(campaign.id, lead_id);
        if (!json.has_value()) {
          status = json.error();
          return false;
        }
        bool wanted = false;
        if (*json) {
          if (auto lead = core::DecodeLead(**json); lead.has_value()) {
            auto implied = IndexKeysFor(campaign, *lead);
            wanted = std::binary_search(implied.begin(), implied.end(), std::string(key));
          }
        }
        if (wanted) return true;
        unit.Delete(Cf::kIndex, std::string(key));
        return batched();
      }));
  LG_RETURN_IF_ERROR(status);
  return db_.Commit(unit);
}

core::Result<std::vector<uint64_t>> LeadRepo::OldestIds(uint64_t campaign_id, uint64_t before_id, size_t max) const {
  std::vector<uint64_t> ids;
  if (max == 0) return ids;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kLeads, keys::LeadPrefix(campaign_id), keys::Lead(campaign_id, before_id), false,
                              [&](std::string_view key, std::string_view) {
                                ids.push_back(keys::ReadU64(key, 8));
                                return ids.size() < max;
                              }));
  return ids;
}

core::Result<uint64_t> LeadRepo::MaxLeadId(uint64_t campaign_id) const {
  uint64_t max_id = 0;
  // A deleted lead's id is never issued again: its tombstone may still be in the feed.
  for (auto [cf, prefix] : {std::pair{Cf::kLeads, keys::LeadPrefix(campaign_id)},
                            std::pair{Cf::kTombstones, keys::TombstonePrefix(campaign_id)}}) {
    LG_RETURN_IF_ERROR(db_.Scan(cf, prefix, keys::PrefixEnd(prefix), true, [&](std::string_view key, std::string_view) {
      max_id = std::max(max_id, keys::ReadU64(key, key.size() - 8));
      return false;
    }));
  }
  return max_id;
}

}  // namespace lg::store
