#include "apidocs/openapi_parts.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/error_catalogue.h"
#include "core/problem.h"

namespace lg::apidocs {
namespace {

struct SharedResponse {
  core::ErrorKind kind;
  std::string_view name;
  std::string_view what;  // the description, before the codes
};

// One per error kind, in the order of their statuses.
constexpr SharedResponse kShared[] = {
    {core::ErrorKind::kMalformed, "BadRequest",
     "The request cannot be read: not HTTP/1.1, a bad URL, a header, a body that is not JSON, or a bad query "
     "parameter (an unknown one too: errors[].field names it)"},
    {core::ErrorKind::kUnauthenticated, "Unauthorized",
     "Missing, malformed, unknown, revoked or expired token (one answer for all)"},
    {core::ErrorKind::kNotPermitted, "Forbidden", "This token may not do this"},
    {core::ErrorKind::kNotFound, "NotFound", "No such resource, or one outside what this token may see"},
    {core::ErrorKind::kWrongMethod, "MethodNotAllowed",
     "The path exists, but not with this method: Allow names those it takes (HEAD wherever GET)"},
    {core::ErrorKind::kConflict, "Conflict", "The state of things stands in the way"},
    {core::ErrorKind::kBodyTooLarge, "PayloadTooLarge",
     "The body is over the limit (a GET's announced body too, refused before it is read)"},
    {core::ErrorKind::kUnsupportedFormat, "UnsupportedMediaType", "A body in a media type this path does not take"},
    {core::ErrorKind::kInvalid, "Unprocessable",
     "Validation failed: `errors` lists every member at fault with its code"},
    {core::ErrorKind::kOverLimit, "RateLimited", "Too many requests, connections or streams for now: wait Retry-After"},
    {core::ErrorKind::kHeadersTooLarge, "HeadersTooLarge", "The request's headers are over the server's limit"},
    {core::ErrorKind::kInternal, "InternalError", "The server failed (what failed is in its log, not in the answer)"},
    {core::ErrorKind::kUnavailable, "Unavailable",
     "The server cannot do it now (stopping, overloaded, the disk): retry after Retry-After"},
};

constexpr core::ErrorKind kAnyRequest[] = {core::ErrorKind::kMalformed,       core::ErrorKind::kUnauthenticated,
                                           core::ErrorKind::kBodyTooLarge,    core::ErrorKind::kOverLimit,
                                           core::ErrorKind::kHeadersTooLarge, core::ErrorKind::kInternal,
                                           core::ErrorKind::kUnavailable};

const SharedResponse& SharedOf(core::ErrorKind kind) {
  return *std::find_if(std::begin(kShared), std::end(kShared), [kind](const auto& s) { return s.kind == kind; });
}

// The catalogue's codes of `kind` a client of this document can meet.
std::string CodesOf(core::ErrorKind kind, const DocsRequest& request) {
  std::string codes;
  for (const core::ErrorCode& entry : core::ErrorCodes()) {
    const bool audience = entry.audience == core::ErrorAudience::kClient ||
                          (entry.audience == core::ErrorAudience::kAdmin && request.admin_api);
    if (entry.kind == kind && audience) codes += (codes.empty() ? "" : ", ") + std::string(entry.code);
  }
  return codes;
}

void WriteHeaderRef(core::JsonWriter& out, std::string_view name) {
  out.Key(name).BeginObject().Key("$ref").String("#/components/headers/" + std::string(name)).EndObject();
}

// The header an answer of this kind carries (an over-limit one the rate-limit headers too), if any.
const char* HeaderOfAnswer(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::kUnauthenticated:
      return "WWW-Authenticate";
    case core::ErrorKind::kWrongMethod:
      return "Allow";
    case core::ErrorKind::kOverLimit:
    case core::ErrorKind::kUnavailable:
      return "Retry-After";
    default:
      return nullptr;
  }
}

void WriteSharedResponse(core::JsonWriter& out, const SharedResponse& shared, const DocsRequest& request) {
  std::string description(shared.what);
  if (shared.kind == core::ErrorKind::kBodyTooLarge) {
    description += "; a body's limit is " + std::to_string(request.body_limit_bytes) + " bytes, a bulk body's more";
  }
  const std::string codes = CodesOf(shared.kind, request);
  if (!codes.empty()) description += ". code: " + codes;
  out.Key(shared.name).BeginObject().Key("description").String(description);
  if (const char* header = HeaderOfAnswer(shared.kind)) {
    out.Key("headers").BeginObject();
    WriteHeaderRef(out, header);
    if (shared.kind == core::ErrorKind::kOverLimit) WriteRateLimitHeaderRefs(out);
    out.EndObject();
  }
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject().Key("schema").BeginObject();
  out.Key("$ref").String("#/components/schemas/Problem").EndObject().EndObject().EndObject().EndObject();
}

void WriteHeader(core::JsonWriter& out, std::string_view name, std::string_view description, bool required,
                 std::string_view schema) {
  out.Key(name).BeginObject().Key("description").String(description);
  if (required) out.Key("required").Bool(true);
  out.Key("schema").Raw(schema).EndObject();
}

}  // namespace

