// Campaign JSON: POST /v2/campaigns bodies (DecodeCampaign, API form, then ValidateCampaign),
// the single-item admin bodies (fields, selects, options, statuses, field and campaign PATCH),
// and the stored form. A campaign that passes validation must store and load back to the same
// record and stay valid; a PATCH never changes a field's slug or type.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/campaign_json.h"
#include "core/campaign_patch.h"
#include "core/campaign_rules.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::Campaign;
using lg::core::CampaignForm;
using lg::core::ErrorKind;

bool IsJson(const std::string& text) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  return parser.parse(text).get(root) == simdjson::SUCCESS;
}

void CheckStoredRoundTrip(const Campaign& campaign) {
  const std::string once = lg::core::EncodeCampaign(campaign, CampaignForm::kStored);
  auto back = lg::core::DecodeCampaign(once, CampaignForm::kStored);
  if (!back.has_value()) lg::fuzz::Fail(__FILE__, __LINE__, "a stored campaign decodes", once);
  LG_FUZZ_CHECK_EQ(lg::core::EncodeCampaign(*back, CampaignForm::kStored), once);
}

void AsCreateBody(std::string_view body) {
  auto decoded = lg::core::DecodeCampaign(body, CampaignForm::kApi);
  if (!decoded.has_value()) {
    const auto kind = decoded.error().kind();
    LG_FUZZ_CHECK(kind == ErrorKind::kMalformed || kind == ErrorKind::kInvalid);
    return;
  }
  lg::core::Status valid = lg::core::ValidateCampaign(*decoded);
  if (!valid.ok()) {
    LG_FUZZ_CHECK(valid.kind() == ErrorKind::kInvalid && !valid.errors().empty());
    return;
  }
  // What CampaignService does before storing a new campaign.
  Campaign c = std::move(decoded).value();
  c.id = 2;
  c.created_at = 1764324000123;
  c.updated_at = c.created_at;
  c.AssignInternalIds();
  for (const auto& s : c.selects) {
    LG_FUZZ_CHECK(s.id != 0);
    for (const auto& o : s.options) LG_FUZZ_CHECK(o.id != 0);
  }
  for (const auto& s : c.statuses) LG_FUZZ_CHECK(s.id != 0);
  LG_FUZZ_CHECK(c.DefaultStatus() != nullptr);
  CheckStoredRoundTrip(c);
  auto stored = lg::core::DecodeCampaign(lg::core::EncodeCampaign(c, CampaignForm::kStored), CampaignForm::kStored);
  LG_FUZZ_CHECK(stored.has_value() && lg::core::ValidateCampaign(*stored).ok());
  const std::string api = lg::core::EncodeCampaign(c, CampaignForm::kApi);
  if (!IsJson(api)) lg::fuzz::Fail(__FILE__, __LINE__, "the API form is JSON", api);
}

void AsItemBodies(std::string_view body) {
  auto field = lg::core::DecodeField(body);
  if (field.has_value()) LG_FUZZ_CHECK(!field->label.empty() || field->slug.empty());
  auto select = lg::core::DecodeSelect(body);
  if (select.has_value()) {
    for (const auto& o : select->options) LG_FUZZ_CHECK(o.id == 0);
  }
  (void)lg::core::DecodeOption(body);
  (void)lg::core::DecodeStatus(body);

  const Campaign& fixed = lg::fuzz::FixedCampaign();
  lg::core::Field patched = fixed.fields.front();
  if (lg::core::ApplyFieldPatch(body, patched).ok()) {
    LG_FUZZ_CHECK(patched.slug == fixed.fields.front().slug);
    LG_FUZZ_CHECK(patched.type == fixed.fields.front().type);
  }
  // PATCH /v2/campaigns/{id}: the name and the duplicate rules; the result is validated and
  // stored as a whole.
  Campaign renamed = fixed;
  if (lg::core::ApplyCampaignPatch(body, renamed).ok()) {
    LG_FUZZ_CHECK(renamed.fields.size() == fixed.fields.size());
    LG_FUZZ_CHECK(renamed.selects.size() == fixed.selects.size());
    LG_FUZZ_CHECK(renamed.statuses.size() == fixed.statuses.size());
    if (lg::core::ValidateCampaign(renamed).ok()) CheckStoredRoundTrip(renamed);
  }
}

void AsStoredRecord(std::string_view json) {
  auto c = lg::core::DecodeCampaign(json, CampaignForm::kStored);
  if (c.has_value()) CheckStoredRoundTrip(*c);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lg::fuzz::Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = lg::fuzz::Text(data, size);
  AsCreateBody(text);
  AsItemBodies(text);
  AsStoredRecord(text);
  return 0;
}
