#include "apidocs/yaml.h"

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <array>

namespace lg::apidocs {
namespace {

// A key is written plain only when no YAML reader could take it for anything but that string
// (response codes such as 200 would otherwise become integers).
bool IsPlainKey(std::string_view key) {
  static constexpr std::array<std::string_view, 11> kSpecial{"true", "false", "yes", "no",  "on", "off",
                                                             "null", "y",     "n",   "Yes", "No"};
  if (key.empty()) return false;
  for (auto s : kSpecial) {
    if (key == s) return false;
  }
  char first = key.front();
  if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_' || first == '/' || first == '$')) return false;
  for (char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' || c == '{' ||
          c == '}' || c == '$')) {
      return false;
    }
  }
  return true;
}

void Emit(YAML::Emitter& out, simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::OBJECT:
      out << YAML::BeginMap;
      for (auto [key, member] : simdjson::dom::object(value)) {
        out << YAML::Key;
        if (IsPlainKey(key)) {
          out << std::string(key);
        } else {
          out << YAML::DoubleQuoted << std::string(key);
        }
        out << YAML::Value;
        Emit(out, member);
      }
      out << YAML::EndMap;
      break;
    case simdjson::dom::element_type::ARRAY:
      out << YAML::BeginSeq;
      for (auto item : simdjson::dom::array(value)) Emit(out, item);
      out << YAML::EndSeq;
      break;
    case simdjson::dom::element_type::STRING:
      // Always quoted: "2", "true" or "null" must stay strings.
      out << YAML::DoubleQuoted << std::string(std::string_view(value));
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      out << YAML::Null;
      break;
    case simdjson::dom::element_type::BOOL:
      out << (bool(value) ? "true" : "false");
      break;
    default:  // numbers: their JSON text is valid YAML
      out << simdjson::minify(value);
      break;
  }
}

}  // namespace

core::Result<std::string> JsonToYaml(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    return core::Status::Internal("generated JSON did not parse");
  }
  YAML::Emitter out;
  out.SetIndent(2);
  Emit(out, root);
  if (!out.good()) return core::Status::Internal("YAML emitter: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace lg::apidocs
