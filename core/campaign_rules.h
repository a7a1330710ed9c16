#pragma once
// Rules a campaign schema must satisfy; pure functions, no I/O.

#include "core/campaign.h"
#include "core/status.h"

namespace lg::core {

// Names a lead list query or filter may use besides field and select slugs; no field or select
// may take one of them.
bool IsReservedSlug(std::string_view slug);

// Checks the whole schema: a name, valid and unique slugs (fields and selects share one
// namespace because filters and list queries address both by slug), unique option slugs per
// select, at least one status and exactly one default. Reports every problem with its path.
Status ValidateCampaign(const Campaign& campaign);

}  // namespace lg::core
