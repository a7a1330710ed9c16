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

// The duplicate and person entries hold the core's keys as they are.
static_assert(keys::kRuleKeySize == core::kDuplicateKeyBytes);
static_assert(keys::kPersonKeySize == core::kPersonKeyBytes);

std::vector<std::string> LeadRepo::IndexKeysFor(const core::Campaign& campaign, const core::Lead& lead) {
  const core::CampaignId campaign_id(campaign.id);
  const core::LeadId lead_id(lead.id);
  std::vector<std::string> out;
  for (const auto& [select_slug, option_slug] : lead.select_values) {
    const core::Select* select = campaign.FindSelect(select_slug);
    const core::SelectOption* option = select ? select->FindOption(option_slug) : nullptr;
    if (!option) continue;
    out.push_back(keys::SelectIndex(campaign_id, select->id, option->id, lead_id));
    out.push_back(keys::OptionUpdatedIndex(campaign_id, select->id, option->id, lead.updated_at, lead_id));
  }
  if (const core::LeadStatus* status = campaign.FindStatus(lead.status)) {
    out.push_back(keys::StatusIndex(campaign_id, status->id, lead_id));
  }
  out.push_back(keys::UpdatedIndex(campaign_id, lead.updated_at, lead_id));
  for (const auto& rule : campaign.duplicate_rules) {
    if (!core::CountsForRule(rule, lead.status)) continue;
    for (const auto& key : core::DuplicateKeys(rule, core::DuplicateValuesUnder(rule, campaign, lead))) {
      out.push_back(keys::DuplicateIndex(campaign_id, key, lead.created_at, lead_id));
    }
  }
  for (const auto& key : core::PersonKeys(campaign, lead)) out.push_back(keys::PersonIndex(campaign_id, key, lead_id));
  std::sort(out.begin(), out.end());
  // Two rules with one signature share their entries.
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> LeadRepo::TombstoneIndexKeysFor(const core::Campaign& campaign, const core::Lead& tombstone) {
  std::vector<std::string> out;
  for (const auto& key : IndexKeysFor(campaign, tombstone)) {
    auto kind = keys::IndexKindOf(key);
    if (kind == keys::IndexKind::kUpdated || kind == keys::IndexKind::kOptionUpdated) out.push_back(key);
  }
  return out;
}

core::Status LeadRepo::Delete(const core::Campaign& campaign, const core::Lead& lead, int64_t deleted_at,
                              const std::vector<uint64_t>& in_filters, const DeleteSide& side) {
  const core::CampaignId campaign_id(lead.campaign_id);
  const core::LeadId lead_id(lead.id);
  WriteUnit unit(db_);
  if (side) LG_RETURN_IF_ERROR(side(unit));
  unit.Delete(Cf::kLeads, keys::Lead(campaign_id, lead_id));
  for (const auto& key : IndexKeysFor(campaign, lead)) unit.Delete(Cf::kIndex, key);
  const std::string tombstone = core::EncodeTombstone(lead, deleted_at, in_filters);
  unit.Put(Cf::kTombstones, keys::Tombstone(campaign_id, lead_id), keys::VersionedValue(tombstone));
  unit.Put(Cf::kTombstones, keys::TombstoneExpiry(deleted_at, campaign_id, lead_id), {});
  core::Lead as_deleted = lead;
  as_deleted.updated_at = deleted_at;
  for (const auto& key : TombstoneIndexKeysFor(campaign, as_deleted)) unit.Put(Cf::kIndex, key, {});
  return db_.Commit(unit);
}

std::vector<LeadRepo::ErasedRange> LeadRepo::ErasedRanges(const core::Campaign& campaign, const core::Lead& lead) {
  auto point = [](Cf cf, std::string key) {
    std::string end = key + '\0';
    return ErasedRange{cf, std::move(key), std::move(end)};
  };
  auto prefixed = [](Cf cf, std::string prefix) {
    KeyRange range = keys::PrefixRange(std::move(prefix));
    return ErasedRange{cf, std::move(range.begin), std::move(range.end)};
  };
  // The outbox (cluster mode) held the commands that carried the lead until they were applied.
  // Its webhook events (lead JSON) lay among the campaign's others.
  const core::CampaignId campaign_id(lead.campaign_id);
  std::vector<ErasedRange> ranges{point(Cf::kLeads, keys::Lead(campaign_id, core::LeadId(lead.id))),
                                  ErasedRange{Cf::kIdem, "", ""}, prefixed(Cf::kMeta, keys::OutboxPrefix()),
                                  prefixed(Cf::kEvents, keys::LeadEventPrefix(lead.campaign_id))};
  for (auto& key : IndexKeysFor(campaign, lead)) {
    auto kind = keys::IndexKindOf(key);
    if (kind == keys::IndexKind::kPerson || kind == keys::IndexKind::kDuplicate) {
      ranges.push_back(point(Cf::kIndex, key));
    }
  }
  return ranges;
}

core::Result<std::vector<uint64_t>> LeadRepo::FindPerson(uint64_t campaign_id, std::string_view person_key) const {
  std::vector<uint64_t> ids;
  const KeyRange range = keys::PrefixRange(keys::PersonIndexPrefix(core::CampaignId(campaign_id), person_key));
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIndex, range, [&](std::string_view key, std::string_view) {
    ids.push_back(keys::IndexLeadId(key));
    return true;
  }));
  return ids;
}

