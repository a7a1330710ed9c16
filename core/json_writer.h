#pragma once
// A small streaming JSON writer. Hand-written rather than Boost.JSON because responses splice
// stored, already-encoded documents (leads are kept on disk in their API form) via Raw() without
// re-parsing them. Not thread-safe; one writer per document.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lg::core {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // The value, or null when there is none.
  JsonWriter& UintOrNull(std::optional<uint64_t> value) { return value ? Uint(*value) : Null(); }
  JsonWriter& IntOrNull(std::optional<int64_t> value) { return value ? Int(*value) : Null(); }
  JsonWriter& StringOrNull(const std::optional<std::string>& value) { return value ? String(*value) : Null(); }
  // Inserts `json`, which must be one complete, valid JSON value, or, as elements of an array,
  // several such values separated by commas (a list page's stored leads, joined as found).
  JsonWriter& Raw(std::string_view json);

  // Room for `bytes` more output, so a document of known rough size is not regrown as it is built.
  void Reserve(size_t bytes) { out_.reserve(out_.size() + bytes); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

  // Appends `value` JSON-escaped (without quotes) to `out`. Bytes that are not UTF-8 become U+FFFD,
  // so whatever the text, the output is valid JSON (Key and String write through it too).
  static void AppendEscaped(std::string& out, std::string_view value);
  // `text` as a JSON string literal, quotes included.
  static std::string Quoted(std::string_view text);

 private:
  void BeforeValue();

  std::string out_;
  std::vector<bool> needs_comma_;  // one entry per open container
  bool after_key_ = false;
};

}  // namespace lg::core
