#include "core/person_keys.h"

#include <simdjson.h>

#include <algorithm>
#include <variant>

#include "core/duplicate_rule.h"
#include "core/field_formats.h"
#include "core/json_writer.h"
#include "core/lead_rules.h"
#include "core/sha256.h"

namespace lg::core {
namespace {

// The type is part of what is hashed: an e-mail and a phone number never share a key.
std::string KeyOf(FieldType type, std::string_view comparable) {
  const char* kind = type == FieldType::kEmail ? "email" : "phone";
  return Sha256({"person.v1\n", kind, "\n", comparable}).substr(0, kPersonKeyBytes);
}

// A value as a lead's field of `type` would store it (then compared), or nullopt when invalid.
std::optional<std::string> KeyOfSent(FieldType type, std::string_view value) {
  simdjson::dom::parser parser;
  const std::string quoted = JsonWriter::Quoted(value);
  simdjson::dom::element element;
  if (parser.parse(quoted).get(element) != simdjson::SUCCESS) return std::nullopt;
  Field field;
  field.slug = "value";
  field.type = type;
  auto stored = NormalizeFieldValue(field, element);
  const std::string* json_text = std::get_if<std::string>(&stored);
  if (!json_text) return std::nullopt;
  std::string comparable = ComparableFieldValue(type, *json_text);
  if (comparable.empty()) return std::nullopt;
  return KeyOf(type, comparable);
}

}  // namespace

std::vector<std::string> PersonKeys(const Campaign& campaign, const Lead& lead) {
  std::vector<std::string> keys;
  for (const auto& [slug, json_text] : lead.field_values) {
    const Field* field = campaign.FindField(slug);
    if (!field || (field->type != FieldType::kEmail && field->type != FieldType::kPhone)) continue;
    std::string comparable = ComparableFieldValue(field->type, json_text);
    if (comparable.empty() || comparable == "null") continue;
    keys.push_back(KeyOf(field->type, comparable));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::optional<std::string> EmailPersonKey(std::string_view email) {
  // Any address a lead may hold, one stored under an earlier version's looser rule too.
  if (!IsEmailLookupValue(email)) return std::nullopt;
  std::string comparable = ComparableFieldValue(FieldType::kEmail, JsonWriter::Quoted(email));
  if (comparable.empty()) return std::nullopt;
  return KeyOf(FieldType::kEmail, comparable);
}

std::optional<std::string> PhonePersonKey(std::string_view phone) { return KeyOfSent(FieldType::kPhone, phone); }

}  // namespace lg::core
