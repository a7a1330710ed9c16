#include "core/ids.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <type_traits>

namespace ids_test {

using lg::core::CampaignId;
using lg::core::FilterId;
using lg::core::LeadId;
using lg::core::TokenId;

// What the types are for: a number does not pass for an id, nor one kind of id for another, unnoticed.
static_assert(!std::is_convertible_v<uint64_t, CampaignId>);
static_assert(!std::is_convertible_v<uint64_t, LeadId>);
static_assert(!std::is_convertible_v<CampaignId, uint64_t>);
static_assert(!std::is_convertible_v<CampaignId, LeadId>);
static_assert(!std::is_constructible_v<LeadId, CampaignId>);
static_assert(!std::is_constructible_v<TokenId, FilterId>);
static_assert(std::is_constructible_v<CampaignId, uint64_t>);
// Each is the number it was: as cheap to pass, and the same bytes.
static_assert(sizeof(CampaignId) == sizeof(uint64_t));
static_assert(std::is_trivially_copyable_v<LeadId>);

BOOST_AUTO_TEST_SUITE(ids)

// (Not `<`: with the defaulted <=>, clang-tidy 14's modernize-use-nullptr takes the 0 the
// rewritten comparison compares with for a null pointer.)
BOOST_AUTO_TEST_CASE(an_id_keeps_its_number_and_compares_by_it) {
  constexpr CampaignId campaign(7);
  static_assert(campaign.value() == 7);
  BOOST_TEST(LeadId(UINT64_MAX).value() == UINT64_MAX);
  BOOST_TEST(LeadId().value() == 0u);
  BOOST_TEST((TokenId(3) == TokenId(3)));
  BOOST_TEST((FilterId(3) != FilterId(4)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ids_test
