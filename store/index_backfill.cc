#include "store/index_backfill.h"

#include <string>
#include <vector>

#include "core/campaign_json.h"
#include "core/lead_json.h"
#include "store/db.h"
#include "store/key_codec.h"
#include "store/lead_repo.h"
#include "store/write_unit.h"

namespace lg::store {
namespace {

constexpr size_t kBatchEntries = 10000;

core::Result<std::vector<core::Campaign>> StoredCampaigns(const Db& db) {
  std::vector<core::Campaign> campaigns;
  const KeyRange range = keys::PrefixRange(keys::CampaignPrefix());
  LG_RETURN_IF_ERROR(db.Scan(Cf::kMeta, range, [&](std::string_view, std::string_view value) {
    auto payload = keys::VersionedPayload(value);
    if (!payload) return true;
    auto campaign = core::DecodeCampaign(*payload, core::CampaignForm::kStored);
    if (campaign.has_value()) campaigns.push_back(std::move(campaign).value());
    return true;
  }));
  return campaigns;
}

// Adds the `kind` entries of every lead of the campaigns `wanted` says have any, then the marker.
template <typename Wanted>
core::Result<size_t> Backfill(Db& db, const char* marker_name, keys::IndexKind kind, const Wanted& wanted) {
  LG_ASSIGN_OR_RETURN(auto campaigns, StoredCampaigns(db));
  WriteUnit batch(db);
  size_t in_batch = 0, written = 0;
  core::Status failed = core::Status::Ok();
  for (const auto& campaign : campaigns) {
    if (!wanted(campaign)) continue;
    const KeyRange leads = keys::PrefixRange(keys::LeadPrefix(core::CampaignId(campaign.id)));
    // The scan reads a snapshot; the entries it adds are in another column family.
    LG_RETURN_IF_ERROR(db.Scan(Cf::kLeads, leads, [&](std::string_view, std::string_view value) {
      auto payload = keys::VersionedPayload(value);
      if (!payload) return true;
      auto lead = core::DecodeLead(*payload);
      if (!lead.has_value()) return true;
      for (const auto& key : LeadRepo::IndexKeysFor(campaign, *lead)) {
        if (keys::IndexKindOf(key) != kind) continue;
        batch.Put(Cf::kIndex, key, {});
        ++in_batch;
      }
      if (in_batch < kBatchEntries) return true;
      failed = db.Commit(batch);
      written += in_batch;
      batch.Clear();
      in_batch = 0;
      return failed.ok();
    }));
    LG_RETURN_IF_ERROR(failed);
  }
  batch.Put(Cf::kMeta, keys::Marker(marker_name), {});
  LG_RETURN_IF_ERROR(db.Commit(batch));
  return written + in_batch;
}

core::Result<bool> Done(const Db& db, const char* marker_name) {
  LG_ASSIGN_OR_RETURN(auto done, db.Get(Cf::kMeta, keys::Marker(marker_name)));
  return done.has_value();
}

}  // namespace

core::Result<size_t> BackfillOptionUpdatedIndex(Db& db) {
  LG_ASSIGN_OR_RETURN(bool done, Done(db, kOptionUpdatedBackfillMarker));
  if (done) return size_t{0};
  return Backfill(db, kOptionUpdatedBackfillMarker, keys::IndexKind::kOptionUpdated,
                  [](const core::Campaign& c) { return !c.selects.empty(); });
}

core::Result<size_t> BackfillDuplicateIndex(Db& db) {
  LG_ASSIGN_OR_RETURN(bool done, Done(db, kDuplicateBackfillMarker));
  if (done) return size_t{0};
  // The per-value entries of every campaign go first (one range: the tag byte is the first of
  // the key), so a store never holds both layouts once the marker is written.
  WriteUnit legacy(db);
  const KeyRange per_value = keys::PrefixRange(keys::IndexKindPrefix(keys::IndexKind::kDuplicateLegacy));
  legacy.DeleteRange(Cf::kIndex, per_value);
  LG_RETURN_IF_ERROR(db.Commit(legacy));
  return Backfill(db, kDuplicateBackfillMarker, keys::IndexKind::kDuplicate,
                  [](const core::Campaign& c) { return !c.duplicate_rules.empty(); });
}

core::Result<size_t> BackfillPersonIndex(Db& db) {
  LG_ASSIGN_OR_RETURN(bool done, Done(db, kPersonBackfillMarker));
  if (done) return size_t{0};
  return Backfill(db, kPersonBackfillMarker, keys::IndexKind::kPerson, [](const core::Campaign& c) {
    for (const auto& field : c.fields) {
      if (field.type == core::FieldType::kEmail || field.type == core::FieldType::kPhone) return true;
    }
    return false;
  });
}

}  // namespace lg::store
