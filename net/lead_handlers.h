#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/campaigns/{campaign_id}/leads[/{lead_id}], POST /v2/leads and POST /leads,
// POST /v2/campaigns/{campaign_id}/leads/bulk (net/bulk_create_handler.h) and
// GET /v2/campaigns/{campaign_id}/leads/events (net/lead_stream_handler.h). Every create honours
// an Idempotency-Key header. A sort=updated_at list may long-poll with wait=<seconds>.
void AddLeadRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