core::Result<size_t> LeadRepo::DropTombstones(const CampaignLookup& campaign_of, int64_t deleted_before, size_t max) {
  std::vector<keys::TombstoneExpiryParts> due;
  const KeyRange range = keys::TombstonesDeletedBefore(deleted_before);
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kTombstones, range, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeTombstoneExpiry(key)) due.push_back(*parts);
    return due.size() < max;
  }));
  if (due.empty()) return size_t{0};
  WriteUnit unit(db_);
  for (const auto& parts : due) {
    const core::CampaignId campaign_id(parts.campaign_id);
    const core::LeadId lead_id(parts.lead_id);
    const std::string record_key = keys::Tombstone(campaign_id, lead_id);
    LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kTombstones, record_key));
    auto payload = value ? keys::VersionedPayload(*value) : std::nullopt;
    auto tombstone = payload ? core::DecodeLead(*payload) : core::Result<core::Lead>(core::Status::NotFound(""));
    auto campaign = campaign_of(parts.campaign_id);
    if (tombstone.has_value() && campaign) {
      for (const auto& key : TombstoneIndexKeysFor(*campaign, *tombstone)) unit.Delete(Cf::kIndex, key);
    }
    unit.Delete(Cf::kTombstones, record_key);
    unit.Delete(Cf::kTombstones, keys::TombstoneExpiry(parts.deleted_at, campaign_id, lead_id));
  }
  LG_RETURN_IF_ERROR(db_.Commit(unit, false));
  return due.size();
}

core::Result<bool> LeadRepo::HasTombstonesBefore(int64_t deleted_before) const {
  bool found = false;
  const KeyRange range = keys::TombstonesDeletedBefore(deleted_before);
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kTombstones, range, [&](std::string_view, std::string_view) {
    found = true;
    return false;
  }));
  return found;
}

core::Status LeadRepo::Put(const core::Campaign& campaign, const core::Lead& lead, const std::string& lead_json,
                           const core::Lead* previous, const SideWrite& side) {
  WriteUnit unit(db_);
  if (side) side(unit);
  unit.Put(Cf::kLeads, keys::Lead(core::CampaignId(lead.campaign_id), core::LeadId(lead.id)),
           keys::VersionedValue(lead_json));

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
  unit.Put(Cf::kLeads, keys::Lead(core::CampaignId(lead.campaign_id), core::LeadId(lead.id)),
           keys::VersionedValue(lead_json));
  for (const auto& key : IndexKeysFor(campaign, lead)) unit.Put(Cf::kIndex, key, {});
}

core::Status LeadRepo::PutNew(const core::Campaign& campaign,
                              const std::vector<std::pair<core::Lead, std::string>>& leads, const SideWrite& side) {
  WriteUnit unit(db_);
  for (const auto& [lead, json] : leads) AddNew(unit, campaign, lead, json);
  if (side) side(unit);
  return db_.Commit(unit);
}

