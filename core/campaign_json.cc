#include "core/campaign_json.h"

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

void UnknownKey(FieldErrors& errors, const std::string& path, std::string_view key) {
  errors.Add(JoinPath(path, key), "unknown_attribute", "is not a known attribute");
}

bool ReadId(element value, const std::string& path, FieldErrors& errors, uint32_t& out) {
  int64_t v = 0;
  if (!ReadInt(value, path, errors, v)) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

void DecodeFieldObject(object obj, const std::string& path, FieldErrors& errors, Field& field) {
  bool has_type = false;
  for (auto [key, value] : obj) {
    std::string p = JoinPath(path, key);
    if (key == "slug") {
      ReadString(value, p, errors, field.slug);
    } else if (key == "label") {
      ReadString(value, p, errors, field.label);
    } else if (key == "description") {
      ReadString(value, p, errors, field.description);
    } else if (key == "required") {
      ReadBool(value, p, errors, field.required);
    } else if (key == "retired") {
      ReadBool(value, p, errors, field.retired);
    } else if (key == "type") {
      std::string type;
      if (ReadString(value, p, errors, type)) {
        has_type = true;
        if (auto t = ParseFieldType(type)) {
          field.type = *t;
        } else {
          errors.Add(p, "unknown_field_type",
                     "must be one of text, email, phone, number, date, datetime, checkbox, json");
        }
      }
    } else {
      UnknownKey(errors, path, key);
    }
  }
  if (!has_type) errors.Add(JoinPath(path, "type"), "required", "is required");
}

void DecodeOptionObject(object obj, const std::string& path, FieldErrors& errors, SelectOption& option,
                        CampaignForm form) {
  for (auto [key, value] : obj) {
    std::string p = JoinPath(path, key);
    if (key == "slug") {
      ReadString(value, p, errors, option.slug);
    } else if (key == "label") {
      ReadString(value, p, errors, option.label);
    } else if (key == "retired") {
      ReadBool(value, p, errors, option.retired);
    } else if (key == "_id" && form == CampaignForm::kStored) {
      ReadId(value, p, errors, option.id);
    } else {
      UnknownKey(errors, path, key);
    }
  }
}

void DecodeSelectObject(object obj, const std::string& path, FieldErrors& errors, Select& select, CampaignForm form) {
  for (auto [key, value] : obj) {
    std::string p = JoinPath(path, key);
    if (key == "slug") {
      ReadString(value, p, errors, select.slug);
    } else if (key == "label") {
      ReadString(value, p, errors, select.label);
    } else if (key == "description") {
      ReadString(value, p, errors, select.description);
    } else if (key == "required") {
      ReadBool(value, p, errors, select.required);
    } else if (key == "_id" && form == CampaignForm::kStored) {
      ReadId(value, p, errors, select.id);
    } else if (key == "options") {
      array options;
      if (value.get_array().get(options) != simdjson::SUCCESS) {
        errors.Add(p, "invalid_type", "must be an array");
        continue;
      }
      size_t i = 0;
      for (element item : options) {
        std::string ip = IndexPath(p, i++);
        object option_obj;
        if (item.get_object().get(option_obj) != simdjson::SUCCESS) {
          errors.Add(ip, "invalid_type", "must be an object");
          continue;
        }
        DecodeOptionObject(option_obj, ip, errors, select.options.emplace_back(), form);
      }
    } else {
      UnknownKey(errors, path, key);
    }
  }
}

void DecodeStatusObject(object obj, const std::string& path, FieldErrors& errors, LeadStatus& status,
                        CampaignForm form) {
  for (auto [key, value] : obj) {
    std::string p = JoinPath(path, key);
    if (key == "slug") {
      ReadString(value, p, errors, status.slug);
    } else if (key == "label") {
      ReadString(value, p, errors, status.label);
    } else if (key == "default") {
      ReadBool(value, p, errors, status.is_default);
    } else if (key == "retired") {
      ReadBool(value, p, errors, status.retired);
    } else if (key == "order") {
      int64_t order = 0;
      if (ReadInt(value, p, errors, order)) status.order = static_cast<int>(order);
    } else if (key == "type") {
      std::string type;
      if (!ReadString(value, p, errors, type)) continue;
      if (auto t = ParseStatusType(type)) {
        status.type = *t;
      } else {
        errors.Add(p, "unknown_status_type", "must be one of active, inactive, won, lost");
      }
    } else if (key == "_id" && form == CampaignForm::kStored) {
      ReadId(value, p, errors, status.id);
    } else {
      UnknownKey(errors, path, key);
    }
  }
}

void ReadSlugList(element value, const std::string& path, FieldErrors& errors, std::vector<std::string>& out) {
  array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    errors.Add(path, "invalid_type", "must be an array of slugs");
    return;
  }
  size_t i = 0;
  for (element item : items) {
    std::string_view sv;
    if (item.get_string().get(sv) != simdjson::SUCCESS) {
      errors.Add(IndexPath(path, i), "invalid_type", "must be a slug");
    } else {
      out.emplace_back(sv);
    }
    ++i;
  }
}

