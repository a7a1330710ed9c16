#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/campaigns/{campaign_id}/leads[/{lead_id}], POST /v2/leads and POST /leads.
void AddLeadRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
