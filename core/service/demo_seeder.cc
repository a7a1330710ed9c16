#include "core/service/demo_seeder.h"

#include "core/campaign_json.h"

namespace lg::service {

core::Result<DemoSeed> SeedDemo(CampaignService& campaigns, const auth::Principal& admin) {
  auto demo = core::DecodeCampaign(DemoCampaignJson(), core::CampaignForm::kApi);
  if (!demo.ok()) return demo.status();
  for (const auto& campaign : campaigns.List(admin)) {
    if (campaign->name == demo->name) return DemoSeed{campaign->id, false};
  }
  auto created = campaigns.Create(admin, DemoCampaignJson());
  if (!created.ok()) return created.status();
  return DemoSeed{(*created)->id, true};
}

}  // namespace lg::service
