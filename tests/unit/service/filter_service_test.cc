// FilterService: only admin tokens manage saved filters (404 first for a campaign outside a
// scoped token's campaign); an edit changes what a token's scope compiles to on the very next
// call; a filter a live token uses cannot be deleted; a token whose filter is gone sees nothing.

#include "service/filter_service.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/service/service_fixture.h"

namespace filter_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

// The option slugs a compiled scope's first condition asks for.
std::vector<std::string> ScopeValues(const service::CompiledFilterPtr& scope) {
  BOOST_REQUIRE(scope);
  BOOST_REQUIRE(!scope->conditions.empty());
  return scope->conditions.front().texts;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(filter_service, VendorFixture)

BOOST_AUTO_TEST_CASE(an_admin_creates_lists_and_reads_filters) {
  auto listed = filters->List(admin, campaign);
  BOOST_REQUIRE(listed.has_value());
  BOOST_TEST(listed->size() == 2u);
  auto filter = filters->Get(admin, core::CampaignId(campaign), core::FilterId(filter_a));
  BOOST_REQUIRE(filter.has_value());
  BOOST_TEST((*filter)->name == "Vendor A");
  BOOST_TEST((*filter)->campaign_id == campaign);
  BOOST_REQUIRE((*filter)->conditions.size() == 1u);
  BOOST_TEST((*filter)->conditions[0].field == "source");
  BOOST_TEST(filters->Find(filter_b)->name == "Vendor B");
  BOOST_TEST(!filters->Find(999));
  BOOST_TEST(AuditEvents("filter_created").size() == 2u);
}

BOOST_AUTO_TEST_CASE(only_admin_tokens_manage_filters) {
  Minted reader = Mint("reader", "read");
  for (const Minted* token : {&vendor_a, &reader}) {
    BOOST_TEST_CONTEXT(token->principal.name) {
      const auth::Principal& p = token->principal;
      CheckError(filters->Create(p, campaign, EqFilter("Mine", "source", "vendor-b")), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(filters->List(p, campaign), ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(filters->Get(p, core::CampaignId(campaign), core::FilterId(filter_a)), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(filters->Patch(p, core::CampaignId(campaign), core::FilterId(filter_a), R"({"name": "Hijacked"})"),
                 ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(filters->Delete(p, core::CampaignId(campaign), core::FilterId(filter_b)), ErrorKind::kNotPermitted,
                 "insufficient_permission");
    }
  }
  BOOST_TEST(filters->Find(filter_a)->name == "Vendor A");
  BOOST_TEST(filters->List(admin, campaign)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_campaign_outside_a_scoped_tokens_campaign_is_404_before_403) {
  uint64_t wind = NewCampaign(kWindCampaign);
  // vendor_a's token is scoped to the Solar campaign through its filter.
  BOOST_TEST(vendor_a.principal.campaign_id.value_or(0) == campaign);
  CheckError(filters->Create(vendor_a.principal, wind, R"({"name": "x", "conditions": []})"), ErrorKind::kNotFound,
             "not_found");
  CheckError(filters->List(vendor_a.principal, wind), ErrorKind::kNotFound, "not_found");
  CheckError(filters->Get(vendor_a.principal, core::CampaignId(wind), core::FilterId(filter_a)), ErrorKind::kNotFound,
             "not_found");
  CheckError(filters->Delete(vendor_a.principal, core::CampaignId(wind), core::FilterId(filter_a)),
             ErrorKind::kNotFound, "not_found");
  // For the admin, a filter looked up under another campaign is not there either.
  CheckError(filters->Get(admin, core::CampaignId(wind), core::FilterId(filter_a)), ErrorKind::kNotFound, "not_found");
  CheckError(filters->Patch(admin, core::CampaignId(wind), core::FilterId(filter_a), R"({"name": "x"})"),
             ErrorKind::kNotFound, "not_found");
  CheckError(filters->Get(admin, core::CampaignId(campaign), core::FilterId(999)), ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(a_filter_naming_what_the_schema_lacks_is_422) {
  CheckError(filters->Create(admin, campaign, EqFilter("x", "source", "vendor-zz")), ErrorKind::kInvalid,
             "validation_failed");
  CheckError(filters->Create(admin, campaign, EqFilter("x", "nope", "a")), ErrorKind::kInvalid, "validation_failed");
  CheckError(filters->Patch(admin, core::CampaignId(campaign), core::FilterId(filter_a),
                            R"({"conditions": [{"field": "source", "op": "eq", "value": "vendor-zz"}]})"),
             ErrorKind::kInvalid, "validation_failed");
  BOOST_TEST(ScopeValues(leads->ScopeFilter(vendor_a.principal)) == (std::vector<std::string>{"vendor-a"}),
             boost::test_tools::per_element());
  BOOST_TEST(filters->List(admin, campaign)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(editing_a_filter_changes_what_the_scope_compiles_to_on_the_next_call) {
  BOOST_TEST(!leads->ScopeFilter(admin));  // no filter, no scope
  auto before = leads->ScopeFilter(vendor_a.principal);
  BOOST_TEST(ScopeValues(before) == (std::vector<std::string>{"vendor-a"}), boost::test_tools::per_element());
  BOOST_TEST(leads->ScopeFilter(vendor_a.principal) == before);  // compiled once, then cached

  auto patched = filters->Patch(admin, core::CampaignId(campaign), core::FilterId(filter_a),
                                R"({"conditions": [{"field": "source", "op": "eq", "value": "vendor-b"}]})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  BOOST_TEST((*patched)->name == "Vendor A");  // a PATCH changes only what it names
  auto after = leads->ScopeFilter(vendor_a.principal);
  BOOST_TEST(ScopeValues(after) == (std::vector<std::string>{"vendor-b"}), boost::test_tools::per_element());

  // The very next lead request follows it: reads, lists and the stamp on new leads.
  CheckError(leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id)), ErrorKind::kNotFound,
             "not_found");
  BOOST_TEST(leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(b1.id)).has_value());
  BOOST_TEST(IdsOf(ListAll(vendor_a.principal, campaign)) == (std::vector<uint64_t>{b1.id}),
             boost::test_tools::per_element());
  BOOST_TEST(CreateLead(vendor_a.principal, campaign, LeadBody("now b")).select_values.at("source") == "vendor-b");
  BOOST_TEST(AuditEvents("filter_changed").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_second_edit_in_the_same_millisecond_is_seen_too) {
  for (const char* vendor : {"vendor-b", "vendor-a", "vendor-b", "vendor-a"}) {
    auto patched = filters->Patch(
        admin, core::CampaignId(campaign), core::FilterId(filter_a),
        std::string(R"({"conditions": [{"field": "source", "op": "eq", "value": ")") + vendor + R"("}]})");
    BOOST_REQUIRE(patched.has_value());
    BOOST_TEST(ScopeValues(leads->ScopeFilter(vendor_a.principal)) == (std::vector<std::string>{vendor}),
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(a_filter_survives_a_restart) {
  BOOST_REQUIRE(
      filters->Patch(admin, core::CampaignId(campaign), core::FilterId(filter_a), R"({"name": "Vendor A, renamed"})")
          .has_value());
  Reopen();
  BOOST_TEST(filters->Find(filter_a)->name == "Vendor A, renamed");
  BOOST_TEST(ScopeValues(leads->ScopeFilter(vendor_a.principal)) == (std::vector<std::string>{"vendor-a"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(deleting_a_filter_a_live_token_uses_is_409_filter_in_use) {
  CheckError(filters->Delete(admin, core::CampaignId(campaign), core::FilterId(filter_a)), ErrorKind::kConflict,
             "filter_in_use");
  BOOST_TEST((filters->Find(filter_a) != nullptr));
  BOOST_TEST(leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id)).has_value());
  // Once the token is revoked the filter can go.
  BOOST_REQUIRE(tokens->Revoke(admin, vendor_a.id).has_value());
  auto deleted = filters->Delete(admin, core::CampaignId(campaign), core::FilterId(filter_a));
  BOOST_TEST(deleted.ok(), Describe(deleted));
  BOOST_TEST(!filters->Find(filter_a));
  CheckError(filters->Get(admin, core::CampaignId(campaign), core::FilterId(filter_a)), ErrorKind::kNotFound,
             "not_found");
  BOOST_TEST(filters->List(admin, campaign)->size() == 1u);
  BOOST_TEST(AuditEvents("filter_deleted").size() == 1u);
  // A principal still carrying the gone filter sees nothing rather than everything.
  BOOST_TEST(ListAll(vendor_a.principal, campaign).empty());
  CheckError(leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id)), ErrorKind::kNotFound,
             "not_found");
  CheckError(leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(b1.id)), ErrorKind::kNotFound,
             "not_found");
  // And it stays gone after a restart.
  Reopen();
  BOOST_TEST(!filters->Find(filter_a));
  BOOST_TEST((filters->Find(filter_b) != nullptr));
}

BOOST_AUTO_TEST_CASE(an_unused_filter_is_deleted_at_once) {
  uint64_t spare = NewFilter(campaign, EqFilter("Spare", "region", "north"));
  auto deleted = filters->Delete(admin, core::CampaignId(campaign), core::FilterId(spare));
  BOOST_TEST(deleted.ok(), Describe(deleted));
  BOOST_TEST(!filters->Find(spare));
  CheckError(filters->Delete(admin, core::CampaignId(campaign), core::FilterId(spare)), ErrorKind::kNotFound,
             "not_found");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace filter_service_test
