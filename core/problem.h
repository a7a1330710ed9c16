#pragma once
// The one table from error kinds to HTTP statuses (and their RFC 9110 titles), and the
// application/problem+json (RFC 9457) form of a Status: `type`, `title`, `status`, `detail`, the
// stable `code`, extension members (e.g. `doublet_of`) and, for validation failures, `errors`
// of {field, code, message}. Every status an API client can see, including each outcome of a
// bulk create and the documentation's list of error codes, comes from this table.

#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "core/status.h"

namespace lg::core {

int HttpStatusOf(ErrorKind kind);
std::string_view TitleOf(ErrorKind kind);

// The problem document of `status` (which must not be ok). Internal errors are shown with a
// generic detail: what failed inside goes to the log, never to a client.
std::string EncodeProblem(const Status& status);
// The members a problem adds to the common ones: extension members and `errors` (also written
// into each failed outcome of a bulk create).
void WriteProblemDetails(JsonWriter& out, const Status& status);

// The detail clients see for an internal error.
inline constexpr std::string_view kInternalErrorDetail = "An internal error occurred.";

}  // namespace lg::core
