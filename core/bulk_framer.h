#pragma once
// Splits a bulk-create body into its items as the body arrives, piece by piece, without parsing
// them: a JSON array of values, or NDJSON (one value per line; blank lines skipped). Each item is
// then parsed on its own, so memory stays bounded by one item (plus a piece), and a bad item
// fails alone.
//  - For a JSON array only the framing is checked here (brackets, strings, commas); an element
//    that is framed but not valid JSON (`[{"a": nope}]`) is left for the item's own parse. A
//    framing error (400 invalid_json) stops the framer: nothing after it is an item.
//  - An item longer than `max_item_bytes` is not kept: the framer reads on to its end and hands
//    out a too-large item (its size only) instead, so one huge item costs no memory.
// Pure; no I/O. One thread at a time.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::core {

enum class BulkFormat { kJsonArray, kNdjson };

struct BulkItem {
  std::string_view text;   // surrounding whitespace removed; empty when too_large
  bool too_large = false;  // longer than max_item_bytes: not kept
  size_t bytes = 0;        // the item's length in the body
};

class BulkFramer {
 public:
  BulkFramer(BulkFormat format, size_t max_item_bytes) : format_(format), max_item_bytes_(max_item_bytes) {}

  // Adds the next piece of the body. Items handed out before are no longer valid.
  void Append(std::string_view bytes);
  // The body is complete: what is left is framed (or found unterminated).
  void End();
  // The next complete item; nullopt when more of the body is needed, or once finished().
  std::optional<BulkItem> Next();
  // The body ended and every item was handed out, or the framing failed (status()).
  bool finished() const { return finished_; }
  // Ok, or the framing error (400 invalid_json).
  const Status& status() const { return status_; }

 private:
  enum class Phase { kStart, kFirstItem, kNextItem, kInItem, kClosed };
  std::optional<BulkItem> NextLine();
  std::optional<BulkItem> NextElement();
  // Ends the item that started at item_start_ and ends before pos_.
  std::optional<BulkItem> TakeItem(size_t end);
  // Drops the bytes of a too-large item scanned so far.
  void DropScanned();
  std::optional<BulkItem> Fail(std::string detail);

  BulkFormat format_;
  size_t max_item_bytes_;
  std::string buffer_;
  size_t pos_ = 0;         // next byte to scan
  size_t item_start_ = 0;  // where the current item (or line) began
  Phase phase_ = Phase::kStart;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  bool skipping_ = false;  // the current item is too large and is being read past
  size_t skipped_ = 0;     // bytes of it dropped so far
  bool ended_ = false;
  bool finished_ = false;
  Status status_;
};

}  // namespace lg::core
