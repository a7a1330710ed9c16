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

// PATCH /v2/campaigns/{id}/fields/{slug}: label, description and required may change; the
// slug and type may not (stored values depend on them).
Status ApplyFieldPatch(std::string_view json, Field& field);
// PATCH /v2/campaigns/{id}/statuses/{slug}: label, type, order and default may change (the
// caller clears the other statuses' default); the slug may not, and the default cannot be
// switched off (another status takes it over instead).
Status ApplyStatusPatch(std::string_view json, LeadStatus& status);
// PATCH /v2/campaigns/{id}: the name and the duplicate rules.
Status ApplyCampaignPatch(std::string_view json, Campaign& campaign);

}  // namespace lg::core