core::Result<std::optional<std::string>> LeadRepo::GetJson(core::CampaignId campaign_id, core::LeadId lead_id) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kLeads, keys::Lead(campaign_id, lead_id)));
  if (!value) return value;
  auto payload = keys::VersionedPayload(*value);
  if (!payload) {
    return core::Status::Internal("lead " + std::to_string(lead_id.value()) + " has an unknown format version");
  }
  value->erase(0, value->size() - payload->size());  // drops the format byte in place: no second copy
  return value;
}

core::Result<std::optional<LeadRepo::AtOrAfter>> LeadRepo::GetJsonAtOrAfter(core::CampaignId campaign_id,
                                                                            core::LeadId lead_id) const {
  const std::string key = keys::Lead(campaign_id, lead_id);
  std::optional<AtOrAfter> found;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kLeads, {key, ""}, [&](std::string_view at, std::string_view value) {
    auto payload = keys::VersionedPayload(value);
    found = AtOrAfter{at == key, std::string(payload.value_or(std::string_view()))};
    return false;
  }));
  return found;
}

core::Status LeadRepo::ScanNewestFirst(const IdRange& ids, const LeadVisitor& visit, ScanStats* stats) const {
  const KeyRange range = keys::LeadRange(core::CampaignId(ids.campaign_id), {ids.from_id, ids.before_id});
  if (range.end <= range.begin) return core::Status::Ok();
  return db_.ScanReverse(Cf::kLeads, range, [&](std::string_view key, std::string_view value) {
    if (stats) ++stats->entries;
    auto payload = keys::VersionedPayload(value);
    auto parts = keys::DecodeLead(key);
    return !payload || !parts || visit(parts->lead_id, *payload);
  });
}

