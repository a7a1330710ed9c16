#pragma once
// Routes of the public documentation: /docs/{docs_id} (HTML), .../openapi.json, .../openapi.yaml
// and .../postman.json per token, and the same four under /a/{account_slug}/api-documentation
// (admin-only unless security.account_docs_require_admin is false). Anonymous requests are rate
// limited per client address (limits.docs_*; 429 with Retry-After), unknown links included.
// Rendered pages are kept per version of what they show (net/docs_cache.h).

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

void AddDocsRoutes(Router& router, const ApiContext& ctx);

}  // namespace lg::net
