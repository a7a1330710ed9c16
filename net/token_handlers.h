#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/tokens: mint, list, show, revoke (admin only).
void AddTokenRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
