#pragma once
// Every problem `code` leadgate answers with or reports, in one table: the kind of failure it
// belongs to (and through core/problem.h, its HTTP status), who meets it, and what it means.
// The API documentation's list of error codes is generated from it (apidocs/openapi.h), and
// tests/cli/error_codes_test.sh fails on a code made anywhere in the sources that is not here,
// or made with another kind than this table gives it.

#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::core {

enum class ErrorAudience {
  kClient,    // any API client can get it in an answer
  kAdmin,     // only an admin token's calls (tokens, filters) can get it
  kOperator,  // the command line, the cluster's plumbing or the server's own log
};

struct ErrorCode {
  std::string_view code;
  ErrorKind kind;
  ErrorAudience audience;
  std::string_view meaning;
};

// Sorted by code.
std::span<const ErrorCode> ErrorCodes();
// The entry of `code`, or null.
const ErrorCode* FindErrorCode(std::string_view code);

// The codes API clients and admins meet as a Markdown table (| status | code | meaning |, by
// status, then code): docs/api.md holds it between its error-codes markers.
std::string ClientErrorTableMarkdown();

}  // namespace lg::core