void DecodeDoubletRuleObject(object obj, const std::string& path, FieldErrors& errors, DoubletRule& rule) {
  bool has_window = false;
  for (auto [key, value] : obj) {
    std::string p = JoinPath(path, key);
    if (key == "name") {
      ReadString(value, p, errors, rule.name);
    } else if (key == "match") {
      std::string match;
      if (!ReadString(value, p, errors, match)) continue;
      if (match == "all" || match == "any") {
        rule.match_all = match == "all";
      } else {
        errors.Add(p, "invalid_match", "must be all or any");
      }
    } else if (key == "fields") {
      ReadSlugList(value, p, errors, rule.members);
    } else if (key == "window_seconds") {
      has_window = ReadInt(value, p, errors, rule.window_seconds);
    } else if (key == "ignore_statuses") {
      ReadSlugList(value, p, errors, rule.ignore_statuses);
    } else if (key == "action") {
      std::string action;
      if (!ReadString(value, p, errors, action)) continue;
      if (auto a = ParseDoubletAction(action)) {
        rule.action = *a;
      } else {
        errors.Add(p, "invalid_action", "must be flag or reject");
      }
    } else {
      UnknownKey(errors, path, key);
    }
  }
  if (!has_window && !errors.Has(JoinPath(path, "window_seconds"))) {
    errors.Add(JoinPath(path, "window_seconds"), "required", "is required");
  }
}

// Decodes an array member whose items are objects, using `decode_item` for each.
template <typename T, typename Fn>
void DecodeObjectArray(element value, const std::string& path, FieldErrors& errors, std::vector<T>& out,
                       Fn decode_item) {
  array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    errors.Add(path, "invalid_type", "must be an array");
    return;
  }
  size_t i = 0;
  for (element item : items) {
    std::string ip = IndexPath(path, i++);
    object obj;
    if (item.get_object().get(obj) != simdjson::SUCCESS) {
      errors.Add(ip, "invalid_type", "must be an object");
      continue;
    }
    decode_item(obj, ip, out.emplace_back());
  }
}

// Labels default to the slug: a label is for people and may be filled in later.
void DefaultLabels(Campaign& c) {
  for (auto& f : c.fields)
    if (f.label.empty()) f.label = f.slug;
  for (auto& s : c.selects) {
    if (s.label.empty()) s.label = s.slug;
    for (auto& o : s.options)
      if (o.label.empty()) o.label = o.slug;
  }
  for (auto& s : c.statuses)
    if (s.label.empty()) s.label = s.slug;
}

// Parses `json` as an object and hands it to `decode` with a fresh error list.
template <typename T, typename Fn>
Result<T> DecodeOne(std::string_view json, Fn decode) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  T item;
  decode(obj, errors, item);
  if (!errors.empty()) return errors.ToStatus();
  return item;
}

// `retention_days`: a whole number of days, 1 to kMaxRetentionDays, or null (keep forever).
void ReadRetentionDays(simdjson::dom::element value, FieldErrors& errors, std::optional<int64_t>& out) {
  if (value.is_null()) {
    out.reset();
    return;
  }
  int64_t days = 0;
  if (value.get_int64().get(days) != simdjson::SUCCESS || days < 1 || days > kMaxRetentionDays) {
    errors.Add("retention_days", "invalid_retention",
               "must be a whole number of days from 1 to " + std::to_string(kMaxRetentionDays) + ", or null");
    return;
  }
  out = days;
}

}  // namespace

