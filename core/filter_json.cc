#include "core/filter_json.h"

#include <array>
#include <utility>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

constexpr std::array<std::pair<FilterOp, std::string_view>, 12> kOps{{
    {FilterOp::kEq, "eq"},
    {FilterOp::kNeq, "neq"},
    {FilterOp::kIn, "in"},
    {FilterOp::kNotIn, "not_in"},
    {FilterOp::kContains, "contains"},
    {FilterOp::kStartsWith, "starts_with"},
    {FilterOp::kGt, "gt"},
    {FilterOp::kGte, "gte"},
    {FilterOp::kLt, "lt"},
    {FilterOp::kLte, "lte"},
    {FilterOp::kEmpty, "empty"},
    {FilterOp::kNotEmpty, "not_empty"},
}};

bool IsMultiValue(FilterOp op) { return op == FilterOp::kIn || op == FilterOp::kNotIn; }
bool IsNoValue(FilterOp op) { return op == FilterOp::kEmpty || op == FilterOp::kNotEmpty; }

void DecodeCondition(simdjson::dom::object obj, const std::string& path, FieldErrors& errors, FilterCondition& c) {
  bool has_field = false, has_op = false;
  simdjson::dom::element value;
  bool has_value = false;
  for (auto [key, v] : obj) {
    std::string p = JoinPath(path, key);
    if (key == "field") {
      has_field = ReadString(v, p, errors, c.field);
    } else if (key == "op") {
      std::string op;
      if (!ReadString(v, p, errors, op)) continue;
      has_op = true;
      if (auto parsed = ParseFilterOp(op)) {
        c.op = *parsed;
      } else {
        errors.Add(p, "unknown_operator",
                   "must be one of eq, neq, in, not_in, contains, starts_with, gt, gte, lt, lte, empty, not_empty");
        has_op = false;
      }
    } else if (key == "value") {
      value = v;
      has_value = true;
    } else {
      errors.Add(p, "unknown_attribute", "is not a condition attribute");
    }
  }
  if (!has_field) errors.Add(JoinPath(path, "field"), "required", "is required");
  if (!has_op) {
    if (!errors.Has(JoinPath(path, "op"))) errors.Add(JoinPath(path, "op"), "required", "is required");
    return;
  }
  std::string vpath = JoinPath(path, "value");
  if (IsNoValue(c.op)) {
    if (has_value && !value.is_null()) errors.Add(vpath, "unexpected_value", "must be absent for this operator");
    return;
  }
  if (!has_value || value.is_null()) {
    errors.Add(vpath, "required", "is required for this operator");
    return;
  }
  if (IsMultiValue(c.op)) {
    simdjson::dom::array items;
    if (value.get_array().get(items) != simdjson::SUCCESS) {
      errors.Add(vpath, "invalid_type", "must be an array for in/not_in");
      return;
    }
    for (auto item : items) c.values.push_back(simdjson::minify(item));
    if (c.values.empty()) errors.Add(vpath, "required", "must list at least one value");
    return;
  }
  if (value.is_array() || value.is_object()) {
    errors.Add(vpath, "invalid_type", "must be a single value for this operator");
    return;
  }
  c.values.push_back(simdjson::minify(value));
}

}  // namespace

std::string_view ToString(FilterOp op) {
  for (auto [o, name] : kOps) {
    if (o == op) return name;
  }
  return "eq";
}

std::optional<FilterOp> ParseFilterOp(std::string_view text) {
  for (auto [o, name] : kOps) {
    if (name == text) return o;
  }
  return std::nullopt;
}

void WriteFilter(JsonWriter& out, const Filter& f, bool stored) {
  out.BeginObject().Key("id").Uint(f.id).Key("campaign_id").Uint(f.campaign_id).Key("name").String(f.name);
  out.Key("match").String(f.match == FilterMatch::kAll ? "all" : "any");
  out.Key("conditions").BeginArray();
  for (const auto& c : f.conditions) {
    out.BeginObject().Key("field").String(c.field).Key("op").String(ToString(c.op));
    if (IsMultiValue(c.op)) {
      out.Key("value").BeginArray();
      for (const auto& v : c.values) out.Raw(v);
      out.EndArray();
    } else if (!c.values.empty()) {
      out.Key("value").Raw(c.values.front());
    }
    out.EndObject();
  }
  out.EndArray();
  if (stored) {
    out.Key("created_at").Int(f.created_at).Key("updated_at").Int(f.updated_at);
  } else {
    out.Key("created_at").String(FormatTimestamp(f.created_at));
    out.Key("updated_at").String(FormatTimestamp(f.updated_at));
  }
  out.EndObject();
}

std::string EncodeFilter(const Filter& filter, bool stored) {
  JsonWriter out;
  WriteFilter(out, filter, stored);
  return out.Take();
}

Status DecodeFilterInput(std::string_view json, bool patch, Filter& filter) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  bool has_name = false, has_conditions = false;
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "name") {
      has_name = ReadString(value, p, errors, filter.name);
    } else if (key == "match") {
      std::string match;
      if (!ReadString(value, p, errors, match)) continue;
      if (match == "all") {
        filter.match = FilterMatch::kAll;
      } else if (match == "any") {
        filter.match = FilterMatch::kAny;
      } else {
        errors.Add(p, "invalid_match", "must be all or any");
      }
    } else if (key == "conditions") {
      simdjson::dom::array items;
      if (value.get_array().get(items) != simdjson::SUCCESS) {
        errors.Add(p, "invalid_type", "must be an array");
        continue;
      }
      has_conditions = true;
      filter.conditions.clear();
      size_t i = 0;
      for (auto item : items) {
        std::string ip = IndexPath("conditions", i++);
        simdjson::dom::object cobj;
        if (item.get_object().get(cobj) != simdjson::SUCCESS) {
          errors.Add(ip, "invalid_type", "must be an object");
          continue;
        }
        DecodeCondition(cobj, ip, errors, filter.conditions.emplace_back());
      }
    } else if (key == "id" || key == "campaign_id" || key == "created_at" || key == "updated_at") {
      errors.Add(p, "read_only", "is set by the server");
    } else {
      errors.Add(p, "unknown_attribute", "is not a filter attribute");
    }
  }
  if (!patch && !has_name) errors.Add("name", "required", "is required");
  if (!patch && !has_conditions) errors.Add("conditions", "required", "is required");
  return errors.ToStatus();
}

Result<Filter> DecodeStoredFilter(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseStoredJsonObject(parser, json, obj));
  Filter filter;
  FieldErrors errors;
  // The stored form is the API form with integer times; reuse the input decoder for the rest.
  if (obj["id"].get_uint64().get(filter.id) || obj["campaign_id"].get_uint64().get(filter.campaign_id) ||
      obj["created_at"].get_int64().get(filter.created_at) || obj["updated_at"].get_int64().get(filter.updated_at)) {
    return Status::Internal("stored filter is malformed");
  }
  JsonWriter rest;
  rest.BeginObject();
  for (auto [key, value] : obj) {
    if (key == "name" || key == "match" || key == "conditions") rest.Key(key).Raw(simdjson::minify(value));
  }
  rest.EndObject();
  if (auto s = DecodeFilterInput(rest.str(), false, filter); !s.ok()) {
    return Status::Internal("stored filter is malformed");
  }
  return filter;
}

}  // namespace lg::core
