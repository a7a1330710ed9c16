#pragma once
// Helpers shared by the simdjson-based decoders: parse a body into an object with a clear
// `invalid_json` error, collect per-field validation errors, and read typed members.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::core {

// Parses `body` (copied into padded storage owned by `parser`) and requires a JSON object.
Status ParseJsonObject(simdjson::dom::parser& parser, std::string_view body, simdjson::dom::object& out);

// Accumulates validation errors so a 422 can list every bad field at once.
class FieldErrors {
 public:
  void Add(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  bool Has(std::string_view field) const {
    for (const auto& e : errors_)
      if (e.field == field) return true;
    return false;
  }
  const std::vector<FieldError>& list() const { return errors_; }
  Status ToStatus() const { return empty() ? Status::Ok() : Status::Invalid(errors_); }

 private:
  std::vector<FieldError> errors_;
};

// Typed member readers: on a type mismatch they record `<path>` with code "invalid_type".
bool ReadString(simdjson::dom::element value, const std::string& path, FieldErrors& errors, std::string& out);
bool ReadBool(simdjson::dom::element value, const std::string& path, FieldErrors& errors, bool& out);
bool ReadInt(simdjson::dom::element value, const std::string& path, FieldErrors& errors, int64_t& out);

// "a.b" / "a[2]" paths for error reports.
inline std::string JoinPath(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}
inline std::string IndexPath(const std::string& base, size_t index) { return base + "[" + std::to_string(index) + "]"; }

}  // namespace lg::core
