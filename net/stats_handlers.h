#pragma once
// GET /v2/campaigns/{campaign_id}/stats: the vendor statistics (service/stats_service.h) as JSON,
// or as CSV with `Accept: text/csv`.

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

void AddStatsRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
