#pragma once
// Small helpers shared by the handler files: JSON responses, Result -> response.

#include <optional>
#include <string>

#include "core/status.h"
#include "net/http_types.h"
#include "net/problem.h"
#include "net/router.h"
#include "service/idempotency_service.h"

namespace lg::net {

HttpResponse JsonResponse(int status, std::string body);

// A create's Idempotency-Key, if the request has one, with what it is bound to.
std::optional<service::IdempotentRequest> IdempotencyOf(const HttpRequest& request);

// 429 (problem+json with `code`) with Retry-After: `retry_after_s` rounded up, at least 1.
HttpResponse TooManyRequestsResponse(const std::string& code, const std::string& detail, double retry_after_s);

// The error response for `result`, or `make(value)` when it holds one.
template <typename T, typename Fn>
HttpResponse Respond(core::Result<T>&& result, Fn make) {
  if (!result.has_value()) return ProblemResponse(result.error());
  return make(result.value());
}

}  // namespace lg::net
