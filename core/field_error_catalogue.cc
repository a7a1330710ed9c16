// The codes of a problem's errors[] (core/error_catalogue.h): one per way a single member can be
// wrong, shared by every body, query and header that has such a member.

#include <array>

#include "core/code_table.h"
#include "core/error_catalogue.h"

namespace lg::core {
namespace {

constexpr std::array kFieldCodes{
    FieldErrorCode{"admin_is_account_level", "an admin token cannot be scoped to a campaign or a filter"},
    FieldErrorCode{"campaign_mismatch", "the body's campaign_id differs from the campaign in the URL"},
    FieldErrorCode{"default_required", "the default status stays the default until another one is made the default"},
    FieldErrorCode{"default_status_retired", "the default status cannot be retired: make another the default first"},
    FieldErrorCode{"duplicate_key", "a JSON member appears more than once in its object"},
    FieldErrorCode{"duplicate_slug", "the slug is used already by another field, select, option or status"},
    FieldErrorCode{"field_retired", "the field is retired: existing leads keep their values, new values are refused"},
    FieldErrorCode{"filter_campaign_mismatch", "the saved filter belongs to another campaign"},
    FieldErrorCode{"immutable", "cannot be changed once it exists (a slug, a type, a token's scope)"},
    FieldErrorCode{"in_the_past", "a time that must be in the future (a token's expires_at)"},
    FieldErrorCode{"invalid_action", "a duplicate rule's action that is neither flag nor reject"},
    FieldErrorCode{"invalid_checkbox", "a checkbox value that is not true or false"},
    FieldErrorCode{"invalid_date", "a date field's value that is not YYYY-MM-DD"},
    FieldErrorCode{"invalid_datetime", "a time that is neither RFC 3339 nor YYYY-MM-DD HH:MM:SS"},
    FieldErrorCode{"invalid_email", "not an e-mail address (the field type's rule, in docs/api.md)"},
    FieldErrorCode{"invalid_event_types", "a webhook's event_types that is not a non-empty list of known events"},
    FieldErrorCode{"invalid_id", "an id that is not a positive integer"},
    FieldErrorCode{"invalid_length", "a name outside its length bounds (1 to 200 characters)"},
    FieldErrorCode{"invalid_match", "a match that is neither all nor any"},
    FieldErrorCode{"invalid_number", "a number field's value that is not a JSON number"},
    FieldErrorCode{"invalid_parameter", "a query parameter or header with a bad value, or one the path does not take"},
    FieldErrorCode{"invalid_permission", "a token permission that is not read, read_write or admin"},
    FieldErrorCode{"invalid_phone", "not a phone number (the field type's rule, in docs/api.md)"},
    FieldErrorCode{"invalid_retention", "a retention_days that is not a number of days from 0.0001 to 36500, or null"},
    FieldErrorCode{"invalid_slug", "a slug that does not match [a-z0-9][a-z0-9_-]* or is over 64 characters"},
    FieldErrorCode{"invalid_timestamp", "a time that is not RFC 3339"},
    FieldErrorCode{"invalid_type", "a value of the wrong JSON type (a string for a number, an object for a list)"},
    FieldErrorCode{"invalid_url", "a webhook URL that is not an absolute http(s) URL the server may reach"},
    FieldErrorCode{"multiple_default_statuses", "more than one status says \"default\": true"},
    FieldErrorCode{"needs_read_write", "only a read_write token may delete leads"},
    FieldErrorCode{"no_default_status", "no status says \"default\": true"},
    FieldErrorCode{"not_allowed",
                   "a value this token may not set (a vendor's webhook takes its own campaign and filter)"},
    FieldErrorCode{"not_campaign_scoped", "can_delete_leads is for campaign-scoped tokens only"},
    FieldErrorCode{"not_pinned", "stats grouped by a select the token's filter does not pin to one option"},
    FieldErrorCode{"operator_not_allowed", "a filter operator the field's type does not take"},
    FieldErrorCode{"option_retired", "the select option is retired: existing leads keep it, new leads cannot take it"},
    FieldErrorCode{"out_of_range", "a number outside its bounds (the message names them)"},
    FieldErrorCode{"outside_token_scope", "a value this token's filter rules out"},
    FieldErrorCode{"read_only", "set by the server, never written by a client (id, created_at, ...)"},
    FieldErrorCode{"required", "missing, or empty where a value is needed"},
    FieldErrorCode{"reserved_slug", "a slug the API uses for a lead's own members (id, status, ...)"},
    FieldErrorCode{"status_retired", "the status is retired: existing leads keep it, no lead can be moved to it"},
    FieldErrorCode{"too_deep", "a JSON field's value nested deeper than the campaign's json_max_depth"},
    FieldErrorCode{"too_long", "a text longer than its limit, counted in characters"},
    FieldErrorCode{"too_many", "more items than the list takes (duplicate rules, a rule's fields)"},
    FieldErrorCode{"unexpected_value", "a value given to a filter operator that takes none"},
    FieldErrorCode{"unknown_attribute", "a member the object does not have"},
    FieldErrorCode{"unknown_campaign", "no campaign has this id"},
    FieldErrorCode{"unknown_field", "not a field or select of this campaign"},
    FieldErrorCode{"unknown_field_type", "a field type that is not one of the field types"},
    FieldErrorCode{"unknown_filter", "no saved filter of this campaign has this id"},
    FieldErrorCode{"unknown_operator", "a filter operator that is not one of the operators"},
    FieldErrorCode{"unknown_option", "not an option of this select"},
    FieldErrorCode{"unknown_select", "not a select of this campaign"},
    FieldErrorCode{"unknown_status", "not a status of this campaign"},
    FieldErrorCode{"unknown_status_type", "a status type that is not active, inactive, won or lost"},
    FieldErrorCode{"use_sub_resource", "changed through its own path (.../selects/{slug}/options), not here"},
};

static_assert(SortedByCode(kFieldCodes), "keep the field codes sorted by code, each code once");

}  // namespace

std::span<const FieldErrorCode> FieldErrorCodes() { return kFieldCodes; }

const FieldErrorCode* FindFieldErrorCode(std::string_view code) { return FindByCode(kFieldCodes, code); }

std::string FieldErrorTableMarkdown() {
  std::string out = "| code | meaning |\n| --- | --- |\n";
  for (const FieldErrorCode& entry : kFieldCodes) {
    out.append("| `").append(entry.code).append("` | ").append(entry.meaning).append(" |\n");
  }
  return out;
}

}  // namespace lg::core
