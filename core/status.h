#pragma once
// Expected failures as values. Status carries a stable machine-readable code (shown to API
// clients), a human detail and, for validation failures, one entry per offending field.
// Result<T> is shaped like std::expected<T, Status>. Both are [[nodiscard]]: ignoring one is a
// compile error under -Werror=unused-result; IgnoreError() is the greppable opt-out.

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lg::core {

// Error classes; net/problem.cc holds the one table mapping them to HTTP statuses.
enum class ErrorKind {
  kOk = 0,
  kBadRequest,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kConflict,
  kPayloadTooLarge,
  kUnprocessable,
  kInternal,
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
  static Status BadRequest(std::string code, std::string detail) {
    return {ErrorKind::kBadRequest, std::move(code), std::move(detail)};
  }
  static Status Unauthorized() {
    return {ErrorKind::kUnauthorized, "unauthorized", "A valid Bearer token is required."};
  }
  static Status NotFound(std::string detail) { return {ErrorKind::kNotFound, "not_found", std::move(detail)}; }
  static Status Forbidden(std::string detail) {
    return {ErrorKind::kForbidden, "insufficient_permission", std::move(detail)};
  }
  static Status Conflict(std::string code, std::string detail) {
    return {ErrorKind::kConflict, std::move(code), std::move(detail)};
  }
  static Status Invalid(std::vector<FieldError> errors, std::string detail = "The request has invalid values.") {
    return {ErrorKind::kUnprocessable, "validation_failed", std::move(detail), std::move(errors)};
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

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  Result(Status status) : v_(std::move(status)) { assert(!std::get<1>(v_).ok()); }

  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Status& status() const { return std::get<1>(v_); }
  void IgnoreError() const {}

 private:
  std::variant<T, Status> v_;
};

}  // namespace lg::core

// Returns early from a function returning Status or Result<T> when `expr` is an error.
#define LG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::lg::core::Status lg_status_ = (expr);  \
    if (!lg_status_.ok()) return lg_status_; \
  } while (0)
