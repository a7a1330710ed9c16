#include "net/handler_util.h"

#include <algorithm>
#include <cmath>

namespace lg::net {

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::optional<service::IdempotentRequest> IdempotencyOf(const HttpRequest& request) {
  if (!request.idempotency_key) return std::nullopt;
  return service::IdempotentRequest{*request.idempotency_key, request.method, request.path};
}

HttpResponse TooManyRequestsResponse(const std::string& code, const std::string& detail, double retry_after_s) {
  HttpResponse response = ProblemResponse({core::ErrorKind::kOverLimit, code, detail});
  long seconds = std::max(1L, static_cast<long>(std::ceil(std::max(retry_after_s, 0.0))));
  response.headers.emplace_back("Retry-After", std::to_string(seconds));
  return response;
}

}  // namespace lg::net
