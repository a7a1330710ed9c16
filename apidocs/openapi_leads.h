#pragma once
// The lead operations of the OpenAPI document (apidocs/openapi.h): for each campaign its list,
// create, bulk create, event stream, statistics and one lead's get, PATCH and DELETE, as this
// token may call them; the creates without a campaign in the path (/v2/leads and /leads, with
// campaign_id in the body or implied by a campaign-scoped token); and the erasure. Pure.

#include <string>

#include "apidocs/docs_model.h"
#include "core/json_writer.h"

namespace lg::apidocs {

void WriteCampaignLeadPaths(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign);
void WriteLeadCreatePaths(core::JsonWriter& out, const DocsRequest& request);
void WriteErasePath(core::JsonWriter& out, const DocsRequest& request);

// The list's condition parameters (status, created_/updated_ after/before, one per select with
// its option slugs; status and selects take comma lists), as elements of a `parameters` array:
// the event stream takes them too.
void WriteListConditionParameters(core::JsonWriter& out, const DocsCampaign& campaign);

}  // namespace lg::apidocs
