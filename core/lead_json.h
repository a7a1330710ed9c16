#pragma once
// The lead's JSON form. It is both the API representation and, behind a version byte, the
// stored record, so a GET returns stored bytes without re-encoding.

#include <string>
#include <string_view>

#include "core/lead.h"
#include "core/status.h"

namespace lg::core {

std::string EncodeLead(const Lead& lead);
Result<Lead> DecodeLead(std::string_view json);

// Whether a stored lead has `option` in select `select_slug` (or, with an empty select slug,
// status `option`): one parse and a lookup, no Lead built. False for a malformed record.
bool LeadHasValue(std::string_view json, std::string_view select_slug, std::string_view option);

}  // namespace lg::core
