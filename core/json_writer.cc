#include "core/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/utf8.h"

namespace lg::core {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!needs_comma_.empty()) {
    if (needs_comma_.back()) out_.push_back(',');
    needs_comma_.back() = true;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  needs_comma_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  needs_comma_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  needs_comma_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  needs_comma_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  out_.push_back('"');
  AppendEscaped(out_, key);
  out_.append("\":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_.push_back('"');
  AppendEscaped(out_, value);
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  if (!std::isfinite(value)) return Null();  // JSON has no NaN/Infinity
  BeforeValue();
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
  return *this;
}

namespace {

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// True when none of the eight bytes in `w` needs escaping: no byte below 0x20, no '"', no '\\'.
// Word-at-a-time zero-byte tests (no false negatives; a rare false positive only means the
// bytes are then looked at one by one).
bool PlainWord(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto below = [](uint64_t v, uint64_t n) { return (v - kOnes * n) & ~v & kHigh; };
  return !(below(w, 0x20) | below(w ^ (kOnes * '"'), 1) | below(w ^ (kOnes * '\\'), 1));
}

// The end of the run of plain characters that starts at `from`.
size_t PlainRunEnd(std::string_view value, size_t from) {
  const size_t n = value.size();
  size_t at = from;
  for (;;) {
    uint64_t w;
    while (at + 8 <= n && (std::memcpy(&w, value.data() + at, 8), PlainWord(w))) at += 8;
    const size_t stop = std::min(n, at + 8);
    while (at < stop && !NeedsEscape(static_cast<unsigned char>(value[at]))) ++at;
    if (at < stop || at == n) return at;
  }
}

// Appends `value`, which is valid UTF-8, JSON-escaped.
void AppendEscapedUtf8(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Runs of plain characters (nearly all of a lead's text) are copied at once.
  size_t i = 0;
  while (i < value.size()) {
    const size_t run = PlainRunEnd(value, i);
    out.append(value.data() + i, run - i);
    if (run == value.size()) return;
    i = run + 1;
    auto c = static_cast<unsigned char>(value[run]);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:  // other control characters
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
}

}  // namespace

std::string JsonWriter::Quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  AppendEscaped(out, text);
  out.push_back('"');
  return out;
}

void JsonWriter::AppendEscaped(std::string& out, std::string_view value) {
  // JSON text is UTF-8 (RFC 8259 8.1) and strict readers refuse anything else. Text that did not
  // come through the JSON parser (a percent-decoded path or query name, a header, a file name) may
  // hold other bytes: they become U+FFFD, the standard mark of lost bytes that every reader shows,
  // rather than an escape of our own ("\xff") that would read as text the client sent.
  if (IsValidUtf8(value)) {
    AppendEscapedUtf8(out, value);
  } else {
    AppendEscapedUtf8(out, ToValidUtf8(value));
  }
}

}  // namespace lg::core