void WriteRateLimitHeaderRefs(core::JsonWriter& out) {
  WriteHeaderRef(out, "RateLimit-Policy");
  WriteHeaderRef(out, "RateLimit");
}

void WriteResponseComponents(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("headers").BeginObject();
  WriteHeader(out, "RateLimit-Policy", "IETF draft: the token's quota, e.g. \"token\";q=200;w=2", false,
              R"({"type":"string"})");
  WriteHeader(out, "RateLimit", "IETF draft: requests left and seconds until full, e.g. \"token\";r=199;t=1", false,
              R"({"type":"string"})");
  WriteHeader(out, "Retry-After", "Seconds until a retry may succeed", true, R"({"type":"integer","minimum":0})");
  WriteHeader(out, "WWW-Authenticate", "Bearer realm=\"leadgate\"", true, R"({"type":"string"})");
  WriteHeader(out, "Allow", "The methods the path takes, comma-separated", true, R"({"type":"string"})");
  WriteHeader(out, "Location", "The URL of what was created", true, R"({"type":"string","format":"uri"})");
  WriteHeader(out, "Link", "RFC 8288: <url of the next page>; rel=\"next\", while there is one", false,
              R"({"type":"string","pattern":"rel=\"next\""})");
  WriteHeader(out, "Idempotent-Replayed",
              "true: this is the answer of an earlier request with the same Idempotency-Key, nothing was created now",
              false, R"({"type":"string","enum":["true"]})");
  out.EndObject();

  out.Key("responses").BeginObject();
  for (const SharedResponse& shared : kShared) WriteSharedResponse(out, shared, request);
  out.EndObject();
}

void WriteResponseRef(core::JsonWriter& out, core::ErrorKind kind, std::string_view name) {
  out.Key(std::to_string(core::HttpStatusOf(kind)))
      .BeginObject()
      .Key("$ref")
      .String("#/components/responses/" + std::string(name))
      .EndObject();
}

void WriteExamples(core::JsonWriter& out, const std::vector<NamedExample>& examples) {
  if (examples.empty()) return;
  out.Key("examples").BeginObject();
  for (const auto& example : examples) {
    out.Key(example.name).BeginObject();
    if (!example.summary.empty()) out.Key("summary").String(example.summary);
    out.Key("value").Raw(example.value).EndObject();
  }
  out.EndObject();
}