void WriteCampaign(JsonWriter& out, const Campaign& c, CampaignForm form) {
  const bool stored = form == CampaignForm::kStored;
  out.BeginObject().Key("id").Uint(c.id).Key("name").String(c.name);
  out.Key("fields").BeginArray();
  for (const auto& f : c.fields) {
    out.BeginObject()
        .Key("slug")
        .String(f.slug)
        .Key("label")
        .String(f.label)
        .Key("type")
        .String(ToString(f.type))
        .Key("required")
        .Bool(f.required)
        .Key("description")
        .String(f.description)
        .Key("retired")
        .Bool(f.retired)
        .EndObject();
  }
  out.EndArray().Key("selects").BeginArray();
  for (const auto& s : c.selects) {
    out.BeginObject();
    if (stored) out.Key("_id").Uint(s.id);
    out.Key("slug").String(s.slug).Key("label").String(s.label).Key("required").Bool(s.required);
    out.Key("description").String(s.description).Key("options").BeginArray();
    for (const auto& o : s.options) {
      out.BeginObject();
      if (stored) out.Key("_id").Uint(o.id);
      out.Key("slug").String(o.slug).Key("label").String(o.label).Key("retired").Bool(o.retired).EndObject();
    }
    out.EndArray().EndObject();
  }
  out.EndArray().Key("statuses").BeginArray();
  for (const auto& s : c.statuses) {
    out.BeginObject();
    if (stored) out.Key("_id").Uint(s.id);
    out.Key("slug").String(s.slug).Key("label").String(s.label).Key("type").String(ToString(s.type));
    out.Key("order").Int(s.order).Key("default").Bool(s.is_default).Key("retired").Bool(s.retired).EndObject();
  }
  out.EndArray().Key("duplicate_rules").BeginArray();
  for (const auto& r : c.duplicate_rules) {
    out.BeginObject().Key("name").String(r.name).Key("match").String(r.match_all ? "all" : "any");
    out.Key("fields").BeginArray();
    for (const auto& m : r.members) out.String(m);
    out.EndArray().Key("window_seconds").Int(r.window_seconds).Key("ignore_statuses").BeginArray();
    for (const auto& st : r.ignore_statuses) out.String(st);
    out.EndArray().Key("action").String(ToString(r.action)).EndObject();
  }
  out.EndArray();
  if (c.retention_days) {
    out.Key("retention_days").Int(*c.retention_days);
  } else if (!stored) {
    out.Key("retention_days").Null();
  }
  if (stored) out.Key("_next_id").Uint(c.next_internal_id);
  if (stored) {
    out.Key("created_at").Int(c.created_at).Key("updated_at").Int(c.updated_at);
  } else {
    out.Key("created_at").String(FormatTimestamp(c.created_at));
    out.Key("updated_at").String(FormatTimestamp(c.updated_at));
  }
  out.EndObject();
}

std::string EncodeCampaign(const Campaign& campaign, CampaignForm form) {
  JsonWriter out;
  WriteCampaign(out, campaign, form);
  return out.Take();
}

Result<Campaign> DecodeCampaign(std::string_view json, CampaignForm form) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  const bool stored = form == CampaignForm::kStored;
  FieldErrors errors;
  Campaign c;
  bool has_name = false;
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "name") {
      has_name = ReadString(value, p, errors, c.name);
    } else if (key == "fields") {
      DecodeObjectArray(value, p, errors, c.fields,
                        [&](object o, const std::string& ip, Field& f) { DecodeFieldObject(o, ip, errors, f); });
    } else if (key == "selects") {
      DecodeObjectArray(value, p, errors, c.selects, [&](object o, const std::string& ip, Select& s) {
        DecodeSelectObject(o, ip, errors, s, form);
      });
    } else if (key == "statuses") {
      DecodeObjectArray(value, p, errors, c.statuses, [&](object o, const std::string& ip, LeadStatus& s) {
        DecodeStatusObject(o, ip, errors, s, form);
      });
    } else if (key == "duplicate_rules") {
      DecodeObjectArray(value, p, errors, c.duplicate_rules, [&](object o, const std::string& ip, DoubletRule& r) {
        DecodeDoubletRuleObject(o, ip, errors, r);
      });
    } else if (key == "retention_days") {
      ReadRetentionDays(value, errors, c.retention_days);
    } else if (stored && key == "id") {
      uint64_t id = 0;
      if (value.get_uint64().get(id) == simdjson::SUCCESS) c.id = id;
    } else if (stored && key == "_next_id") {
      ReadId(value, p, errors, c.next_internal_id);
    } else if (stored && key == "created_at") {
      ReadInt(value, p, errors, c.created_at);
    } else if (stored && key == "updated_at") {
      ReadInt(value, p, errors, c.updated_at);
    } else if (key == "id" || key == "created_at" || key == "updated_at") {
      errors.Add(p, "read_only", "is set by the server");
    } else {
      UnknownKey(errors, "", key);
    }
  }
  if (!has_name && !stored) errors.Add("name", "required", "is required");
  if (!errors.empty()) return errors.ToStatus();
  if (!stored) DefaultLabels(c);
  return c;
}

