#pragma once
// OpenAPI 3.1 description of what one token (or the account) can do, generated from the
// campaign schema: lead create/patch/response schemas with a type and format per field type,
// enums for the option slugs and statuses the token may use, the required list, list parameters
// named after the campaign's real selects, the error format and rate-limit headers, and examples
// built by apidocs/examples.h; the `webhooks` section and the /v2/webhooks API come from
// apidocs/webhook_openapi.h.

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

// A campaign's schema name: the campaign id is appended only in the account docs, where several
// campaigns share one document; a vendor's document reads "Lead", "LeadCreate".
std::string SchemaName(const DocsRequest& request, const DocsCampaign& campaign, std::string_view base);

// The list's condition parameters (status, created_/updated_ after/before, one per select with
// its option slugs), as elements of a `parameters` array: the event stream takes them too.
void WriteListConditionParameters(core::JsonWriter& out, const DocsCampaign& campaign);

// A reference to the shared answer `name` (components/responses) under its kind's HTTP status.
void WriteResponseRef(core::JsonWriter& out, core::ErrorKind kind, std::string_view name);

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
