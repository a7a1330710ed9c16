#pragma once
// The schemas of the OpenAPI document (components/schemas; apidocs/openapi.h writes the rest):
// each campaign's lead schemas (create, patch, answer, list, tombstone) with a type and format per
// field type and enums of the option and status slugs the token may use, the shared ones
// (Problem, FieldError, Campaign...), and the erasure's. Pure.

#include <string>

#include "apidocs/docs_model.h"
#include "core/json_writer.h"

namespace lg::apidocs {

// "#/components/schemas/<name>".
std::string SchemaRef(const std::string& name);

void WriteLeadSchemas(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign);
void WriteCommonSchemas(core::JsonWriter& out, const DocsRequest& request);
// An account-level document's LeadCreateAnyCampaign (POST /v2/leads: campaign_id required, one of
// the campaigns) and LeadAnyCampaign (its answer); nothing for a campaign-scoped or read token.
void WriteAnyCampaignSchemas(core::JsonWriter& out, const DocsRequest& request);
void WriteErasureSchemas(core::JsonWriter& out, const DocsRequest& request);

}  // namespace lg::apidocs
