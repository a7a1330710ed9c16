#include "net/problem.h"

#include "core/json_writer.h"
#include "core/log.h"

namespace lg::net {
namespace {

const char* TitleFor(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

HttpResponse Build(int http_status, const std::string& code, const std::string& detail,
                   const core::Status* status = nullptr) {
  core::JsonWriter out;
  out.BeginObject()
      .Key("type")
      .String("https://leadgate.dev/problems/" + code)
      .Key("title")
      .String(TitleFor(http_status))
      .Key("status")
      .Int(http_status)
      .Key("detail")
      .String(detail)
      .Key("code")
      .String(code);
  if (status) WriteStatusDetails(out, *status);
  out.EndObject();
  HttpResponse response;
  response.status = http_status;
  response.content_type = "application/problem+json";
  response.body = out.Take();
  if (http_status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"leadgate\"");
  return response;
}

}  // namespace

void WriteStatusDetails(core::JsonWriter& out, const core::Status& status) {
  for (const auto& [key, value] : status.members()) out.Key(key).Uint(value);
  if (status.errors().empty()) return;
  out.Key("errors").BeginArray();
  for (const auto& e : status.errors()) {
    out.BeginObject().Key("field").String(e.field).Key("code").String(e.code).Key("message").String(e.message);
    out.EndObject();
  }
  out.EndArray();
}

int HttpStatusFor(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::kOk:
      return 200;
    case core::ErrorKind::kBadRequest:
      return 400;
    case core::ErrorKind::kUnauthorized:
      return 401;
    case core::ErrorKind::kForbidden:
      return 403;
    case core::ErrorKind::kNotFound:
      return 404;
    case core::ErrorKind::kConflict:
      return 409;
    case core::ErrorKind::kPayloadTooLarge:
      return 413;
    case core::ErrorKind::kUnprocessable:
      return 422;
    case core::ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse ProblemResponse(const core::Status& status) {
  if (status.kind() == core::ErrorKind::kInternal) {
    // Internal details (paths, store messages) go to the log, never to the client.
    core::log::Error("internal_error", {{"detail", status.detail()}});
    return Build(500, "internal_error", "An internal error occurred.");
  }
  return Build(HttpStatusFor(status.kind()), status.code(), status.detail(), &status);
}

HttpResponse ProblemResponse(int http_status, const std::string& code, const std::string& detail) {
  return Build(http_status, code, detail);
}

}  // namespace lg::net
