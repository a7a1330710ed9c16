#include "service/demo_seeder.h"

#include "core/campaign_json.h"
#include "core/json_writer.h"

namespace lg::service {
namespace {

constexpr std::string_view kVendorSuffix = " (demo vendor)";

core::Status AddVendor(FilterService& filters, TokenService& tokens, const auth::Principal& admin, uint64_t campaign_id,
                       const core::SelectOption& option, DemoSeed& seed) {
  core::JsonWriter filter;
  filter.BeginObject().Key("name").String(option.label).Key("match").String("all").Key("conditions").BeginArray();
  filter.BeginObject().Key("field").String("source").Key("op").String("eq").Key("value").String(option.slug);
  filter.EndObject().EndArray().EndObject();
  auto created = filters.Create(admin, campaign_id, filter.str());
  if (!created.has_value()) return created.error();
  core::JsonWriter token;
  token.BeginObject().Key("name").String(option.label + std::string(kVendorSuffix));
  token.Key("permission").String("read_write").Key("campaign_id").Uint(campaign_id);
  token.Key("filter_id").Uint((*created)->id).EndObject();
  auto issued = tokens.Create(admin, token.str());
  if (!issued.has_value()) return issued.error();
  seed.vendors.push_back({option.label, issued->secret, issued->record.docs_id});
  return core::Status::Ok();
}

}  // namespace

core::Result<DemoSeed> SeedDemo(CampaignService& campaigns, FilterService& filters, TokenService& tokens,
                                const auth::Principal& admin) {
  auto demo = core::DecodeCampaign(DemoCampaignJson(), core::CampaignForm::kApi);
  if (!demo.has_value()) return demo.error();
  for (const auto& campaign : campaigns.List(admin)) {
    if (campaign->name != demo->name) continue;
    DemoSeed seed{campaign->id, false, {}};
    auto listed = tokens.List(admin);
    if (!listed.has_value()) return listed.error();
    for (const auto& record : *listed) {
      if (record.campaign_id != campaign->id || !record.name.ends_with(kVendorSuffix) || record.revoked_at) continue;
      auto revealed = tokens.Reveal(admin, record.id);
      std::string label = record.name.substr(0, record.name.size() - kVendorSuffix.size());
      seed.vendors.push_back({label, revealed.has_value() ? revealed->secret : "", record.docs_id});
    }
    return seed;
  }
  auto created = campaigns.Create(admin, DemoCampaignJson());
  if (!created.has_value()) return created.error();
  DemoSeed seed{(*created)->id, true, {}};
  if (const core::Select* source = (*created)->FindSelect("source")) {
    for (const auto& option : source->options) {
      LG_RETURN_IF_ERROR(AddVendor(filters, tokens, admin, seed.campaign_id, option, seed));
    }
  }
  return seed;
}

}  // namespace lg::service
