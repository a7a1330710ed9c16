#pragma once
// The lead's JSON form. It is both the API representation and, behind a version byte, the
// stored record, so a GET returns stored bytes without re-encoding.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/lead.h"
#include "core/status.h"

namespace lg::core {

std::string EncodeLead(const Lead& lead);
Result<Lead> DecodeLead(std::string_view json);

// What a token that did not create a lead, or may not see the earlier lead it duplicates, is
// not shown, read from and hidden in EncodeLead's bytes without a parse (lists answer stored
// bytes). They rely on EncodeLead writing `created_by` and then `doublet_of` last, and are the
// only code that does.
std::optional<uint64_t> EncodedCreator(std::string_view json);    // created_by.token_id
std::optional<uint64_t> EncodedDoubletOf(std::string_view json);  // null: none
std::string WithoutCreator(std::string json);                     // "created_by": null
std::string WithoutDoubletOf(std::string json);                   // "doublet_of": null

// Whether a stored lead has `option` in select `select_slug` (or, with an empty select slug,
// status `option`): one parse and a lookup, no Lead built. False for a malformed record.
bool LeadHasValue(std::string_view json, std::string_view select_slug, std::string_view option);

}  // namespace lg::core
