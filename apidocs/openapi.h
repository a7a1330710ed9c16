#pragma once
// OpenAPI 3.1 description of what one token (or the account) can do, generated from the
// campaign schema: lead create/patch/response schemas with a type and format per field type,
// enums for the option slugs and statuses the token may use, the required list, list parameters
// named after the campaign's real selects, the error format and rate-limit headers, and examples
// built by apidocs/examples.h. The lead operations are apidocs/openapi_leads.h's, the account's and
// admin's apidocs/openapi_account.h's, the `webhooks` section and the /v2/webhooks API
// apidocs/webhook_openapi.h's; every operation lists every answer it can get (apidocs/openapi_parts.h).

#include <string>
#include <string_view>
#include <vector>

#include "apidocs/docs_model.h"
#include "core/json_writer.h"
#include "core/status.h"

namespace lg::apidocs {

std::string BuildOpenApi(const DocsRequest& request);

// Where each campaign's lead operations live, shared with the other generators.
std::string LeadsPath(const DocsCampaign& campaign);

// A campaign's schema name: the campaign id is appended unless the token is scoped to one
// campaign, since several campaigns share the account-level documents; a vendor's document reads
// "Lead", "LeadCreate".
std::string SchemaName(const DocsRequest& request, const DocsCampaign& campaign, std::string_view base);
// What a campaign's operation ids end with, by the same rule ("Campaign7", or nothing).
std::string OperationSuffix(const DocsRequest& request, const DocsCampaign& campaign);

// The stable error codes a client of these endpoints can meet: core/error_catalogue.h's client
// codes, with their kind (whose HTTP status comes from core/problem.h's table) and meaning, and
// whether only writes meet them.
struct ErrorCodeDoc {
  core::ErrorKind kind;
  std::string_view code;
  std::string_view meaning;
  bool writes_only;
};
const std::vector<ErrorCodeDoc>& ClientErrorCodes();

}  // namespace lg::apidocs
