#include "core/json_reader.h"

#include <algorithm>
#include <optional>

namespace lg::core {

namespace {

// The first key that appears twice in one object anywhere in `value`, as a path ("a.b[2].c").
std::optional<std::string> DuplicateKey(simdjson::dom::element value, const std::string& path) {
  if (simdjson::dom::array array; value.get_array().get(array) == simdjson::SUCCESS) {
    size_t index = 0;
    for (simdjson::dom::element item : array) {
      if (auto found = DuplicateKey(item, IndexPath(path, index++))) return found;
    }
    return std::nullopt;
  }
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  std::vector<std::string_view> keys;
  keys.reserve(object.size());
  for (auto [key, member] : object) {
    keys.push_back(key);
    if (auto found = DuplicateKey(member, JoinPath(path, key))) return found;
  }
  std::sort(keys.begin(), keys.end());
  if (auto twice = std::adjacent_find(keys.begin(), keys.end()); twice != keys.end()) return JoinPath(path, *twice);
  return std::nullopt;
}

Status ParseObject(simdjson::dom::parser& parser, std::string_view body, simdjson::dom::element& doc,
                   simdjson::dom::object& out) {
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) {
    return Status::Malformed("invalid_json", "The request body is not valid JSON.");
  }
  if (doc.get_object().get(out) != simdjson::SUCCESS) {
    return Status::Malformed("invalid_json", "The request body must be a JSON object.");
  }
  return Status::Ok();
}

}  // namespace

Status ParseJsonObject(simdjson::dom::parser& parser, std::string_view body, simdjson::dom::object& out) {
  simdjson::dom::element doc;
  LG_RETURN_IF_ERROR(ParseObject(parser, body, doc, out));
  if (auto path = DuplicateKey(doc, "")) {
    return Status(ErrorKind::kMalformed, "duplicate_key", "The request body has a key twice in one object.",
                  {{*path, "duplicate_key", "appears more than once"}});
  }
  return Status::Ok();
}

Status ParseStoredJsonObject(simdjson::dom::parser& parser, std::string_view json, simdjson::dom::object& out) {
  simdjson::dom::element doc;
  return ParseObject(parser, json, doc, out);
}

bool ReadString(simdjson::dom::element value, const std::string& path, FieldErrors& errors, std::string& out) {
  std::string_view sv;
  if (value.get_string().get(sv) != simdjson::SUCCESS) {
    errors.Add(path, "invalid_type", "must be a string");
    return false;
  }
  out.assign(sv);
  return true;
}

bool ReadBool(simdjson::dom::element value, const std::string& path, FieldErrors& errors, bool& out) {
  if (value.get_bool().get(out) != simdjson::SUCCESS) {
    errors.Add(path, "invalid_type", "must be true or false");
    return false;
  }
  return true;
}

bool ReadInt(simdjson::dom::element value, const std::string& path, FieldErrors& errors, int64_t& out) {
  if (value.get_int64().get(out) != simdjson::SUCCESS) {
    errors.Add(path, "invalid_type", "must be an integer");
    return false;
  }
  return true;
}

}  // namespace lg::core
