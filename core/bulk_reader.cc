#include "core/bulk_reader.h"

namespace lg::core {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> BulkReader::Next() {
  if (!status_.ok()) return std::nullopt;
  return format_ == BulkFormat::kNdjson ? NextLine() : NextElement();
}

Result<size_t> BulkReader::Count(std::string_view body, BulkFormat format) {
  BulkReader reader(body, format);
  size_t n = 0;
  while (reader.Next()) ++n;
  if (!reader.status().ok()) return reader.status();
  return n;
}

std::optional<std::string_view> BulkReader::Fail(std::string detail) {
  status_ = Status::BadRequest("invalid_json", std::move(detail));
  closed_ = true;
  return std::nullopt;
}

void BulkReader::SkipSpace() {
  while (pos_ < body_.size() && IsSpace(body_[pos_])) ++pos_;
}

std::optional<std::string_view> BulkReader::NextLine() {
  while (pos_ < body_.size()) {
    size_t end = body_.find('\n', pos_);
    if (end == std::string_view::npos) end = body_.size();
    std::string_view line = Trim(body_.substr(pos_, end - pos_));
    pos_ = end + 1;
    if (!line.empty()) return line;
  }
  pos_ = body_.size();
  return std::nullopt;
}

std::optional<std::string_view> BulkReader::NextElement() {
  constexpr const char* kNotArray = "The body must be a JSON array of lead objects.";
  if (closed_) return std::nullopt;
  SkipSpace();
  if (!opened_) {
    if (pos_ == body_.size() || body_[pos_] != '[') return Fail(kNotArray);
    opened_ = true;
    ++pos_;
    SkipSpace();
    if (pos_ < body_.size() && body_[pos_] == ']') {
      ++pos_;
      closed_ = true;
      SkipSpace();
      if (pos_ != body_.size()) return Fail(kNotArray);
      return std::nullopt;
    }
  }
  // One value: scan to the comma or bracket that ends it at depth 0, skipping strings.
  size_t start = pos_;
  int depth = 0;
  bool in_string = false;
  for (; pos_ < body_.size(); ++pos_) {
    char c = body_[pos_];
    if (in_string) {
      if (c == '\\') {
        ++pos_;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;  // the array's own ']'
      --depth;
    } else if (c == ',' && depth == 0) {
      break;
    }
  }
  if (pos_ >= body_.size()) return Fail(kNotArray);  // unterminated array, string or container
  std::string_view item = Trim(body_.substr(start, pos_ - start));
  if (item.empty()) return Fail(kNotArray);  // "[,", "[1,,2]", "[1,]"
  if (body_[pos_] == ',') {
    ++pos_;
  } else if (body_[pos_] == ']') {
    ++pos_;
    closed_ = true;
    SkipSpace();
    if (pos_ != body_.size()) return Fail(kNotArray);
  } else {
    return Fail(kNotArray);  // a stray '}' at depth 0
  }
  return item;
}

}  // namespace lg::core
