// Filter JSON: POST and PATCH .../filters bodies (DecodeFilterInput), compiled against the fixed
// campaign (CompileFilter: the validation) and evaluated on the sample leads. A filter that
// decodes must store and load back to the same record and compile the same way; a compiled
// filter evaluates every lead, FirstMismatch names a slug exactly when Matches is false, the
// scan fast path agrees with Matches, and the values it pins (stamped onto a vendor's new leads)
// are the campaign's.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/filter_json.h"
#include "core/filter_rules.h"
#include "core/query_plan.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::ErrorKind;
using lg::core::Filter;

constexpr std::string_view kSavedFilter =
    R"({"name": "Vendor XYZ", "match": "all", "conditions": [{"field": "source", "op": "eq", "value": "vendor-xyz"}]})";

void CheckCompiled(const lg::core::CompiledFilter& compiled) {
  const auto& campaign = lg::fuzz::FixedCampaign();
  for (const lg::core::Lead& lead : lg::fuzz::SampleLeads()) {
    const bool matches = lg::core::Matches(compiled, lead);
    LG_FUZZ_CHECK_EQ(lg::core::FirstMismatch(compiled, lead).has_value(), !matches);
    lg::fuzz::CheckFastPathAgrees(compiled, lead);
  }
  // The values a filtered token stamps onto new leads are the campaign's.
  const lg::core::LeadPresets pinned = lg::core::PinnedBy(compiled);
  for (const auto& [slug, option] : pinned.selects) {
    const auto* select = campaign.FindSelect(slug);
    LG_FUZZ_CHECK(select != nullptr && select->FindOption(option) != nullptr);
  }
  if (pinned.status) LG_FUZZ_CHECK(campaign.FindStatus(*pinned.status) != nullptr);
  // The planner picks an index the filter can answer, whatever the sort.
  for (auto sort : {lg::core::ListSort::kNewestFirst, lg::core::ListSort::kUpdatedAscending}) {
    const lg::core::ScanPlan plan = lg::core::PlanScan(&compiled, {}, sort);
    if (plan.only_condition) LG_FUZZ_CHECK(lg::core::SoleValueCondition(compiled) == plan.only_condition);
    (void)lg::core::PlanScan(&lg::fuzz::VendorFilter(), compiled, sort);
  }
}

void CheckStoredRoundTrip(Filter filter) {
  filter.id = 5;
  filter.campaign_id = lg::fuzz::FixedCampaign().id;
  filter.created_at = 1764324000123;
  filter.updated_at = filter.created_at;
  const std::string once = lg::core::EncodeFilter(filter, true);
  auto back = lg::core::DecodeStoredFilter(once);
  if (!back.has_value()) lg::fuzz::Fail(__FILE__, __LINE__, "a stored filter decodes", once);
  LG_FUZZ_CHECK_EQ(lg::core::EncodeFilter(*back, true), once);
  auto compiled = lg::core::CompileFilter(lg::fuzz::FixedCampaign(), filter);
  auto recompiled = lg::core::CompileFilter(lg::fuzz::FixedCampaign(), *back);
  LG_FUZZ_CHECK_EQ(compiled.has_value(), recompiled.has_value());
  if (compiled.has_value()) {
    for (const lg::core::Lead& lead : lg::fuzz::SampleLeads()) {
      LG_FUZZ_CHECK_EQ(lg::core::Matches(*compiled, lead), lg::core::Matches(*recompiled, lead));
    }
  }
}

void Check(std::string_view body, bool patch) {
  Filter filter;
  if (patch) {
    lg::core::Status saved = lg::core::DecodeFilterInput(kSavedFilter, false, filter);
    LG_FUZZ_CHECK(saved.ok());
  }
  lg::core::Status decoded = lg::core::DecodeFilterInput(body, patch, filter);
  if (!decoded.ok()) {
    LG_FUZZ_CHECK(decoded.kind() == ErrorKind::kMalformed || decoded.kind() == ErrorKind::kInvalid);
    return;
  }
  auto compiled = lg::core::CompileFilter(lg::fuzz::FixedCampaign(), filter);
  if (compiled.has_value()) {
    LG_FUZZ_CHECK_EQ(compiled->conditions.size(), filter.conditions.size());
    CheckCompiled(*compiled);
  } else {
    LG_FUZZ_CHECK(compiled.error().kind() == ErrorKind::kInvalid && !compiled.error().errors().empty());
  }
  CheckStoredRoundTrip(filter);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lg::fuzz::Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = lg::fuzz::Text(data, size);
  Check(text, false);
  Check(text, true);
  return 0;
}
