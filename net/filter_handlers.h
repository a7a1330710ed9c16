#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/campaigns/{campaign_id}/filters[/{filter_id}] (admin only).
void AddFilterRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
