#pragma once
// The pieces the OpenAPI document's operations are written with (apidocs/openapi.h): request
// bodies, parameters, JSON answers with their headers, and the error answers: components/responses
// (one per error kind, each naming the catalogue's codes of that kind, core/error_catalogue.h) and
// components/headers. Any request may meet some answers whatever its operation (a bad HTTP
// request, no token, a body or headers over the limit, a rate limit, a failing or busy server):
// WriteAnyRequestResponses adds them to each operation, so a client knows every status it can
// get. Pure.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "apidocs/api_call.h"
#include "apidocs/docs_model.h"
#include "core/json_writer.h"
#include "core/status.h"

namespace lg::apidocs {

// A time as the server reads one: RFC 3339, or YYYY-MM-DD HH:MM:SS in the account's zone
// (core/time_util.h's ParseTimestamp).
inline constexpr std::string_view kTimeSchema =
    R"({"type":"string","anyOf":[{"format":"date-time"},)"
    R"({"pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"}]})";

// components/responses and components/headers.
void WriteResponseComponents(core::JsonWriter& out, const DocsRequest& request);

// A reference to the shared answer `name` (components/responses) under its kind's HTTP status.
void WriteResponseRef(core::JsonWriter& out, core::ErrorKind kind, std::string_view name);

// The answers any request may meet: 400, 401, 413, 429, 431, 500 and 503, each but those of
// `written` (the operation's own, already in its `responses`).
void WriteAnyRequestResponses(core::JsonWriter& out, std::initializer_list<core::ErrorKind> written = {});

// The response headers of every answer to a token: RateLimit-Policy and RateLimit.
void WriteRateLimitHeaderRefs(core::JsonWriter& out);

struct NamedExample {
  std::string_view name;
  std::string summary;  // may be empty
  std::string value;    // JSON
};
void WriteExamples(core::JsonWriter& out, const std::vector<NamedExample>& examples);

// A JSON answer: `schema` names a components/schemas entry; it carries the rate-limit headers and
// `headers` (components/headers names: Location, Link, Idempotent-Replayed).
void WriteJsonResponse(core::JsonWriter& out, int status, std::string_view description, const std::string& schema,
                       const std::vector<NamedExample>& examples, std::initializer_list<std::string_view> headers = {});
// An answer without a body (204).
void WriteEmptyResponse(core::JsonWriter& out, int status, std::string_view description);
// A problem answer with an example of its own.
void WriteProblemExample(core::JsonWriter& out, core::ErrorKind kind, std::string_view description,
                         const std::string& example);

// A JSON request body of schema `schema` (components/schemas). The server reads every such body as
// JSON whatever its Content-Type says (curl -d sends application/x-www-form-urlencoded), so the
// body is described under application/json and under */*. `required`: a body must be sent.
void WriteJsonBody(core::JsonWriter& out, const std::string& schema, const std::vector<NamedExample>& examples,
                   bool required = true);

// One query (`in` "query"), path or header parameter; `schema` is JSON.
void WriteParameter(core::JsonWriter& out, std::string_view in, std::string_view name, bool required,
                    std::string_view description, std::string_view schema);

// x-leadgate-access: `access` (read_write, delete, admin), in the documents that list the account's
// operations (DocsRequest::admin_api) only.
void WriteAccess(core::JsonWriter& out, const DocsRequest& request, std::string_view access);

// One operation of `call`, under `tag`, inside its path's object.
void WriteApiCall(core::JsonWriter& out, const ApiCall& call, std::string_view tag);
// The paths of `calls` (in the order they first name them), each operation under `tag`: its
// parameters (a path's: an integer for a name ending in _id, else a string), body, success, and
// every error answer it can get.
void WriteApiCallPaths(core::JsonWriter& out, const std::vector<ApiCall>& calls, std::string_view tag);

}  // namespace lg::apidocs
