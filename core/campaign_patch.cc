#include "core/campaign_patch.h"

#include "core/campaign_member_json.h"

namespace lg::core {
namespace {

// Parses a PATCH body and hands each member to `member`, which returns false for a member it
// does not know (an `unknown_attribute` error); every error is collected.
template <typename Fn>
Status ApplyPatch(std::string_view json, Fn member) {
  simdjson::dom::parser parser;
  object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  FieldErrors errors;
  for (auto [key, value] : obj) {
    if (!member(key, value, errors)) UnknownKey(errors, "", key);
  }
  return errors.ToStatus();
}

}  // namespace

Status ApplyFieldPatch(std::string_view json, Field& field) {
  return ApplyPatch(json, [&](std::string_view key, element value, FieldErrors& errors) {
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
      return false;
    }
    return true;
  });
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
  return ApplyPatch(json, [&](std::string_view key, element value, FieldErrors& errors) {
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
      return false;
    }
    return true;
  });
}

Status ApplyOptionPatch(std::string_view json, SelectOption& option) {
  return ApplyPatch(json, [&](std::string_view key, element value, FieldErrors& errors) {
    std::string p(key);
    if (key == "label") {
      ReadString(value, p, errors, option.label);
    } else if (key == "retired") {
      ReadBool(value, p, errors, option.retired);
    } else if (key == "slug") {
      errors.Add(p, "immutable", "cannot be changed once the option exists: leads and filters name it");
    } else {
      return false;
    }
    return true;
  });
}

Status ApplyCampaignPatch(std::string_view json, Campaign& campaign) {
  return ApplyPatch(json, [&](std::string_view key, element value, FieldErrors& errors) {
    if (key == "name") {
      ReadString(value, "name", errors, campaign.name);
    } else if (key == "duplicate_rules") {
      // The whole list is replaced: rules have no identity of their own.
      campaign.duplicate_rules.clear();
      DecodeObjectArray(
          value, "duplicate_rules", errors, campaign.duplicate_rules,
          [&](object o, const std::string& ip, DuplicateRule& r) { DecodeDuplicateRuleObject(o, ip, errors, r); });
    } else if (key == "retention_days") {
      ReadRetentionDays(value, errors, campaign.retention_days);
    } else if (key == "fields" || key == "selects" || key == "statuses") {
      errors.Add(std::string(key), "use_sub_resource",
                 "is changed through /v2/campaigns/{campaign_id}/" + std::string(key));
    } else {
      return false;
    }
    return true;
  });
}

}  // namespace lg::core
