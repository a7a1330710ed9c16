#include "core/lead_rules.h"

#include <algorithm>

#include "core/field_formats.h"
#include "core/json_writer.h"
#include "core/time_util.h"
#include "core/utf8.h"

namespace lg::core {
namespace {

// Reads an object-valued member into (key, element) pairs.
void ReadValueMap(simdjson::dom::element value, std::string_view name, FieldErrors& errors,
                  std::vector<std::pair<std::string, simdjson::dom::element>>& out) {
  simdjson::dom::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) {
    errors.Add(std::string(name), "invalid_type", "must be an object");
    return;
  }
  for (auto [key, v] : obj) out.emplace_back(std::string(key), v);
}

// Whether `value` nests arrays and objects more than `max_depth` levels deep (a scalar is 0
// levels, [] and {} are 1). Looks no deeper than the limit.
bool NestsDeeperThan(simdjson::dom::element value, int max_depth) {
  simdjson::dom::array array;
  simdjson::dom::object object;
  if (value.get_array().get(array) == simdjson::SUCCESS) {
    if (max_depth == 0) return true;
    for (simdjson::dom::element item : array) {
      if (NestsDeeperThan(item, max_depth - 1)) return true;
    }
  } else if (value.get_object().get(object) == simdjson::SUCCESS) {
    if (max_depth == 0) return true;
    for (const simdjson::dom::key_value_pair& member : object) {
      if (NestsDeeperThan(member.value, max_depth - 1)) return true;
    }
  }
  return false;
}

}  // namespace

std::variant<std::string, FieldError> NormalizeFieldValue(const Field& field, simdjson::dom::element value) {
  auto error = [&](std::string code, std::string message) {
    return FieldError{field.slug, std::move(code), std::move(message)};
  };
  std::string_view sv;
  const bool is_string = value.get_string().get(sv) == simdjson::SUCCESS;
  switch (field.type) {
    case FieldType::kText:
      if (!is_string) return error("invalid_type", "must be a string");
      // simdjson has checked the UTF-8; what is counted is characters, as the docs' maxLength counts.
      if (CodePointCount(sv) > kMaxTextCharacters) {
        return error("too_long", "must be at most " + std::to_string(kMaxTextCharacters) + " characters");
      }
      return JsonWriter::Quoted(sv);
    case FieldType::kEmail:
      if (!is_string || !IsValidEmail(sv)) return error("invalid_email", "must be an e-mail address");
      return JsonWriter::Quoted(sv);
    case FieldType::kPhone:
      if (!is_string || !IsValidPhone(sv)) {
        return error("invalid_phone", "must be a phone number: " + PhoneRuleText());
      }
      return JsonWriter::Quoted(sv);
    case FieldType::kNumber:
      if (!value.is_number()) return error("invalid_number", "must be a JSON number");
      return simdjson::minify(value);
    case FieldType::kDate:
      if (!is_string || !IsValidDate(sv)) return error("invalid_date", "must be a date as YYYY-MM-DD");
      return JsonWriter::Quoted(sv);
    case FieldType::kDatetime: {
      auto t = is_string ? ParseTimestamp(sv) : std::nullopt;
      if (!t) {
        return error("invalid_datetime", "must be RFC 3339 (2026-11-28T10:00:00Z) or YYYY-MM-DD HH:MM:SS");
      }
      return JsonWriter::Quoted(FormatTimestamp(*t));
    }
    case FieldType::kCheckbox:
      if (!value.is_bool()) return error("invalid_checkbox", "must be true or false");
      return simdjson::minify(value);
    case FieldType::kJson:
      return simdjson::minify(value);
  }
  return error("invalid_type", "has an unknown type");
}

Status ParseLeadInput(std::string_view body, LeadInput& input) {
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(input.parser, body, obj));
  for (auto [key, value] : obj) {
    if (key == "field_values") {
      ReadValueMap(value, key, input.errors, input.field_values);
    } else if (key == "select_field_values") {
      ReadValueMap(value, key, input.errors, input.select_values);
    } else if (key == "status") {
      std::string status;
      if (ReadString(value, "status", input.errors, status)) input.status = std::move(status);
    } else if (key == "campaign_id") {
      input.campaign_id_present = true;
      uint64_t id = 0;
      if (value.get_uint64().get(id) == simdjson::SUCCESS && id > 0) {
        input.campaign_id = id;
      } else {
        input.errors.Add("campaign_id", "invalid_type", "must be a positive integer");
      }
    } else if (key == "id" || key == "created_at" || key == "updated_at" || key == "created_by" ||
               key == "doublet_of") {
      input.errors.Add(std::string(key), "read_only", "is set by the server and cannot be written");
    } else {
      input.errors.Add(std::string(key), "unknown_attribute",
                       "is not a lead attribute (use field_values, select_field_values, status)");
    }
  }
  return Status::Ok();
}

