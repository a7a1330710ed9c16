#include "net/handler_util.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace lg::net {

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::optional<uint64_t> ParseId(std::string_view text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0 || text[0] == '0') return std::nullopt;
  return v;
}

std::optional<uint64_t> PathId(const RouteParams& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() ? std::nullopt : ParseId(it->second);
}

std::optional<service::IdempotentRequest> IdempotencyOf(const HttpRequest& request) {
  if (!request.idempotency_key) return std::nullopt;
  return service::IdempotentRequest{*request.idempotency_key, request.method, request.path};
}

HttpResponse NotFoundResponse() { return ProblemResponse(core::Status::NotFound("No such resource.")); }

HttpResponse TooManyRequestsResponse(const std::string& code, const std::string& detail, double retry_after_s) {
  HttpResponse response = ProblemResponse({core::ErrorKind::kOverLimit, code, detail});
  long seconds = std::max(1L, static_cast<long>(std::ceil(std::max(retry_after_s, 0.0))));
  response.headers.emplace_back("Retry-After", std::to_string(seconds));
  return response;
}

}  // namespace lg::net
