#include "core/list_query.h"

#include <charconv>

namespace lg::core {
namespace {

constexpr std::string_view kCursorVersion = "c1";

std::optional<uint64_t> ParseUint(std::string_view text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

Status BadParameter(const std::string& name, const std::string& why) {
  return Status(ErrorKind::kBadRequest, "invalid_parameter", "Query parameter '" + name + "' " + why,
                {{name, "invalid_parameter", why}});
}

}  // namespace

std::string EncodeCursor(uint64_t last_lead_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = std::string(kCursorVersion) + ":" + std::to_string(last_lead_id);
  std::string out;
  for (unsigned char c : text) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

std::optional<uint64_t> DecodeCursor(std::string_view cursor) {
  if (cursor.size() % 2 || cursor.size() > 80) return std::nullopt;
  std::string text;
  for (size_t i = 0; i < cursor.size(); i += 2) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(cursor.data() + i, cursor.data() + i + 2, v, 16);
    if (ec != std::errc() || end != cursor.data() + i + 2) return std::nullopt;
    text.push_back(static_cast<char>(v));
  }
  std::string_view tv = text;
  if (tv.substr(0, kCursorVersion.size() + 1) != std::string(kCursorVersion) + ":") return std::nullopt;
  return ParseUint(tv.substr(kCursorVersion.size() + 1));
}

Result<ListQuery> ParseListQuery(const std::multimap<std::string, std::string>& params) {
  ListQuery query;
  for (const auto& [name, value] : params) {
    if (params.count(name) > 1) return BadParameter(name, "is given more than once");
    if (name == "limit") {
      auto v = ParseUint(value);
      if (!v || *v < 1 || *v > kMaxListLimit) return BadParameter(name, "must be an integer from 1 to 500");
      query.limit = *v;
    } else if (name == "cursor") {
      auto id = DecodeCursor(value);
      if (!id) return BadParameter(name, "is not a cursor returned by this API");
      query.before_id = *id;
    } else {
      return BadParameter(name, "is not a known parameter");
    }
  }
  return query;
}

}  // namespace lg::core