Status ApplyLeadInput(const Campaign& campaign, const LeadInput& input, LeadWrite mode, Lead& lead,
                      const LeadPresets* presets) {
  FieldErrors errors = input.errors;
  if (presets && mode == LeadWrite::kCreate) {
    // Presets go in first; a body value for the same select replaces them (and is then checked
    // against the token's filter by the caller).
    for (const auto& [slug, option] : presets->selects) lead.select_values[slug] = option;
  }
  for (const auto& [slug, value] : input.field_values) {
    const Field* field = campaign.FindField(slug);
    if (!field) {
      errors.Add(slug, "unknown_field", "is not a field of this campaign");
      continue;
    }
    if (value.is_null()) {
      lead.field_values.erase(slug);
      continue;
    }
    if (field->retired) {
      errors.Add(slug, "field_retired", "is retired: existing leads keep their values, new values are refused");
      continue;
    }
    if (field->type == FieldType::kJson && NestsDeeperThan(value, campaign.json_max_depth)) {
      errors.Add(slug, "too_deep",
                 "must nest arrays and objects at most " + std::to_string(campaign.json_max_depth) + " levels deep");
      continue;
    }
    auto normalized = NormalizeFieldValue(*field, value);
    if (auto* err = std::get_if<FieldError>(&normalized)) {
      errors.Add(err->field, err->code, err->message);
    } else {
      lead.field_values[slug] = std::move(std::get<std::string>(normalized));
    }
  }
  for (const auto& [slug, value] : input.select_values) {
    const Select* select = campaign.FindSelect(slug);
    if (!select) {
      errors.Add(slug, "unknown_select", "is not a select of this campaign");
      continue;
    }
    if (value.is_null()) {
      lead.select_values.erase(slug);
      continue;
    }
    std::string_view option;
    if (value.get_string().get(option) != simdjson::SUCCESS) {
      errors.Add(slug, "invalid_type", "must be an option slug (a string)");
    } else if (const SelectOption* found = select->FindOption(option); !found) {
      errors.Add(slug, "unknown_option", "'" + std::string(option) + "' is not an option of this select");
    } else if (found->retired) {
      errors.Add(slug, "option_retired", "'" + std::string(option) + "' is retired: existing leads keep it");
    } else {
      lead.select_values[slug] = std::string(option);
    }
  }
  if (input.status) {
    if (const LeadStatus* found = campaign.FindStatus(*input.status); found && found->retired) {
      errors.Add("status", "status_retired", "'" + *input.status + "' is retired: existing leads keep it");
    } else if (found) {
      lead.status = *input.status;
    } else {
      errors.Add("status", "unknown_status", "'" + *input.status + "' is not a status of this campaign");
    }
  } else if (mode == LeadWrite::kCreate && presets && presets->status) {
    lead.status = *presets->status;
  } else if (mode == LeadWrite::kCreate) {
    if (const LeadStatus* def = campaign.DefaultStatus()) lead.status = def->slug;
  }
  if (mode == LeadWrite::kCreate && presets) {
    // A token's pinned values are written too: a retired one is refused like a sent one.
    for (const auto& [slug, option] : presets->selects) {
      const Select* select = campaign.FindSelect(slug);
      const SelectOption* found = select ? select->FindOption(option) : nullptr;
      auto written = lead.select_values.find(slug);
      if (found && found->retired && written != lead.select_values.end() && written->second == option &&
          !errors.Has(slug)) {
        errors.Add(slug, "option_retired", "'" + option + "' is retired: existing leads keep it");
      }
    }
    const LeadStatus* pinned = presets->status ? campaign.FindStatus(*presets->status) : nullptr;
    if (!input.status && pinned && pinned->retired) {
      errors.Add("status", "status_retired", "'" + pinned->slug + "' is retired: existing leads keep it");
    }
  }
  for (const Field& field : campaign.fields) {
    auto it = lead.field_values.find(field.slug);
    // A retired field takes no values, so it cannot be required of a new lead.
    if (field.required && !field.retired && !errors.Has(field.slug) &&
        (it == lead.field_values.end() || it->second == "\"\"")) {
      errors.Add(field.slug, "required", "is required");
    }
  }
  for (const Select& select : campaign.selects) {
    if (select.required && !errors.Has(select.slug) && !lead.select_values.contains(select.slug)) {
      errors.Add(select.slug, "required", "is required");
    }
  }
  return errors.ToStatus();
}

}  // namespace lg::core
