#pragma once
// Seeds the demo campaign (config/demo_campaign.json, embedded at build time) once. Blocking.

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "service/token_service.h"

namespace lg::service {

// A demo vendor: a filter `source = option` and a read_write token scoped to it.
struct DemoVendor {
  std::string label;
  std::string secret;  // empty when reveal is turned off and the token was made earlier
  std::string docs_id;
};

struct DemoSeed {
  uint64_t campaign_id = 0;
  bool created = false;  // false: it was already there
  std::vector<DemoVendor> vendors;
};

// The embedded demo campaign document.
std::string_view DemoCampaignJson();

// Creates the demo campaign unless a campaign with its name exists, with one filter and one
// scoped token per `source` vendor; on later starts, finds those tokens again.
core::Result<DemoSeed> SeedDemo(CampaignService& campaigns, FilterService& filters, TokenService& tokens,
                                const auth::Principal& admin);

}  // namespace lg::service