core::Status LeadRepo::ScanIndexedLeads(core::CampaignId campaign_id, const KeyRange& range,
                                        const IndexedLeadVisitor& visit, ScanStats* stats, bool tombstones) const {
  if (range.end <= range.begin) return core::Status::Ok();
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
    for (const auto& entry : entries)
      lead_keys.push_back(keys::Lead(campaign_id, core::LeadId(keys::IndexLeadId(entry))));
    read = db_.MultiGet(
        Cf::kLeads, lead_keys,
        [&](size_t i, std::optional<std::string_view> value) {
          auto payload = value ? keys::VersionedPayload(*value) : std::nullopt;
          if (payload) {
            go_on = visit(entries[i], *payload, false);
          } else if (tombstones) {
            // A deleted lead's entry: the tombstone was written in the entry's batch. (Rare, so
            // one point read each; one dropped meanwhile by the tombstone sweep is skipped.)
            auto tombstone =
                db_.Get(Cf::kTombstones, keys::Tombstone(campaign_id, core::LeadId(keys::IndexLeadId(entries[i]))));
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
      Cf::kIndex, range,
      [&](std::string_view key, std::string_view) {
        entries.emplace_back(key);
        if (stats) ++stats->entries;
        return entries.size() < batch || read_batch();
      },
      &at));
  if (go_on && !entries.empty()) read_batch();
  return read;
}

core::Status LeadRepo::ScanIndexNewestFirst(core::CampaignId campaign_id, const KeyRange& range,
                                            const LeadVisitor& visit, ScanStats* stats) const {
  return ScanIndexedLeads(
      campaign_id, range,
      [&](std::string_view entry, std::string_view json, bool) { return visit(keys::IndexLeadId(entry), json); },
      stats);
}

core::Status LeadRepo::ScanOptionNewestFirst(const IdRange& ids, OptionRef option, const LeadVisitor& visit,
                                             ScanStats* stats) const {
  const core::CampaignId campaign_id(ids.campaign_id);
  const KeyRange range =
      keys::SelectIndexRange(campaign_id, option.select_id, option.option_id, {ids.from_id, ids.before_id});
  return ScanIndexNewestFirst(campaign_id, range, visit, stats);
}

core::Status LeadRepo::ScanStatusNewestFirst(const IdRange& ids, uint32_t status_id, const LeadVisitor& visit,
                                             ScanStats* stats) const {
  const core::CampaignId campaign_id(ids.campaign_id);
  const KeyRange range = keys::StatusIndexRange(campaign_id, status_id, {ids.from_id, ids.before_id});
  return ScanIndexNewestFirst(campaign_id, range, visit, stats);
}

core::Status LeadRepo::ScanUpdatedAscending(const UpdateRange& range, const UpdatedVisitor& visit,
                                            ScanStats* stats) const {
  const core::CampaignId campaign_id(range.campaign_id);
  const KeyRange entries = keys::UpdatedIndexRange(campaign_id, {range.after, range.from_time, range.until});
  return ScanUpdatedRange(campaign_id, entries, visit, stats);
}

core::Status LeadRepo::ScanOptionUpdatedAscending(const UpdateRange& range, OptionRef option,
                                                  const UpdatedVisitor& visit, ScanStats* stats) const {
  const core::CampaignId campaign_id(range.campaign_id);
  const KeyRange entries = keys::OptionUpdatedIndexRange(campaign_id, option.select_id, option.option_id,
                                                         {range.after, range.from_time, range.until});
  return ScanUpdatedRange(campaign_id, entries, visit, stats);
}

core::Status LeadRepo::ScanUpdatedRange(core::CampaignId campaign_id, const KeyRange& range,
                                        const UpdatedVisitor& visit, ScanStats* stats) const {
  return ScanIndexedLeads(
      campaign_id, range,
      [&](std::string_view entry, std::string_view json, bool deleted) {
        auto parts = keys::DecodeIndex(entry);
        return !parts || visit(parts->time, parts->lead_id, json, deleted);
      },
      stats, /*tombstones=*/true);
}

core::Status LeadRepo::ScanDuplicateMatches(uint64_t campaign_id, std::string_view rule_key, int64_t created_from,
                                            const LeadVisitor& visit) const {
  const KeyRange range = keys::DuplicateIndexFrom(core::CampaignId(campaign_id), rule_key, created_from);
  core::Status read = core::Status::Ok();
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIndex, range, [&](std::string_view key, std::string_view) {
    uint64_t lead_id = keys::IndexLeadId(key);
    auto json = GetJson(core::CampaignId(campaign_id), core::LeadId(lead_id));
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
  auto is_duplicate_key = [](const std::string& key) { return keys::IndexKindOf(key) == keys::IndexKind::kDuplicate; };
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
  const KeyRange leads = keys::PrefixRange(keys::LeadPrefix(core::CampaignId(campaign.id)));
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kLeads, leads, [&](std::string_view, std::string_view value) {
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
  const KeyRange entries =
      keys::PrefixRange(keys::IndexPrefix(keys::IndexKind::kDuplicate, core::CampaignId(campaign.id)));
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIndex, entries, [&](std::string_view key, std::string_view) {
    uint64_t lead_id = keys::IndexLeadId(key);
    auto json = GetJson(core::CampaignId(campaign.id), core::LeadId(lead_id));
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

core::Result<std::vector<uint64_t>> LeadRepo::OldestIds(core::CampaignId campaign_id, core::LeadId before_id,
                                                        size_t max) const {
  std::vector<uint64_t> ids;
  if (max == 0) return ids;
  const KeyRange range = keys::LeadRange(campaign_id, {0, before_id.value()});
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kLeads, range, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeLead(key)) ids.push_back(parts->lead_id);
    return ids.size() < max;
  }));
  return ids;
}

core::Result<uint64_t> LeadRepo::MaxLeadId(uint64_t campaign_id) const {
  uint64_t max_id = 0;
  // A deleted lead's id is never issued again: its tombstone may still be in the feed.
  const KeyRange leads = keys::PrefixRange(keys::LeadPrefix(core::CampaignId(campaign_id)));
  LG_RETURN_IF_ERROR(db_.ScanReverse(Cf::kLeads, leads, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeLead(key)) max_id = std::max(max_id, parts->lead_id);
    return false;
  }));
  const KeyRange tombstones = keys::PrefixRange(keys::TombstonePrefix(core::CampaignId(campaign_id)));
  LG_RETURN_IF_ERROR(db_.ScanReverse(Cf::kTombstones, tombstones, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeTombstone(key)) max_id = std::max(max_id, parts->lead_id);
    return false;
  }));
  return max_id;
}

}  // namespace lg::store
