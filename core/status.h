#pragma once
// Expected failures as values.
//  - Status is the outcome of an operation that returns nothing (std::expected<void, Status>'s
//    role): ok, or an error kind, a stable machine-readable code (shown to API clients), a human
//    detail and, for validation failures, one entry per offending field.
//  - Result<T> holds a T or the Status saying why there is none, with std::expected's shape:
//    has_value(), operator bool, value(), error(), value_or(), operator* and ->. value() of an
//    error is a bug and throws BadResultAccess.
// Both are [[nodiscard]]: ignoring one is a compile error under -Werror=unused-result;
// IgnoreError() is the greppable opt-out. core/problem.h maps error kinds to HTTP statuses.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lg::core {

// What went wrong, in classes a caller acts on alike. Each has one HTTP status in
// core/problem.h's table; each problem `code` belongs to one kind (core/error_catalogue.h).
enum class ErrorKind {
  kOk = 0,
  kMalformed,          // the request cannot be read: not JSON, a bad parameter or header
  kUnauthenticated,    // no valid token
  kNotPermitted,       // the token may not do this
  kNotFound,           // no such thing, or not one this token sees
  kWrongMethod,        // the path exists, not with this method
  kConflict,           // the state of things stands in the way (a duplicate, a key in use)
  kBodyTooLarge,       // the body, or the number of its items, is over a limit
  kUnsupportedFormat,  // a body in a media type this path does not take
  kInvalid,            // read fine, but its content breaks the rules (validation)
  kOverLimit,          // too many requests, connections or streams for now
  kHeadersTooLarge,    // the request's headers are over the limit
  kInternal,           // the server failed
  kUnavailable,        // the server cannot do it now (draining, a full disk, the cluster away)
};

struct FieldError {
  std::string field;
  std::string code;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorKind kind, std::string code, std::string detail, std::vector<FieldError> errors = {})
      : kind_(kind), code_(std::move(code)), detail_(std::move(detail)), errors_(std::move(errors)) {}

  static Status Ok() { return {}; }
  static Status Malformed(std::string code, std::string detail) {
    return {ErrorKind::kMalformed, std::move(code), std::move(detail)};
  }
  static Status Unauthenticated() {
    return {ErrorKind::kUnauthenticated, "unauthorized", "A valid Bearer token is required."};
  }
  static Status NotFound(std::string detail) { return {ErrorKind::kNotFound, "not_found", std::move(detail)}; }
  static Status NotPermitted(std::string detail) {
    return {ErrorKind::kNotPermitted, "insufficient_permission", std::move(detail)};
  }
  static Status Conflict(std::string code, std::string detail) {
    return {ErrorKind::kConflict, std::move(code), std::move(detail)};
  }
  static Status Invalid(std::vector<FieldError> errors, std::string detail = "The request has invalid values.") {
    return {ErrorKind::kInvalid, "validation_failed", std::move(detail), std::move(errors)};
  }
  static Status Internal(std::string detail) { return {ErrorKind::kInternal, "internal_error", std::move(detail)}; }

  bool ok() const { return kind_ == ErrorKind::kOk; }
  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& detail() const { return detail_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  void IgnoreError() const {}
  // Extra numeric members of the problem document (e.g. `doublet_of` on a rejected duplicate).
  Status& WithMember(std::string key, uint64_t value) {
    members_.emplace_back(std::move(key), value);
    return *this;
  }
  const std::vector<std::pair<std::string, uint64_t>>& members() const { return members_; }

 private:
  ErrorKind kind_ = ErrorKind::kOk;
  std::string code_;
  std::string detail_;
  std::vector<FieldError> errors_;
  std::vector<std::pair<std::string, uint64_t>> members_;
};

// Thrown by Result::value() on an error: a caller that did not check first has a bug.
class BadResultAccess : public std::logic_error {
 public:
  explicit BadResultAccess(const Status& error) : std::logic_error("value() of an error: " + error.code()) {}
};

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = Status;

  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  // An error; `error` must not be ok (a Result with neither value nor error cannot exist).
  Result(Status error) : v_(std::move(error)) {  // NOLINT: implicit, like std::unexpected
    if (std::get<1>(v_).ok()) throw std::logic_error("a Result's error must not be ok");
  }

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    Check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    Check();
    return std::get<0>(v_);
  }
  T&& value() && {
    Check();
    return std::get<0>(std::move(v_));
  }
  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename U>
  T value_or(U&& fallback) && {
    return has_value() ? std::get<0>(std::move(v_)) : static_cast<T>(std::forward<U>(fallback));
  }

  // Like std::expected, these do not check: call them only after has_value().
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }

  // The error; only when !has_value().
  const Status& error() const& { return std::get<1>(v_); }
  Status&& error() && { return std::get<1>(std::move(v_)); }
  void IgnoreError() const {}

 private:
  void Check() const {
    if (!has_value()) throw BadResultAccess(std::get<1>(v_));
  }
  std::variant<T, Status> v_;
};

}  // namespace lg::core

// Returns early from a function returning Status or Result<T> when `expr` is an error.
#define LG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::lg::core::Status lg_status_ = (expr);  \
    if (!lg_status_.ok()) return lg_status_; \
  } while (0)

// `lhs = value of expr`, where `expr` is a Result; returns its error early instead. `lhs` may
// declare a variable: LG_ASSIGN_OR_RETURN(auto campaign, repo.Get(id));
// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` may be a declaration, `result` is a name.
#define LG_ASSIGN_OR_RETURN(lhs, expr) LG_ASSIGN_OR_RETURN_IMPL(LG_CONCAT(lg_result_, __LINE__), lhs, expr)
#define LG_ASSIGN_OR_RETURN_IMPL(result, lhs, expr)          \
  auto result = (expr);                                      \
  if (!result.has_value()) return std::move(result).error(); \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)
#define LG_CONCAT(a, b) LG_CONCAT_IMPL(a, b)
#define LG_CONCAT_IMPL(a, b) a##b
