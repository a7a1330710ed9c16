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

}  // namespace lg::core
