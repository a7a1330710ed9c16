#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/tokens (mint, list, show, change, reveal, rotate, revoke, docs-link rotation) and
// /v2/audit, all admin only.
void AddTokenRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
