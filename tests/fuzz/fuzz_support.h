#pragma once
// Shared by the fuzz targets: fixtures built the way the server builds them (a campaign decoded
// from its API JSON and validated, stored leads decoded from their records, a vendor's filter
// compiled against the campaign) and checks that stop the run with a message. A failed check
// aborts, which libFuzzer reports as a crash and saves the input that caused it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/campaign.h"
#include "core/filter_rules.h"
#include "core/lead.h"

namespace lg::fuzz {

[[noreturn]] void Fail(const char* file, int line, const char* what, std::string_view detail = {});

#define LG_FUZZ_CHECK(cond)                                                   \
  do {                                                                        \
    if (!(cond)) ::lg::fuzz::Fail(__FILE__, __LINE__, #cond);                 \
  } while (0)
// Equality of two strings (or anything std::to_string takes), printing both on failure.
#define LG_FUZZ_CHECK_EQ(a, b)                                                                       \
  do {                                                                                               \
    const auto& lg_fuzz_a_ = (a);                                                                    \
    const auto& lg_fuzz_b_ = (b);                                                                    \
    if (!(lg_fuzz_a_ == lg_fuzz_b_))                                                                 \
      ::lg::fuzz::Fail(__FILE__, __LINE__, #a " == " #b, ::lg::fuzz::Both(lg_fuzz_a_, lg_fuzz_b_)); \
  } while (0)

std::string Both(std::string_view a, std::string_view b);
template <typename T>
  requires std::is_arithmetic_v<T>
std::string Both(const T& a, const T& b) {
  return Both(std::string_view(std::to_string(a)), std::string_view(std::to_string(b)));
}

inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Sets the account time zone to one with daylight saving time (Europe/Copenhagen, when the
// system has it) so "YYYY-MM-DD HH:MM:SS" inputs go through the zone rules. Call once, from
// LLVMFuzzerInitialize.
void Setup();

// "Solar DK (fuzz)": every field type (name is a required text), the selects source (required;
// vendor-xyz, leadpartner, acme) and region (north, south), the statuses new (default),
// contacted, won, lost, and a duplicate rule; id 1, internal ids assigned.
const core::Campaign& FixedCampaign();

// Stored leads of that campaign: acme/new with every field set, vendor-xyz/contacted, one in
// "won" with no select, and one in region south with a doublet_of.
const std::vector<core::Lead>& SampleLeads();

// The acme vendor's token filter ("source eq acme" and "status eq new"), compiled.
const core::CompiledFilter& VendorFilter();

// The stored form of a lead the server just built: it decodes back to a lead that encodes to
// the same bytes, and LeadHasValue finds its status and source option in it.
void CheckStoredForm(const core::Lead& lead);

// Single-condition scope filters (source eq acme, status eq new, region in [south], status in
// [won]), compiled: the ones the scan fast path serves without decoding a record.
const std::vector<core::CompiledFilter>& SoleValueFilters();

// The scan fast path (a filter's sole select/status condition checked on the stored JSON with
// LeadHasValue, as service/lead_service.cc does) agrees with a full Matches() on `lead`.
void CheckFastPathAgrees(const core::CompiledFilter& filter, const core::Lead& lead);
// ...for each of SoleValueFilters().
void CheckFastPath(const core::Lead& lead);

}  // namespace lg::fuzz
