#include "core/campaign_json.h"

#include <cmath>

#include "core/campaign_member_json.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

using simdjson::dom::object;

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
    // Whole days stay integers on the wire (365, not 365.0).
    const double days = *c.retention_days;
    if (days == std::floor(days)) {
      out.Key("retention_days").Int(static_cast<int64_t>(days));
    } else {
      out.Key("retention_days").Double(days);
    }
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
      DecodeObjectArray(value, p, errors, c.duplicate_rules, [&](object o, const std::string& ip, DuplicateRule& r) {
        DecodeDuplicateRuleObject(o, ip, errors, r);
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

}  // namespace lg::core
