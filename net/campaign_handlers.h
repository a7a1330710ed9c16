#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/campaigns and the schema sub-resources (fields, selects, options, statuses).
void AddCampaignRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
