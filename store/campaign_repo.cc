#include "store/campaign_repo.h"

#include "core/campaign_json.h"
#include "store/key_codec.h"
#include "store/versioned_records.h"
#include "store/write_unit.h"

namespace lg::store {
namespace {

core::Result<core::Campaign> DecodeStored(std::string_view value) {
  auto payload = keys::VersionedPayload(value);
  if (!payload) return core::Status::Internal("a stored campaign has an unknown format version");
  auto campaign = core::DecodeCampaign(*payload, core::CampaignForm::kStored);
  if (!campaign.has_value())
    return core::Status::Internal("a stored campaign does not decode: " + campaign.error().detail());
  return campaign;
}

}  // namespace

core::Status CampaignRepo::Put(const core::Campaign& campaign) {
  WriteUnit unit(db_);
  unit.Put(Cf::kMeta, keys::Campaign(campaign.id),
           keys::VersionedValue(core::EncodeCampaign(campaign, core::CampaignForm::kStored)));
  return db_.Commit(unit);
}

core::Result<std::optional<core::Campaign>> CampaignRepo::Get(uint64_t campaign_id) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kMeta, keys::Campaign(campaign_id)));
  if (!value) return std::optional<core::Campaign>();
  LG_ASSIGN_OR_RETURN(auto campaign, DecodeStored(*value));
  return std::optional<core::Campaign>(std::move(campaign));
}

core::Result<std::vector<core::Campaign>> CampaignRepo::List() const {
  return ReadVersionedRecords<core::Campaign>(
      db_, Cf::kMeta, keys::CampaignPrefix(), "campaign",
      [](std::string_view payload) { return core::DecodeCampaign(payload, core::CampaignForm::kStored); });
}

}  // namespace lg::store
