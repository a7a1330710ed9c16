#pragma once
// Decoders of a campaign's members (fields, selects with options, statuses, duplicate rules,
// retention_days) as they appear in the campaign document, the single-item endpoints and the
// PATCH bodies (core/campaign_json.h, core/campaign_patch.h). Each reports every bad member with
// its path into `errors`.

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/campaign_json.h"
#include "core/json_reader.h"

namespace lg::core {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// An internal id (stored form), as uint32.
bool ReadId(element value, const std::string& path, FieldErrors& errors, uint32_t& out);
// An `unknown_attribute` error for a member no decoder knows.
void UnknownKey(FieldErrors& errors, const std::string& path, std::string_view key);

void DecodeFieldObject(object obj, const std::string& path, FieldErrors& errors, Field& field);
void DecodeOptionObject(object obj, const std::string& path, FieldErrors& errors, SelectOption& option,
                        CampaignForm form);
void DecodeSelectObject(object obj, const std::string& path, FieldErrors& errors, Select& select, CampaignForm form);
void DecodeStatusObject(object obj, const std::string& path, FieldErrors& errors, LeadStatus& status,
                        CampaignForm form);
void DecodeDuplicateRuleObject(object obj, const std::string& path, FieldErrors& errors, DuplicateRule& rule);
// `retention_days`: a number of days from kMinRetentionDays to kMaxRetentionDays (fractions
// allowed), or null (keep forever).
void ReadRetentionDays(element value, FieldErrors& errors, std::optional<double>& out);

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

}  // namespace lg::core
