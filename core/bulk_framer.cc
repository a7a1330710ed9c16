#include "core/bulk_framer.h"

namespace lg::core {
namespace {

constexpr const char* kNotArray = "The body must be a JSON array of lead objects.";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

void BulkFramer::Append(std::string_view bytes) {
  if (finished_) return;
  // What lies before the current item was handed out or is separators: dropped, so the buffer
  // holds at most one item (up to max_item_bytes) and the new piece.
  size_t keep_from = (phase_ == Phase::kInItem || format_ == BulkFormat::kNdjson) ? item_start_ : pos_;
  buffer_.erase(0, keep_from);
  pos_ -= keep_from;
  item_start_ -= keep_from;
  buffer_.append(bytes);
}

void BulkFramer::End() { ended_ = true; }

std::optional<BulkItem> BulkFramer::Next() {
  if (finished_) return std::nullopt;
  return format_ == BulkFormat::kNdjson ? NextLine() : NextElement();
}

std::optional<BulkItem> BulkFramer::Fail(std::string detail) {
  status_ = Status::Malformed("invalid_json", std::move(detail));
  finished_ = true;
  return std::nullopt;
}

void BulkFramer::DropScanned() {
  skipped_ += pos_ - item_start_;
  buffer_.erase(item_start_, pos_ - item_start_);
  pos_ = item_start_;
}

std::optional<BulkItem> BulkFramer::TakeItem(size_t end) {
  BulkItem item;
  if (skipping_) {
    item.too_large = true;
    item.bytes = skipped_ + (end - item_start_);
  } else {
    item.text = Trim(std::string_view(buffer_).substr(item_start_, end - item_start_));
    item.bytes = item.text.size();
  }
  skipping_ = false;
  skipped_ = 0;
  return item;
}

std::optional<BulkItem> BulkFramer::NextLine() {
  for (;;) {
    size_t newline = buffer_.find('\n', pos_);
    if (newline == std::string::npos) {
      pos_ = buffer_.size();
      if (skipping_ || pos_ - item_start_ > max_item_bytes_) {
        skipping_ = true;
        DropScanned();
      }
      if (!ended_) return std::nullopt;
      // The last line has no newline.
      finished_ = true;
      if (skipping_) return TakeItem(pos_);
      std::string_view rest = Trim(std::string_view(buffer_).substr(item_start_));
      if (rest.empty()) return std::nullopt;
      return TakeItem(pos_);
    }
    pos_ = newline + 1;
    const bool too_large = skipping_ || newline - item_start_ > max_item_bytes_;
    if (too_large) skipping_ = true;
    std::optional<BulkItem> item = TakeItem(newline);
    item_start_ = pos_;
    if (item->too_large || !item->text.empty()) return item;
  }
}

std::optional<BulkItem> BulkFramer::NextElement() {
  for (;;) {
    switch (phase_) {
      case Phase::kStart:
      case Phase::kFirstItem:
      case Phase::kNextItem:
      case Phase::kClosed: {
        while (pos_ < buffer_.size() && IsSpace(buffer_[pos_])) ++pos_;
        if (pos_ == buffer_.size()) {
          if (!ended_) return std::nullopt;
          if (phase_ != Phase::kClosed) return Fail(kNotArray);  // empty, or unterminated
          finished_ = true;
          return std::nullopt;
        }
        char c = buffer_[pos_];
        if (phase_ == Phase::kClosed) return Fail(kNotArray);  // something after the ']'
        if (phase_ == Phase::kStart) {
          if (c != '[') return Fail(kNotArray);
          ++pos_;
          phase_ = Phase::kFirstItem;
          continue;
        }
        if (c == ']' && phase_ == Phase::kFirstItem) {
          ++pos_;
          phase_ = Phase::kClosed;
          continue;
        }
        if (c == ']' || c == ',') return Fail(kNotArray);  // "[1,]", "[1,,2]", "[,1]"
        item_start_ = pos_;
        depth_ = 0;
        in_string_ = escaped_ = false;
        phase_ = Phase::kInItem;
        continue;
      }
      case Phase::kInItem:
        break;
    }
    // One value: scan to the comma or bracket that ends it at depth 0, skipping strings.
    for (; pos_ < buffer_.size(); ++pos_) {
      char c = buffer_[pos_];
      if (in_string_) {
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (depth_ == 0) break;  // the array's own ']' (or a stray '}')
        --depth_;
      } else if (c == ',' && depth_ == 0) {
        break;
      }
    }
    if (pos_ == buffer_.size()) {
      if (skipping_ || pos_ - item_start_ > max_item_bytes_) {
        skipping_ = true;
        DropScanned();
      }
      if (ended_) return Fail(kNotArray);  // unterminated array, string or container
      return std::nullopt;
    }
    const char terminator = buffer_[pos_];
    if (terminator == '}') return Fail(kNotArray);  // a stray '}' at depth 0
    const bool too_large = skipping_ || pos_ - item_start_ > max_item_bytes_;
    if (too_large) skipping_ = true;
    std::optional<BulkItem> item = TakeItem(pos_);
    if (!item->too_large && item->text.empty()) return Fail(kNotArray);  // "[ ,"
    ++pos_;
    phase_ = terminator == ',' ? Phase::kNextItem : Phase::kClosed;
    return item;
  }
}

}  // namespace lg::core
