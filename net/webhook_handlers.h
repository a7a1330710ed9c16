#pragma once
// /v2/webhooks: the endpoints (POST/GET/PATCH/DELETE, reveal, rotate: service/webhook_service.h)
// and their delivery log, replays and test ping (service/webhook_dispatcher.h).

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

void AddWebhookRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
