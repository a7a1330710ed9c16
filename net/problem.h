#pragma once
// Error responses: the application/problem+json document of a Status (core/problem.h, whose one
// table chooses the HTTP status), with WWW-Authenticate on a 401. Internal errors are logged
// here with their detail and answered with a generic one.

#include "core/status.h"
#include "net/http_types.h"

namespace lg::net {

HttpResponse ProblemResponse(const core::Status& status);

// 404 for a path that names nothing (no route, an id that is no id, a resource outside the
// token's scope as the handlers answer it).
HttpResponse NotFoundResponse();

}  // namespace lg::net
