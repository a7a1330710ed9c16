#pragma once
#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// /v2/admin/backup: an online backup of the store, admin only. /metrics: the Prometheus text
// exposition (core/metrics.h), for admin tokens unless configured public.
void AddAdminRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
