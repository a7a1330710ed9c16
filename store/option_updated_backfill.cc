#include "store/option_updated_backfill.h"

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
}  // namespace

core::Result<size_t> BackfillOptionUpdatedIndex(Db& db) {
  const std::string marker = keys::Marker(kOptionUpdatedBackfillMarker);
  LG_ASSIGN_OR_RETURN(auto done, db.Get(Cf::kMeta, marker));
  if (done) return size_t{0};

  std::vector<core::Campaign> campaigns;
  std::string prefix = keys::CampaignPrefix();
  LG_RETURN_IF_ERROR(
      db.Scan(Cf::kMeta, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view, std::string_view value) {
        auto payload = keys::VersionedPayload(value);
        if (!payload) return true;
        auto campaign = core::DecodeCampaign(*payload, core::CampaignForm::kStored);
        if (campaign.has_value()) campaigns.push_back(std::move(campaign).value());
        return true;
      }));

  WriteUnit batch(db);
  size_t in_batch = 0, written = 0;
  core::Status failed = core::Status::Ok();
  for (const auto& campaign : campaigns) {
    if (campaign.selects.empty()) continue;
    std::string leads = keys::LeadPrefix(campaign.id);
    // The scan reads a snapshot; the entries it adds are in another column family.
    LG_RETURN_IF_ERROR(
        db.Scan(Cf::kLeads, leads, keys::PrefixEnd(leads), false, [&](std::string_view, std::string_view value) {
          auto payload = keys::VersionedPayload(value);
          if (!payload) return true;
          auto lead = core::DecodeLead(*payload);
          if (!lead.has_value()) return true;
          for (const auto& key : LeadRepo::IndexKeysFor(campaign, *lead)) {
            if (key[0] != keys::kIndexOptionUpdated) continue;
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
  batch.Put(Cf::kMeta, marker, {});
  LG_RETURN_IF_ERROR(db.Commit(batch));
  return written + in_batch;
}

}  // namespace lg::store
