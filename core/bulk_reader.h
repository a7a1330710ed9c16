#pragma once
// Splits a bulk-create body into its items without copying or parsing them: a JSON array of
// values, or NDJSON (one value per line; blank lines skipped). Each item is then parsed on its
// own, so memory stays bounded by one item, and a bad item fails alone.
//
// For a JSON array only the framing is checked here (brackets, strings, commas); an element that
// is framed but not valid JSON (`[{"a": nope}]`) is left for the item's own parse to report.
// Pure; no I/O.

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/status.h"

namespace lg::core {

enum class BulkFormat { kJsonArray, kNdjson };

class BulkReader {
 public:
  BulkReader(std::string_view body, BulkFormat format) : body_(body), format_(format) {}

  // The next item (surrounding whitespace removed), or nullopt at the end of the body or on a
  // framing error, which status() then holds (400 invalid_json).
  std::optional<std::string_view> Next();
  const Status& status() const { return status_; }

  // The number of items in `body`, or the framing error.
  static Result<size_t> Count(std::string_view body, BulkFormat format);

 private:
  std::optional<std::string_view> NextLine();
  std::optional<std::string_view> NextElement();
  std::optional<std::string_view> Fail(std::string detail);
  void SkipSpace();

  std::string_view body_;
  BulkFormat format_;
  size_t pos_ = 0;
  bool opened_ = false;  // JSON array: '[' seen
  bool closed_ = false;  // JSON array: ']' seen, or the reader stopped
  Status status_;
};

}  // namespace lg::core
