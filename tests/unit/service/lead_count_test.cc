// LeadService::Count (POST /v2/campaigns/{id}/leads/count, the console's filter preview): how
// many leads match some conditions, for admin tokens only; conditions are checked like a saved
// filter's; an index answers a select equality without reading other vendors' leads; a count
// that would read too much stops and says it is not exact.

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/unit/service/service_fixture.h"

namespace lead_count_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

service::LeadCount CountOf(service::LeadService& leads, const auth::Principal& who, uint64_t campaign,
                           const std::string& body) {
  auto count = leads.Count(who, campaign, body);
  BOOST_REQUIRE_MESSAGE(count.has_value(), Why(count));
  return *count;
}

struct CappedCounts : VendorFixture {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.leads.count_max_examined = 3;
    return options;
  }
  CappedCounts() : VendorFixture(Options()) {}
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lead_count, VendorFixture)

BOOST_AUTO_TEST_CASE(an_admin_counts_the_leads_matching_conditions) {
  for (int i = 0; i < 3; ++i) CreateLead(admin, campaign, LeadBody("bulk-b", "vendor-b"));
  CreateLead(admin, campaign, LeadBody("other-a", "vendor-a"));
  // a1, b1, three more of B and one more of A.
  BOOST_TEST(CountOf(*leads, admin, campaign, "{}").matches == 6u);
  BOOST_TEST(CountOf(*leads, admin, campaign, R"({"conditions": []})").matches == 6u);
  auto of_b = CountOf(*leads, admin, campaign, EqFilter("", "source", "vendor-b"));
  BOOST_TEST(of_b.matches == 4u);
  BOOST_TEST(of_b.exact);
  BOOST_TEST(of_b.examined == 4u);  // the option's index: A's leads are not read
  BOOST_TEST(CountOf(*leads, admin, campaign, R"({"match": "all", "conditions": [
      {"field": "source", "op": "eq", "value": "vendor-b"},
      {"field": "marker", "op": "starts_with", "value": "bulk"}]})")
                 .matches == 3u);
  BOOST_TEST(CountOf(*leads, admin, campaign, R"({"match": "any", "conditions": [
      {"field": "marker", "op": "eq", "value": "A1"},
      {"field": "marker", "op": "eq", "value": "B1"}]})")
                 .matches == 2u);
  BOOST_TEST(CountOf(*leads, admin, campaign, R"({"conditions": [{"field": "status", "op": "eq", "value": "won"}]})")
                 .matches == 0u);
}

BOOST_AUTO_TEST_CASE(a_count_needs_an_admin_token) {
  // A vendor could learn from what a count reads how many leads lie outside its filter.
  CheckError(leads->Count(vendor_a.principal, campaign, "{}"), ErrorKind::kNotPermitted, "insufficient_permission");
  Minted reader = Mint("reader", "read");
  CheckError(leads->Count(reader.principal, campaign, "{}"), ErrorKind::kNotPermitted, "insufficient_permission");
  // A campaign outside the token's scope is still a 404 first.
  uint64_t other = NewCampaign(kWindCampaign);
  Minted scoped = Mint("scoped", "read", campaign);
  CheckError(leads->Count(scoped.principal, other, "{}"), ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(any_of_no_conditions_matches_no_lead) {
  auto none = CountOf(*leads, admin, campaign, R"({"match": "any", "conditions": []})");
  BOOST_TEST(none.matches == 0u);
  BOOST_TEST(none.exact);
}

BOOST_AUTO_TEST_CASE(a_bad_condition_is_422_naming_it) {
  CheckFieldError(leads->Count(admin, campaign, R"({"conditions": [{"field": "source", "op": "gt", "value": "x"}]})"),
                  "validation_failed", "conditions[0].op");
  CheckFieldError(leads->Count(admin, campaign, R"({"conditions": [{"field": "nope", "op": "eq", "value": "x"}]})"),
                  "validation_failed", "conditions[0].field");
  CheckError(leads->Count(admin, campaign, "[1]"), ErrorKind::kMalformed, "invalid_json");
  CheckError(leads->Count(admin, 999, "{}"), ErrorKind::kNotFound, "not_found");
}

BOOST_FIXTURE_TEST_CASE(a_count_that_would_read_too_much_stops_and_is_not_exact, CappedCounts) {
  for (int i = 0; i < 4; ++i) CreateLead(admin, campaign, LeadBody("more", "vendor-a"));
  auto capped = CountOf(*leads, admin, campaign, "{}");
  BOOST_TEST(!capped.exact);
  BOOST_TEST(capped.examined == 3u);
  BOOST_TEST(capped.matches == 3u);
  // Within the cap the count is exact.
  auto of_b = CountOf(*leads, admin, campaign, EqFilter("", "source", "vendor-b"));
  BOOST_TEST(of_b.exact);
  BOOST_TEST(of_b.matches == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lead_count_test
