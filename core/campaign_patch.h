#pragma once
// PATCH bodies of the campaign schema's admin endpoints, applied to a copy of the member they
// change (the service validates the whole campaign afterwards). Slugs never change.

#include <string_view>

#include "core/campaign.h"
#include "core/status.h"

namespace lg::core {

// PATCH /v2/campaigns/{id}/fields/{slug}: label, description, required and retired may change;
// the slug and type may not (stored values depend on them).
Status ApplyFieldPatch(std::string_view json, Field& field);
// PATCH /v2/campaigns/{id}/statuses/{slug}: label, type, order, default and retired may change
// (the caller clears the other statuses' default); the slug may not, the default cannot be
// switched off (another status takes it over instead) and cannot be retired.
Status ApplyStatusPatch(std::string_view json, LeadStatus& status);
// PATCH /v2/campaigns/{id}/selects/{slug}: label, description and required may change; the
// slug may not, and options change through their own resource.
Status ApplySelectPatch(std::string_view json, Select& select);
// PATCH /v2/campaigns/{id}/selects/{slug}/options/{option_slug}: the label, and `retired` (a
// retired option stays on existing leads and in filters; new writes using it are refused).
Status ApplyOptionPatch(std::string_view json, SelectOption& option);
// PATCH /v2/campaigns/{id}: the name, the duplicate rules and retention_days.
Status ApplyCampaignPatch(std::string_view json, Campaign& campaign);

}  // namespace lg::core
