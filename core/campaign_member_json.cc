#include "core/campaign_member_json.h"

namespace lg::core {
namespace {

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

}  // namespace

bool ReadId(element value, const std::string& path, FieldErrors& errors, uint32_t& out) {
  int64_t v = 0;
  if (!ReadInt(value, path, errors, v)) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

void UnknownKey(FieldErrors& errors, const std::string& path, std::string_view key) {
  errors.Add(JoinPath(path, key), "unknown_attribute", "is not a known attribute");
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

void DecodeDuplicateRuleObject(object obj, const std::string& path, FieldErrors& errors, DuplicateRule& rule) {
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
      if (auto a = ParseDuplicateAction(action)) {
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

// `retention_days`: a number of days from kMinRetentionDays to kMaxRetentionDays, or null (keep
// forever).
void ReadRetentionDays(simdjson::dom::element value, FieldErrors& errors, std::optional<double>& out) {
  if (value.is_null()) {
    out.reset();
    return;
  }
  double days = 0;
  if (value.get_double().get(days) != simdjson::SUCCESS || !(days >= kMinRetentionDays) || days > kMaxRetentionDays) {
    errors.Add("retention_days", "invalid_retention",
               "must be a number of days from 0.0001 (fractions allowed: 0.5 is twelve hours) to 36500, or null");
    return;
  }
  out = days;
}

}  // namespace lg::core
