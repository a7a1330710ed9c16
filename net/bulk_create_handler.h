#pragma once
// POST /v2/campaigns/{campaign_id}/leads/bulk: a JSON array or NDJSON of leads, read and stored as
// it arrives (service/bulk_create.h), one outcome per item.

#include <string_view>

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

void AddBulkCreateRoute(Router& router, const ApiContext& ctx);

// Whether a request is a bulk create, which has its own body limit (limits.bulk_body_limit_bytes)
// and reads its body as it arrives. `path`: as sent (percent-encoded), without the query.
bool IsBulkCreate(std::string_view method, std::string_view path);

}  // namespace lg::net
