#pragma once
// Seeds the demo campaign (config/demo_campaign.json, embedded at build time) once. Blocking.

#include <cstdint>

#include "core/service/campaign_service.h"
#include "core/status.h"

namespace lg::service {

struct DemoSeed {
  uint64_t campaign_id = 0;
  bool created = false;  // false: it was already there
};

// The embedded demo campaign document.
std::string_view DemoCampaignJson();

// Creates the demo campaign unless a campaign with its name exists.
core::Result<DemoSeed> SeedDemo(CampaignService& campaigns, const auth::Principal& admin);

}  // namespace lg::service
