#pragma once
// The account's and admin's operations, call by call (apidocs/api_call.h): creating campaigns and
// changing their schema, offboarding a vendor, saved filters, counting leads by conditions,
// tokens, the audit log, backups and the cluster's status. Each needs an admin token. The OpenAPI
// document (apidocs/openapi_account.h), the HTML page and the Postman collection are written from
// them. Pure.

#include <string_view>
#include <vector>

#include "apidocs/api_call.h"
#include "apidocs/docs_model.h"

namespace lg::apidocs {

// The calls of one part of the API, under one heading (an OpenAPI tag, an HTML section).
struct ApiCallGroup {
  std::string_view tag;
  std::string_view anchor;  // the HTML page's id for it
  std::vector<ApiCall> calls;
};

// POST /v2/campaigns.
ApiCall CampaignCreateCall();
// PATCH /v2/campaigns/{id} of `campaign`.
ApiCall CampaignPatchCall(const DocsRequest& request, const DocsCampaign& campaign);
// Every other account and admin call, in groups.
std::vector<ApiCallGroup> AccountApiCallGroups(const DocsRequest& request);

}  // namespace lg::apidocs
