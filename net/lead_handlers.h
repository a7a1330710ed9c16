#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/campaigns/{campaign_id}/leads[/{lead_id}], POST /v2/leads and POST /leads, and
// POST /v2/campaigns/{campaign_id}/leads/bulk (net/bulk_create_handler.h). Every create honours
// an Idempotency-Key header.
void AddLeadRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
