#pragma once
// POST /v2/campaigns/{campaign_id}/leads/bulk: a JSON array or NDJSON of leads, read and stored as
// it arrives (service/bulk_create.h), one outcome per item.

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

void AddBulkCreateRoute(Router& router, const ApiContext& ctx);

}  // namespace lg::net
