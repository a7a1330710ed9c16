#pragma once
// JSON forms of the campaign schema. The API form omits internal ids; the stored form (what
// store/ persists behind a version byte) keeps them. Decoding the API form reports every bad
// member with its path ("selects[0].options[2].slug").

#include <string>
#include <string_view>

#include "core/campaign.h"
#include "core/status.h"

namespace lg::core {

class JsonWriter;

enum class CampaignForm { kApi, kStored };

void WriteCampaign(JsonWriter& out, const Campaign& campaign, CampaignForm form);
std::string EncodeCampaign(const Campaign& campaign, CampaignForm form);

// Decodes a whole campaign document (POST /v2/campaigns, or the stored form).
Result<Campaign> DecodeCampaign(std::string_view json, CampaignForm form);

// Decoders for the single-item admin endpoints (POST .../fields, .../selects, .../options,
// .../statuses); ids are left 0 for Campaign::AssignInternalIds.
Result<Field> DecodeField(std::string_view json);
Result<Select> DecodeSelect(std::string_view json);
Result<SelectOption> DecodeOption(std::string_view json);
Result<LeadStatus> DecodeStatus(std::string_view json);

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
