#pragma once
#include <string_view>

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/campaigns/{campaign_id}/leads[/{lead_id}], POST /v2/leads and POST /leads, and
// POST /v2/campaigns/{campaign_id}/leads/bulk. Every create honours an Idempotency-Key header.
void AddLeadRoutes(Router& router, const ApiContext& ctx);

// Whether a request is a bulk create, which has its own body limit (limits.bulk_body_limit_bytes).
// `path`: as sent (percent-encoded), without the query.
bool IsBulkCreate(std::string_view method, std::string_view path);

}  // namespace lg::net
