#pragma once
// OpenAPI 3.1 description of what one token (or the account) can do, generated from the
// campaign schema: lead create/patch/response schemas with a type and format per field type,
// enums for the option slugs and statuses the token may use, the required list, list parameters
// named after the campaign's real selects, the error format and rate-limit headers, and examples
// built by docs/examples.h.

#include <string>

#include "core/status.h"
#include "docs/docs_model.h"

namespace lg::docs {

std::string BuildOpenApi(const DocsRequest& request);

// Where each campaign's lead operations live, shared with the other generators.
std::string LeadsPath(const DocsCampaign& campaign);

// The stable error codes a client of these endpoints can meet, with their kind (whose HTTP status
// comes from core/problem.h's table) and meaning.
struct ErrorCodeDoc {
  core::ErrorKind kind;
  const char* code;
  const char* meaning;
  bool writes_only;
};
const std::vector<ErrorCodeDoc>& ClientErrorCodes();

}  // namespace lg::docs
