#pragma once
// The account's and admin's operations in the OpenAPI document (apidocs/openapi.h), for the
// account docs and an admin token's docs link (DocsRequest::admin_api): creating campaigns and
// changing their schema, offboarding a vendor, saved filters, tokens, the audit log, counting
// leads by conditions, backups and the cluster's status. Each names the access it needs
// (x-leadgate-access: admin) and its 403; the schemas they read and answer are here too. Pure.

#include "apidocs/docs_model.h"
#include "core/json_writer.h"

namespace lg::apidocs {

// POST /v2/campaigns, inside the /v2/campaigns path object.
void WriteCampaignCreate(core::JsonWriter& out, const DocsRequest& request);
// PATCH /v2/campaigns/{id}, inside that campaign's path object.
void WriteCampaignPatch(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign);
// Every other path of theirs.
void WriteAccountPaths(core::JsonWriter& out, const DocsRequest& request);
void WriteAccountSchemas(core::JsonWriter& out, const DocsRequest& request);

}  // namespace lg::apidocs