void WriteJsonResponse(core::JsonWriter& out, int status, std::string_view description, const std::string& schema,
                       const std::vector<NamedExample>& examples, std::initializer_list<std::string_view> headers) {
  out.Key(std::to_string(status)).BeginObject().Key("description").String(description);
  out.Key("headers").BeginObject();
  WriteRateLimitHeaderRefs(out);
  for (std::string_view header : headers) WriteHeaderRef(out, header);
  out.EndObject();
  out.Key("content").BeginObject().Key("application/json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String("#/components/schemas/" + schema).EndObject();
  WriteExamples(out, examples);
  out.EndObject().EndObject().EndObject();
}

void WriteEmptyResponse(core::JsonWriter& out, int status, std::string_view description) {
  out.Key(std::to_string(status)).BeginObject().Key("description").String(description);
  out.Key("headers").BeginObject();
  WriteRateLimitHeaderRefs(out);
  out.EndObject().EndObject();
}

void WriteProblemExample(core::JsonWriter& out, core::ErrorKind kind, std::string_view description,
                         const std::string& example) {
  out.Key(std::to_string(core::HttpStatusOf(kind))).BeginObject().Key("description").String(description);
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String("#/components/schemas/Problem").EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(example).EndObject().EndObject();
  out.EndObject().EndObject().EndObject();
}

void WriteJsonBody(core::JsonWriter& out, const std::string& schema, const std::vector<NamedExample>& examples,
                   bool required) {
  out.Key("requestBody").BeginObject().Key("required").Bool(required);
  out.Key("description")
      .String(
          "JSON. The body is read as JSON whatever its Content-Type says (curl -d sends "
          "application/x-www-form-urlencoded).");
  out.Key("content").BeginObject();
  for (std::string_view type : {"application/json", "*/*"}) {
    out.Key(type).BeginObject().Key("schema").BeginObject();
    out.Key("$ref").String("#/components/schemas/" + schema).EndObject();
    if (type == "application/json") WriteExamples(out, examples);
    out.EndObject();
  }
  out.EndObject().EndObject();
}

void WriteParameter(core::JsonWriter& out, std::string_view in, std::string_view name, bool required,
                    std::string_view description, std::string_view schema) {
  out.BeginObject().Key("name").String(name).Key("in").String(in).Key("required").Bool(required);
  if (!description.empty()) out.Key("description").String(description);
  out.Key("schema").Raw(schema).EndObject();
}

namespace {

void WritePathParameters(core::JsonWriter& out, std::string_view path) {
  if (path.find('{') == std::string_view::npos) return;
  out.Key("parameters").BeginArray();
  for (size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
    const std::string_view name = path.substr(open + 1, path.find('}', open) - open - 1);
    if (name == "delivery_id") {
      WriteParameter(out, "path", name, true, "the delivery's id: its webhook-id",
                     R"({"type":"string","pattern":"^evt_"})");
    } else if (name.ends_with("_id")) {
      WriteParameter(out, "path", name, true, "", R"({"type":"integer","minimum":1})");
    } else {
      WriteParameter(out, "path", name, true, "", R"({"type":"string"})");
    }
  }
  out.EndArray();
}

}  // namespace

void WriteApiCall(core::JsonWriter& out, const ApiCall& call, std::string_view tag) {
  std::string method = call.method;
  for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  out.Key(method).BeginObject().Key("operationId").String(call.operation_id).Key("summary").String(call.title);
  out.Key("description").String(call.summary);
  if (!call.access.empty()) out.Key("x-leadgate-access").String(call.access);
  out.Key("tags").BeginArray().String(tag).EndArray();
  if (!call.query.empty()) out.Key("parameters").Raw(call.query);
  auto example = [](const std::string& json) {
    return json.empty() ? std::vector<NamedExample>{} : std::vector<NamedExample>{{"example", "", json}};
  };
  if (!call.request_schema.empty()) {
    WriteJsonBody(out, call.request_schema, example(call.request_example), call.body_required);
  }
  out.Key("responses").BeginObject();
  if (call.response_schema.empty()) {
    WriteEmptyResponse(out, call.status, "Done (no body)");
  } else {
    WriteJsonResponse(out, call.status, "OK", call.response_schema, example(call.response_example));
  }
  std::vector<core::ErrorKind> written = call.errors;
  if (call.path.find('{') != std::string::npos) written.push_back(core::ErrorKind::kNotFound);
  if (!call.request_schema.empty()) written.push_back(core::ErrorKind::kInvalid);
  std::sort(written.begin(), written.end());
  written.erase(std::unique(written.begin(), written.end()), written.end());
  for (core::ErrorKind kind : written) WriteResponseRef(out, kind, SharedOf(kind).name);
  for (core::ErrorKind kind : kAnyRequest) {
    if (std::find(written.begin(), written.end(), kind) == written.end()) {
      WriteResponseRef(out, kind, SharedOf(kind).name);
    }
  }
  out.EndObject().EndObject();
}

void WriteAccess(core::JsonWriter& out, const DocsRequest& request, std::string_view access) {
  if (request.admin_api) out.Key("x-leadgate-access").String(access);
}

void WriteApiCallPaths(core::JsonWriter& out, const std::vector<ApiCall>& calls, std::string_view tag) {
  std::vector<std::string> paths;  // in the order the calls first name them
  for (const auto& call : calls) {
    if (std::find(paths.begin(), paths.end(), call.path) == paths.end()) paths.push_back(call.path);
  }
  for (const auto& path : paths) {
    out.Key(path).BeginObject();
    WritePathParameters(out, path);
    for (const auto& call : calls) {
      if (call.path == path) WriteApiCall(out, call, tag);
    }
    out.EndObject();
  }
}

void WriteAnyRequestResponses(core::JsonWriter& out, std::initializer_list<core::ErrorKind> written) {
  for (core::ErrorKind kind : kAnyRequest) {
    if (std::find(written.begin(), written.end(), kind) != written.end()) continue;
    WriteResponseRef(out, kind, SharedOf(kind).name);
  }
}

}  // namespace lg::apidocs
