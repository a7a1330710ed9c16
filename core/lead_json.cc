#include "core/lead_json.h"

#include <charconv>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

// EncodeLead writes created_by, then doublet_of, last. A quote inside a JSON string is always
// escaped, so a pattern that begins and ends a member name with quotes matches members only, and
// its last match is the member.
constexpr std::string_view kDoubletMember = "\"doublet_of\":";
constexpr std::string_view kNoDoublet = "\"doublet_of\":null}";
constexpr std::string_view kCreatorMember = R"(,"created_by":{"token_id":)";
constexpr std::string_view kNoCreator = ",\"created_by\":null,";

std::optional<uint64_t> NumberAfter(std::string_view json, size_t at) {
  uint64_t value = 0;
  if (std::from_chars(json.data() + at, json.data() + json.size(), value).ec != std::errc()) return std::nullopt;
  return value;
}

// Where the lead's own created_by member starts (its comma), or npos when it is null. It is the
// member just before doublet_of, the last; a json field's value may hold the same text earlier.
size_t CreatorMemberAt(std::string_view json) {
  const size_t duplicate = json.rfind(kDoubletMember);
  if (duplicate == std::string_view::npos) return std::string_view::npos;
  const std::string_view before = json.substr(0, duplicate);
  if (before.ends_with(kNoCreator)) return std::string_view::npos;
  return before.rfind(kCreatorMember);
}

}  // namespace

std::string EncodeLead(const Lead& lead) {
  JsonWriter out;
  size_t values = 0;
  for (const auto& [slug, value] : lead.field_values) values += slug.size() + value.size() + 4;
  out.Reserve(values + 512);  // the field values plus the fixed members
  out.BeginObject().Key("id").Uint(lead.id).Key("campaign_id").Uint(lead.campaign_id);
  out.Key("status").String(lead.status);
  out.Key("field_values").BeginObject();
  for (const auto& [slug, value] : lead.field_values) out.Key(slug).Raw(value);
  out.EndObject().Key("select_field_values").BeginObject();
  for (const auto& [slug, option] : lead.select_values) out.Key(slug).String(option);
  out.EndObject();
  out.Key("created_at").String(FormatTimestamp(lead.created_at));
  out.Key("updated_at").String(FormatTimestamp(lead.updated_at));
  out.Key("created_by").BeginObject().Key("token_id").Uint(lead.created_by.token_id);
  out.Key("name").String(lead.created_by.name).EndObject();
  out.Key("doublet_of");
  lead.doublet_of ? out.Uint(*lead.doublet_of) : out.Null();
  out.EndObject();
  return out.Take();
}

Result<Lead> DecodeLead(std::string_view json) {
  // Stored leads are decoded often (PATCH, filters); one parser per thread avoids reallocating.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseStoredJsonObject(parser, json, obj));
  Lead lead;
  auto bad = [] { return Status::Internal("stored lead record is malformed"); };
  for (auto [key, value] : obj) {
    std::string_view sv;
    if (key == "id") {
      if (value.get_uint64().get(lead.id)) return bad();
    } else if (key == "campaign_id") {
      if (value.get_uint64().get(lead.campaign_id)) return bad();
    } else if (key == "status") {
      if (value.get_string().get(sv)) return bad();
      lead.status.assign(sv);
    } else if (key == "field_values") {
      simdjson::dom::object fields;
      if (value.get_object().get(fields)) return bad();
      for (auto [slug, v] : fields) lead.field_values.emplace(slug, simdjson::minify(v));
    } else if (key == "select_field_values") {
      simdjson::dom::object selects;
      if (value.get_object().get(selects)) return bad();
      for (auto [slug, v] : selects) {
        if (v.get_string().get(sv)) return bad();
        lead.select_values.emplace(slug, sv);
      }
    } else if (key == "created_at" || key == "updated_at") {
      if (value.get_string().get(sv)) return bad();
      auto t = ParseTimestamp(sv);
      if (!t) return bad();
      (key == "created_at" ? lead.created_at : lead.updated_at) = *t;
    } else if (key == "doublet_of") {
      uint64_t id = 0;
      if (value.get_uint64().get(id) == simdjson::SUCCESS) lead.doublet_of = id;
    } else if (key == "created_by") {
      // null: masked for a token that did not create the lead (the API form; stored leads always
      // name their creator).
      if (value.is_null()) continue;
      simdjson::dom::object by;
      if (value.get_object().get(by)) return bad();
      if (by["token_id"].get_uint64().get(lead.created_by.token_id)) return bad();
      if (by["name"].get_string().get(sv)) return bad();
      lead.created_by.name.assign(sv);
    }
  }
  return lead;
}

bool LeadHasValue(std::string_view json, std::string_view select_slug, std::string_view option) {
  // On demand: only the path to the one value is parsed, not the whole record into a DOM (see
  // docs/performance.md). On-Demand reads past the end of its input, hence the padded copy.
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string padded;
  padded.reserve(json.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(json);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded.data(), padded.size(), padded.capacity()).get(doc) != simdjson::SUCCESS) return false;
  std::string_view value;
  auto found = select_slug.empty() ? doc["status"].get_string().get(value)
                                   : doc["select_field_values"][select_slug].get_string().get(value);
  return found == simdjson::SUCCESS && value == option;
}

std::optional<uint64_t> EncodedDoubletOf(std::string_view json) {
  if (json.ends_with(kNoDoublet)) return std::nullopt;
  size_t at = json.rfind(kDoubletMember);
  if (at == std::string_view::npos) return std::nullopt;
  return NumberAfter(json, at + kDoubletMember.size());
}

std::optional<uint64_t> EncodedCreator(std::string_view json) {
  const size_t at = CreatorMemberAt(json);
  if (at == std::string_view::npos) return std::nullopt;
  return NumberAfter(json, at + kCreatorMember.size());
}

std::string WithoutDoubletOf(std::string json) {
  size_t at = json.rfind(kDoubletMember);
  if (at == std::string::npos) return json;
  json.resize(at);
  json.append(kNoDoublet);
  return json;
}

std::string WithoutCreator(std::string json) {
  const size_t at = CreatorMemberAt(json);
  if (at == std::string::npos) return json;
  // {"token_id":N,"name":"..."}: past the digits, then the name string to its closing quote.
  size_t pos = at + kCreatorMember.size();
  while (pos < json.size() && json[pos] >= '0' && json[pos] <= '9') ++pos;
  constexpr std::string_view kName = R"(,"name":")";
  if (json.compare(pos, kName.size(), kName) != 0) return json;
  for (pos += kName.size(); pos < json.size() && json[pos] != '"'; ++pos) {
    if (json[pos] == '\\') ++pos;
  }
  if (pos + 2 >= json.size() || json[pos + 1] != '}' || json[pos + 2] != ',') return json;
  json.replace(at, pos + 3 - at, kNoCreator);
  return json;
}

}  // namespace lg::core
