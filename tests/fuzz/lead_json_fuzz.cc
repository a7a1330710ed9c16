// Lead JSON, both ways it reaches the server:
//  - as a create or PATCH body: ParseLeadInput, then ApplyLeadInput against the fixed campaign
//    (a create, a create by the acme vendor's filtered token with its presets, a PATCH of a
//    stored lead). A lead that passes must encode to a record that decodes back to itself, hold
//    only the campaign's statuses and options, and agree with the scan fast path;
//  - as a stored record: DecodeLead, EncodeLead (a decoded lead re-encodes and decodes to the
//    same JSON), and LeadHasValue, which reads a record without decoding it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/duplicate_rule.h"
#include "core/filter_rules.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "core/time_util.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::ErrorKind;
using lg::core::Lead;
using lg::core::LeadInput;
using lg::core::LeadWrite;
using lg::fuzz::FixedCampaign;

constexpr int64_t kNow = 1764324000123;

bool Mentions(const LeadInput& input, std::string_view select) {
  for (const auto& [slug, value] : input.select_values)
    if (slug == select) return true;
  return false;
}

void CheckApplied(const Lead& lead) {
  const auto& campaign = FixedCampaign();
  LG_FUZZ_CHECK(campaign.FindStatus(lead.status) != nullptr);
  for (const auto& [slug, option] : lead.select_values) {
    const auto* select = campaign.FindSelect(slug);
    LG_FUZZ_CHECK(select != nullptr && select->FindOption(option) != nullptr);
  }
  for (const auto& [slug, value] : lead.field_values) LG_FUZZ_CHECK(campaign.FindField(slug) != nullptr);
  lg::fuzz::CheckStoredForm(lead);
  lg::fuzz::CheckFastPath(lead);
  // Duplicate rules: an identical lead created a second earlier is a duplicate exactly when the
  // rule's members have values (all of them, or any one) and its status is not ignored; it is
  // looked up under one key per value an `any` rule compares, one for an `all` rule, and each
  // key is found again for the identical lead (the index would find it).
  for (const auto& rule : campaign.duplicate_rules) {
    const lg::core::DuplicateValues values = lg::core::DuplicateValuesUnder(rule, campaign, lead);
    LG_FUZZ_CHECK_EQ(values.size(), rule.members.size());
    size_t present = 0;
    for (const auto& value : values) present += value ? 1 : 0;
    const std::vector<std::string> keys = lg::core::DuplicateKeys(rule, values);
    const size_t expected_keys = rule.match_all ? (present == values.size() && present > 0 ? 1 : 0) : present;
    LG_FUZZ_CHECK_EQ(keys.size(), expected_keys);
    for (const auto& key : keys) LG_FUZZ_CHECK_EQ(key.size(), lg::core::kDuplicateKeyBytes);
    const bool ignored =
        std::find(rule.ignore_statuses.begin(), rule.ignore_statuses.end(), lead.status) != rule.ignore_statuses.end();
    const bool expected = !ignored && (rule.match_all ? present == values.size() && present > 0 : present > 0);
    Lead earlier = lead;
    earlier.id = lead.id - 1;
    earlier.created_at = lead.created_at - 1000;
    LG_FUZZ_CHECK_EQ(lg::core::IsDuplicateUnder(rule, campaign, lead, values, earlier, lead.created_at), expected);
  }
}

void AsBody(std::string_view body) {
  LeadInput input;
  lg::core::Status parsed = lg::core::ParseLeadInput(body, input);
  if (!parsed.ok()) {
    LG_FUZZ_CHECK(parsed.kind() == ErrorKind::kMalformed);
    return;
  }
  const auto& campaign = FixedCampaign();
  const lg::core::LeadPresets presets = lg::core::PinnedBy(lg::fuzz::VendorFilter());

  for (int round = 0; round < 3; ++round) {
    const bool patch = round == 2;
    const bool vendor = round == 1;
    Lead lead = patch ? lg::fuzz::SampleLeads().front() : Lead{};
    if (!patch) {
      lead.id = 7355922769776644;
      lead.campaign_id = campaign.id;
      lead.created_at = kNow;
      lead.created_by = {2, "Acme \xE2\x80\x93 read/write"};
    }
    lead.updated_at = kNow;
    lg::core::Status applied = lg::core::ApplyLeadInput(campaign, input, patch ? LeadWrite::kPatch : LeadWrite::kCreate,
                                                        lead, vendor ? &presets : nullptr);
    if (!applied.ok()) {
      LG_FUZZ_CHECK(applied.kind() == ErrorKind::kInvalid);
      LG_FUZZ_CHECK(!applied.errors().empty());
      continue;
    }
    LG_FUZZ_CHECK(input.errors.empty());
    CheckApplied(lead);
    // The vendor's presets stamp what the body leaves out, so such a lead is in its scope.
    if (vendor && !input.status && !Mentions(input, "source")) {
      LG_FUZZ_CHECK(lg::core::Matches(lg::fuzz::VendorFilter(), lead));
    }
  }
}

void AsRecord(std::string_view json) {
  // Never throws nor crashes, whatever the record holds.
  (void)lg::core::LeadHasValue(json, "source", "acme");
  (void)lg::core::LeadHasValue(json, "", "new");
  auto lead = lg::core::DecodeLead(json);
  if (!lead.has_value()) return;
  // A record's times are the server's clock; only those FormatTimestamp writes in a form
  // ParseTimestamp reads (years 0000-9999) can come back from a store.
  for (int64_t t : {lead->created_at, lead->updated_at}) {
    if (lg::core::ParseTimestamp(lg::core::FormatTimestamp(t)) != t) return;
  }
  const std::string once = lg::core::EncodeLead(*lead);
  auto again = lg::core::DecodeLead(once);
  if (!again.has_value()) lg::fuzz::Fail(__FILE__, __LINE__, "a re-encoded lead decodes", once);
  LG_FUZZ_CHECK_EQ(lg::core::EncodeLead(*again), once);
  LG_FUZZ_CHECK(lg::core::LeadHasValue(once, "", again->status));
  auto source = again->select_values.find("source");
  LG_FUZZ_CHECK_EQ(lg::core::LeadHasValue(once, "source", "acme"),
                   source != again->select_values.end() && source->second == "acme");
  // Filters evaluate any decodable record, and the scan fast path agrees with them.
  (void)lg::core::Matches(lg::fuzz::VendorFilter(), *again);
  lg::fuzz::CheckFastPath(*again);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lg::fuzz::Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = lg::fuzz::Text(data, size);
  AsBody(text);
  AsRecord(text);
  return 0;
}
