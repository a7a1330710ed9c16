#include "core/json_reader.h"

namespace lg::core {

Status ParseJsonObject(simdjson::dom::parser& parser, std::string_view body, simdjson::dom::object& out) {
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) {
    return Status::BadRequest("invalid_json", "The request body is not valid JSON.");
  }
  if (doc.get_object().get(out) != simdjson::SUCCESS) {
    return Status::BadRequest("invalid_json", "The request body must be a JSON object.");
  }
  return Status::Ok();
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