Result<Field> DecodeField(std::string_view json) {
  return DecodeOne<Field>(json, [](object o, FieldErrors& e, Field& f) {
    DecodeFieldObject(o, "", e, f);
    if (f.label.empty()) f.label = f.slug;
  });
}

Result<Select> DecodeSelect(std::string_view json) {
  return DecodeOne<Select>(json, [](object o, FieldErrors& e, Select& s) {
    DecodeSelectObject(o, "", e, s, CampaignForm::kApi);
    if (s.label.empty()) s.label = s.slug;
    for (auto& opt : s.options)
      if (opt.label.empty()) opt.label = opt.slug;
  });
}

Result<SelectOption> DecodeOption(std::string_view json) {
  return DecodeOne<SelectOption>(json, [](object o, FieldErrors& e, SelectOption& opt) {
    DecodeOptionObject(o, "", e, opt, CampaignForm::kApi);
    if (opt.label.empty()) opt.label = opt.slug;
  });
}

Result<LeadStatus> DecodeStatus(std::string_view json) {
  return DecodeOne<LeadStatus>(json, [](object o, FieldErrors& e, LeadStatus& s) {
    DecodeStatusObject(o, "", e, s, CampaignForm::kApi);
    if (s.label.empty()) s.label = s.slug;
  });
}

Status ApplyFieldPatch(std::string_view json, Field& field) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "label") {
      ReadString(value, p, errors, field.label);
    } else if (key == "description") {
      ReadString(value, p, errors, field.description);
    } else if (key == "required") {
      ReadBool(value, p, errors, field.required);
    } else if (key == "retired") {
      ReadBool(value, p, errors, field.retired);
    } else if (key == "slug" || key == "type") {
      errors.Add(p, "immutable", "cannot be changed once the field exists");
    } else {
      UnknownKey(errors, "", key);
    }
  }
  return errors.ToStatus();
}

Status ApplyStatusPatch(std::string_view json, LeadStatus& status) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  const LeadStatus before = status;
  DecodeStatusObject(obj, "", errors, status, CampaignForm::kApi);
  // Stored leads name their status by slug.
  if (status.slug != before.slug) errors.Add("slug", "immutable", "cannot be changed once the status exists");
  // A campaign always has exactly one default: it moves by making another status the default.
  if (before.is_default && !status.is_default) {
    errors.Add("default", "default_required", "make another status the default instead");
  }
  // New leads start in the default status, so it must take them.
  if (status.is_default && status.retired) {
    errors.Add("retired", "default_status_retired", "the default status cannot be retired: make another the default");
  }
  return errors.ToStatus();
}

Status ApplySelectPatch(std::string_view json, Select& select) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "label") {
      ReadString(value, p, errors, select.label);
    } else if (key == "description") {
      ReadString(value, p, errors, select.description);
    } else if (key == "required") {
      ReadBool(value, p, errors, select.required);
    } else if (key == "slug") {
      errors.Add(p, "immutable", "cannot be changed once the select exists");
    } else if (key == "options") {
      errors.Add(p, "use_sub_resource", "is changed through .../selects/{slug}/options");
    } else {
      UnknownKey(errors, "", key);
    }
  }
  return errors.ToStatus();
}

Status ApplyOptionPatch(std::string_view json, SelectOption& option) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "label") {
      ReadString(value, p, errors, option.label);
    } else if (key == "retired") {
      ReadBool(value, p, errors, option.retired);
    } else if (key == "slug") {
      errors.Add(p, "immutable", "cannot be changed once the option exists: leads and filters name it");
    } else {
      UnknownKey(errors, "", key);
    }
  }
  return errors.ToStatus();
}

Status ApplyCampaignPatch(std::string_view json, Campaign& campaign) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  for (auto [key, value] : obj) {
    if (key == "name") {
      ReadString(value, "name", errors, campaign.name);
    } else if (key == "duplicate_rules") {
      // The whole list is replaced: rules have no identity of their own.
      campaign.duplicate_rules.clear();
      DecodeObjectArray(
          value, "duplicate_rules", errors, campaign.duplicate_rules,
          [&](object o, const std::string& ip, DoubletRule& r) { DecodeDoubletRuleObject(o, ip, errors, r); });
    } else if (key == "retention_days") {
      ReadRetentionDays(value, errors, campaign.retention_days);
    } else if (key == "fields" || key == "selects" || key == "statuses") {
      errors.Add(std::string(key), "use_sub_resource",
                 "is changed through /v2/campaigns/{campaign_id}/" + std::string(key));
    } else {
      UnknownKey(errors, "", key);
    }
  }
  return errors.ToStatus();
}

}  // namespace lg::core
