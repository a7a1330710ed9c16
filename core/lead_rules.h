#pragma once
// Validation of lead create and PATCH bodies against a campaign schema; pure functions.
//
// A body is parsed once (ParseLeadInput) into a LeadInput whose members point into its own
// parser, then applied to a Lead (ApplyLeadInput), which checks every value against its field's
// type, select values against the option slugs, the status slug, and required members, and
// reports every problem at once in a 422.

#include <simdjson.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/campaign.h"
#include "core/json_reader.h"
#include "core/lead.h"
#include "core/status.h"

namespace lg::core {

struct LeadInput {
  simdjson::dom::parser parser;  // owns the memory the elements below point into
  std::optional<uint64_t> campaign_id;
  bool campaign_id_present = false;
  std::optional<std::string> status;
  std::vector<std::pair<std::string, simdjson::dom::element>> field_values;
  std::vector<std::pair<std::string, simdjson::dom::element>> select_values;
  FieldErrors errors;  // structural problems found while parsing
};

enum class LeadWrite { kCreate, kPatch };

// Values a new lead gets when its body omits them (a filtered token's pinned values).
struct LeadPresets {
  std::map<std::string, std::string> selects;  // select slug -> option slug
  std::optional<std::string> status;
};

// Fails only for a body that is not a JSON object (400 invalid_json); structural problems
// (unknown or server-owned attributes, wrong container types) go to `input.errors`.
Status ParseLeadInput(std::string_view body, LeadInput& input);

// Applies `input` to `lead` (a fresh lead on create, the stored one on PATCH). On create,
// absent status means the campaign's default status, and `presets` fill in what the body omits.
// Returns 422 listing every bad member; `lead` is unspecified after a failure.
Status ApplyLeadInput(const Campaign& campaign, const LeadInput& input, LeadWrite mode, Lead& lead,
                      const LeadPresets* presets = nullptr);

// Normalizes one value for a field of `type`; returns the JSON text to store, or the error code.
std::variant<std::string, FieldError> NormalizeFieldValue(const Field& field, simdjson::dom::element value);

}  // namespace lg::core
