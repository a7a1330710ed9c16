#pragma once
// Every problem `code` leadgate answers with or reports, in one table: the kind of failure it
// belongs to (and through core/problem.h, its HTTP status), who meets it, and what it means.
// The API documentation's list of error codes is generated from it (apidocs/openapi.h), and
// tests/cli/error_codes_test.sh fails on a code made anywhere in the sources that is not here,
// or made with another kind than this table gives it. The codes of single members at fault
// (a problem's `errors[]`) have their own table below.

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

// A code one member of a body, query or header can carry in a problem's `errors[]` (FieldError in
// core/status.h): `field` names the member, `code` says what is wrong with it. The same
// tests/cli/error_codes_test.sh holds the sources to this table.
struct FieldErrorCode {
  std::string_view code;
  std::string_view meaning;
};

// Sorted by code (core/field_error_catalogue.cc).
std::span<const FieldErrorCode> FieldErrorCodes();
const FieldErrorCode* FindFieldErrorCode(std::string_view code);

// The field codes as a Markdown table (| code | meaning |): docs/api.md holds it between its
// field-error-codes markers.
std::string FieldErrorTableMarkdown();

}  // namespace lg::core
