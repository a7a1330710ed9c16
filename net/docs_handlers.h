#pragma once
// Routes of the public documentation: /docs/{docs_id} (HTML), .../openapi.json, .../openapi.yaml
// and .../postman.json per token, and the same four under /a/{account_slug}/api-documentation.

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

void AddDocsRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
