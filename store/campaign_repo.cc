#include "store/campaign_repo.h"

#include "core/campaign_json.h"
#include "core/log.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {
namespace {

std::optional<core::Campaign> DecodeStored(std::string_view value) {
  auto payload = keys::VersionedPayload(value);
  if (!payload) return std::nullopt;
  auto campaign = core::DecodeCampaign(*payload, core::CampaignForm::kStored);
  if (!campaign.has_value()) {
    core::log::Error("store_corrupt_campaign", {{"detail", campaign.error().detail()}});
    return std::nullopt;
  }
  return std::move(campaign).value();
}

}  // namespace

core::Status CampaignRepo::Put(const core::Campaign& campaign) {
  WriteUnit unit(db_);
  unit.Put(Cf::kMeta, keys::Campaign(campaign.id),
           keys::VersionedValue(core::EncodeCampaign(campaign, core::CampaignForm::kStored)));
  return db_.Commit(unit);
}

std::optional<core::Campaign> CampaignRepo::Get(uint64_t campaign_id) const {
  auto value = db_.Get(Cf::kMeta, keys::Campaign(campaign_id));
  if (!value) return std::nullopt;
  return DecodeStored(*value);
}

std::vector<core::Campaign> CampaignRepo::List() const {
  std::vector<core::Campaign> out;
  std::string prefix = keys::CampaignPrefix();
  db_.Scan(Cf::kMeta, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view, std::string_view value) {
    if (auto c = DecodeStored(value)) out.push_back(std::move(*c));
    return true;
  });
  return out;
}

}  // namespace lg::store
