#include "core/problem.h"

namespace lg::core {
namespace {

struct HttpClass {
  int status;
  std::string_view title;
};

HttpClass ClassOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk:
      return {200, "OK"};
    case ErrorKind::kMalformed:
      return {400, "Bad Request"};
    case ErrorKind::kUnauthenticated:
      return {401, "Unauthorized"};
    case ErrorKind::kNotPermitted:
      return {403, "Forbidden"};
    case ErrorKind::kNotFound:
      return {404, "Not Found"};
    case ErrorKind::kWrongMethod:
      return {405, "Method Not Allowed"};
    case ErrorKind::kConflict:
      return {409, "Conflict"};
    case ErrorKind::kBodyTooLarge:
      return {413, "Content Too Large"};
    case ErrorKind::kUnsupportedFormat:
      return {415, "Unsupported Media Type"};
    case ErrorKind::kInvalid:
      return {422, "Unprocessable Content"};
    case ErrorKind::kOverLimit:
      return {429, "Too Many Requests"};
    case ErrorKind::kHeadersTooLarge:
      return {431, "Request Header Fields Too Large"};
    case ErrorKind::kInternal:
      return {500, "Internal Server Error"};
    case ErrorKind::kUnavailable:
      return {503, "Service Unavailable"};
  }
  return {500, "Internal Server Error"};
}

}  // namespace

int HttpStatusOf(ErrorKind kind) { return ClassOf(kind).status; }
std::string_view TitleOf(ErrorKind kind) { return ClassOf(kind).title; }

void WriteProblemDetails(JsonWriter& out, const Status& status) {
  for (const auto& [key, value] : status.members()) out.Key(key).Uint(value);
  if (status.errors().empty()) return;
  out.Key("errors").BeginArray();
  for (const auto& e : status.errors()) {
    out.BeginObject().Key("field").String(e.field).Key("code").String(e.code).Key("message").String(e.message);
    out.EndObject();
  }
  out.EndArray();
}

std::string EncodeProblem(const Status& status) {
  const bool internal = status.kind() == ErrorKind::kInternal;
  const std::string_view code = internal ? std::string_view("internal_error") : std::string_view(status.code());
  JsonWriter out;
  out.BeginObject().Key("type").String("https://leadgate.dev/problems/" + std::string(code));
  out.Key("title").String(TitleOf(status.kind())).Key("status").Int(HttpStatusOf(status.kind()));
  out.Key("detail").String(internal ? kInternalErrorDetail : std::string_view(status.detail()));
  out.Key("code").String(code);
  if (!internal) WriteProblemDetails(out, status);
  out.EndObject();
  return out.Take();
}

}  // namespace lg::core
