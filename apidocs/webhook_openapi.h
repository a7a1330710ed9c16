#pragma once
// The webhooks parts of the OpenAPI 3.1 document (apidocs/openapi.h writes the rest): the top-level
// `webhooks` map, one POST per event the token's endpoints may receive, with its payload schema
// (the lead as the token sees it: the campaign's own fields and options), an example signed with
// the example secret, the three Standard Webhooks headers and the answers that count; and the
// webhook endpoints API (/v2/webhooks) with its schemas. Content from apidocs/webhook_docs.h.

#include "apidocs/docs_model.h"
#include "core/json_writer.h"

namespace lg::apidocs {

// `"webhooks": {...}`, as a member of the document's root object.
void WriteWebhooks(core::JsonWriter& out, const DocsRequest& request);
// The /v2/webhooks path items, as members of `paths`.
void WriteWebhookApiPaths(core::JsonWriter& out, const DocsRequest& request);
// The schemas both use, as members of `components.schemas`.
void WriteWebhookSchemas(core::JsonWriter& out, const DocsRequest& request);

}  // namespace lg::apidocs
