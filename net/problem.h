#pragma once
// Error responses as application/problem+json (RFC 9457) with a stable `code`, and for 422 an
// `errors` array of {field, code, message}. The one table mapping error kinds to HTTP statuses.

#include <string>

#include "core/json_writer.h"
#include "core/status.h"
#include "net/http_types.h"

namespace lg::net {

int HttpStatusFor(core::ErrorKind kind);
// The members a problem document adds for `status`: its extension members (e.g. `doublet_of`)
// and the `errors` array. Also used for each failed line of a bulk create.
void WriteStatusDetails(core::JsonWriter& out, const core::Status& status);
HttpResponse ProblemResponse(const core::Status& status);
HttpResponse ProblemResponse(int http_status, const std::string& code, const std::string& detail);

}  // namespace lg::net
