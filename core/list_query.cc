#include "core/list_query.h"

#include <charconv>
#include <vector>

#include "core/hex.h"
#include "core/json_writer.h"
#include "core/text_split.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

constexpr std::string_view kCursorVersion = "c2";

template <typename T>
std::optional<T> ParseInt(std::string_view text) {
  T v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

Status BadParameter(const std::string& name, const std::string& why) { return InvalidListParameter(name, why); }

std::vector<std::string> SplitComma(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view piece : SplitList(text)) out.emplace_back(piece);
  return out;
}

}  // namespace

Status InvalidListParameter(const std::string& name, const std::string& why) {
  return Status(ErrorKind::kMalformed, "invalid_parameter", "Query parameter '" + name + "' " + why,
                {{name, "invalid_parameter", why}});
}

Result<std::optional<int64_t>> ParseListWait(const std::multimap<std::string, std::string>& params,
                                             int64_t max_seconds) {
  auto wait = params.find("wait");
  if (wait == params.end()) return std::optional<int64_t>();
  if (params.count("wait") > 1) return BadParameter("wait", "is given more than once");
  auto seconds = ParseInt<int64_t>(wait->second);
  if (!seconds || *seconds < 0 || *seconds > max_seconds) {
    return BadParameter("wait", "must be an integer from 0 to " + std::to_string(max_seconds) + " (seconds)");
  }
  // Only the update-ordered feed has a "nothing new yet" to wait on.
  auto sort = params.find("sort");
  if (sort == params.end() || sort->second != "updated_at") return BadParameter("wait", "needs sort=updated_at");
  return std::optional<int64_t>(*seconds);
}

std::string EncodeCursor(const ListCursor& cursor) {
  std::string text = std::string(kCursorVersion) + (cursor.sort == ListSort::kNewestFirst ? ":n:" : ":u:") +
                     std::to_string(cursor.lead_id);
  if (cursor.sort == ListSort::kUpdatedAscending) text += ":" + std::to_string(cursor.updated_at);
  return ToHex(text);
}

std::optional<ListCursor> DecodeCursor(std::string_view cursor) {
  if (cursor.size() > 120 || cursor.empty()) return std::nullopt;
  auto decoded = FromHex(cursor);
  if (!decoded) return std::nullopt;
  const std::string& text = *decoded;
  // Fields are ':'-separated: version, kind, lead id[, updated_at].
  std::vector<std::string> fields;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t next = text.find(':', pos);
    if (next == std::string::npos) next = text.size();
    fields.push_back(text.substr(pos, next - pos));
    pos = next + 1;
  }
  if (fields.size() < 3 || fields[0] != kCursorVersion) return std::nullopt;
  ListCursor out;
  auto id = ParseInt<uint64_t>(fields[2]);
  if (!id) return std::nullopt;
  out.lead_id = *id;
  if (fields[1] == "n" && fields.size() == 3) {
    out.sort = ListSort::kNewestFirst;
  } else if (fields[1] == "u" && fields.size() == 4) {
    auto t = ParseInt<int64_t>(fields[3]);
    if (!t) return std::nullopt;
    out.sort = ListSort::kUpdatedAscending;
    out.updated_at = *t;
  } else {
    return std::nullopt;
  }
  return out;
}

Result<ListQuery> ParseListQuery(const std::multimap<std::string, std::string>& params, const Campaign& campaign) {
  ListQuery query;
  std::optional<size_t> limit, per_page;
  for (const auto& param : params) {
    const auto& [name, value] = param;
    if (params.count(name) > 1) return BadParameter(name, "is given more than once");
    auto add = [&](std::string field, FilterOp op, std::vector<std::string> values) {
      query.conditions.conditions.push_back({std::move(field), op, std::move(values)});
      query.echo.insert(param);
    };
    if (name == "limit" || name == "per_page") {
      auto v = ParseInt<size_t>(value);
      if (!v || *v < 1 || *v > kMaxListLimit) return BadParameter(name, "must be an integer from 1 to 500");
      (name == "limit" ? limit : per_page) = *v;
    } else if (name == "page") {
      auto v = ParseInt<size_t>(value);
      if (!v || *v < 1 || *v > 1000000) return BadParameter(name, "must be a positive integer");
      query.page = *v;
    } else if (name == "cursor") {
      query.cursor = DecodeCursor(value);
      if (!query.cursor) return BadParameter(name, "is not a cursor returned by this API");
    } else if (name == "sort") {
      if (value == "-created_at") {
        query.sort = ListSort::kNewestFirst;
      } else if (value == "updated_at") {
        query.sort = ListSort::kUpdatedAscending;
      } else {
        return BadParameter(name, "must be -created_at (newest first) or updated_at (oldest change first)");
      }
      query.echo.emplace(name, value);
    } else if (name == "status") {
      std::vector<std::string> values;
      for (const auto& slug : SplitComma(value)) {
        if (!campaign.FindStatus(slug)) return BadParameter(name, "names an unknown status '" + slug + "'");
        values.push_back(JsonWriter::Quoted(slug));
      }
      add("status", FilterOp::kIn, std::move(values));
    } else if (name == "created_after" || name == "created_before" || name == "updated_after" ||
               name == "updated_before") {
      auto t = ParseTimestamp(value);
      if (!t) return BadParameter(name, "must be RFC 3339 (2026-11-28T10:00:00Z) or YYYY-MM-DD HH:MM:SS");
      std::string field = name.starts_with("created") ? "created_at" : "updated_at";
      add(field, name.ends_with("after") ? FilterOp::kGte : FilterOp::kLt, {JsonWriter::Quoted(value)});
    } else if (const Select* select = campaign.FindSelect(name)) {
      std::vector<std::string> values;
      for (const auto& slug : SplitComma(value)) {
        if (!select->FindOption(slug)) return BadParameter(name, "names an unknown option '" + slug + "'");
        values.push_back(JsonWriter::Quoted(slug));
      }
      add(name, FilterOp::kIn, std::move(values));
    } else {
      return BadParameter(name, "is not a known parameter");
    }
  }
  if (limit && per_page) return BadParameter("per_page", "cannot be combined with limit");
  if (query.page && query.cursor) return BadParameter("page", "cannot be combined with cursor");
  if (per_page && !query.page) query.page = 1;
  query.limit = limit.value_or(per_page.value_or(kDefaultListLimit));
  // Every skipped lead is read and checked: an unbounded skip makes one request cost the whole
  // campaign. A cursor seeks instead, at the cost of its page.
  if (query.page && !PageWithinSkip(*query.page, query.limit)) {
    return BadParameter("page", "may skip at most " + std::to_string(kMaxPageSkip) +
                                    " leads ((page - 1) * per_page); page further with the cursor from "
                                    "meta.next_cursor (links.next)");
  }
  if (query.cursor && query.cursor->sort != query.sort) {
    return BadParameter("cursor", "belongs to a different sort order");
  }
  return query;
}

}  // namespace lg::core
