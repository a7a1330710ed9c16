#pragma once
// Error responses as application/problem+json (RFC 9457) with a stable `code`, and for 422 an
// `errors` array of {field, code, message}. The one table mapping error kinds to HTTP statuses.

#include <string>

#include "core/status.h"
#include "net/http_types.h"

namespace lg::net {

int HttpStatusFor(core::ErrorKind kind);
HttpResponse ProblemResponse(const core::Status& status);
HttpResponse ProblemResponse(int http_status, const std::string& code, const std::string& detail);

}  // namespace lg::net
