#pragma once
// Helpers shared by the simdjson-based decoders: parse a body into an object with a clear
// `invalid_json` error, collect per-field validation errors, and read typed members.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::core {

// Parses a request `body` (copied into padded storage owned by `parser`) and requires a JSON
// object in which no object has a key twice (RFC 8259 leaves duplicates to the reader; taking
// the first or the last would let two checks see different values): 400 `duplicate_key` naming
// the path.
Status ParseJsonObject(simdjson::dom::parser& parser, std::string_view body, simdjson::dom::object& out);
// The same for JSON leadgate wrote itself: no duplicate check.
Status ParseStoredJsonObject(simdjson::dom::parser& parser, std::string_view json, simdjson::dom::object& out);

// Accumulates validation errors so a 422 can list every bad field at once, up to kMaxListed:
// beyond that they are counted, not kept (a body of a million bad values gets a small answer).
class FieldErrors {
 public:
  static constexpr size_t kMaxListed = 100;

  void Add(std::string field, std::string code, std::string message) {
    ++count_;
    if (errors_.size() < kMaxListed) errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }
  bool empty() const { return count_ == 0; }
  bool Has(std::string_view field) const {
    for (const auto& e : errors_)
      if (e.field == field) return true;
    return false;
  }
  const std::vector<FieldError>& list() const { return errors_; }
  Status ToStatus() const {
    if (empty()) return Status::Ok();
    if (count_ == errors_.size()) return Status::Invalid(errors_);
    return Status::Invalid(errors_, "The request has " + std::to_string(count_) + " invalid values; the first " +
                                        std::to_string(errors_.size()) + " are listed.");
  }

 private:
  std::vector<FieldError> errors_;
  size_t count_ = 0;
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
