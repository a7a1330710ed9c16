#include "net/problem.h"

#include "core/log.h"
#include "core/problem.h"

namespace lg::net {

HttpResponse ProblemResponse(const core::Status& status) {
  // Internal details (paths, store messages) go to the log, never to the client.
  if (status.kind() == core::ErrorKind::kInternal) core::log::Error("internal_error", {{"detail", status.detail()}});
  HttpResponse response;
  response.status = core::HttpStatusOf(status.kind());
  response.content_type = "application/problem+json";
  response.body = core::EncodeProblem(status);
  if (status.kind() == core::ErrorKind::kUnauthenticated) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"leadgate\"");
  }
  // Unavailable is passing (overload, a full disk, a stall): say when to come back.
  if (status.kind() == core::ErrorKind::kUnavailable) response.headers.emplace_back("Retry-After", "1");
  return response;
}

HttpResponse NotFoundResponse() { return ProblemResponse(core::Status::NotFound("No such resource.")); }

}  // namespace lg::net
