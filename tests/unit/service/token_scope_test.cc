// A token's scope (service/token_scope.h), compiled once per request: admission attaches it to the
// principal (LeadService::AttachScope) and the request's calls read it there. One cache keeps the
// compiled filter and the schema its tokens see, per filter and schema version (FilterService);
// an attached scope is its request's, so an edit applies from the next request on, and a schema
// changed after admission is cut anew for the request.

#include "service/token_scope.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/service/service_fixture.h"

namespace token_scope_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

// The option slugs of `select` in `schema`.
std::vector<std::string> OptionsOf(const core::Campaign& schema, const std::string& select) {
  const core::Select* found = schema.FindSelect(select);
  BOOST_REQUIRE(found != nullptr);
  std::vector<std::string> out;
  for (const auto& option : found->options) out.push_back(option.slug);
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(token_scope, VendorFixture)

BOOST_AUTO_TEST_CASE(admission_attaches_the_compiled_scope_of_a_filtered_token_only) {
  auth::Principal vendor = vendor_a.principal;
  leads->AttachScope(vendor);
  BOOST_REQUIRE(vendor.scope);
  // The filter its calls use is the attached one, the one FilterService keeps.
  BOOST_TEST(leads->ScopeFilter(vendor) == filters->Compiled(filter_a));
  BOOST_TEST(leads->ScopeFilter(vendor) == leads->ScopeFilter(vendor_a.principal));

  auth::Principal account = admin;
  leads->AttachScope(account);
  BOOST_TEST(!account.scope);
  BOOST_TEST(!leads->ScopeFilter(account));
}

BOOST_AUTO_TEST_CASE(the_schema_a_vendor_sees_is_cut_once_per_version_in_one_cache) {
  auth::Principal vendor = vendor_a.principal;
  leads->AttachScope(vendor);
  service::CampaignPtr current = campaigns->Find(campaign);
  service::CampaignPtr seen = leads->VisibleSchema(vendor, current);
  BOOST_TEST(OptionsOf(*seen, "source") == (std::vector<std::string>{"vendor-a"}), boost::test_tools::per_element());
  BOOST_TEST(OptionsOf(*seen, "region") == (std::vector<std::string>{"north", "south"}),
             boost::test_tools::per_element());
  // The same cut again, attached or not: the filter's scope keeps it.
  BOOST_TEST(leads->VisibleSchema(vendor, current) == seen);
  BOOST_TEST(leads->VisibleSchema(vendor_a.principal, current) == seen);
  BOOST_TEST(filters->Scope(filter_a)->schema == seen);
  // A token without a filter sees the schema itself, not a copy.
  BOOST_TEST(leads->VisibleSchema(admin, current) == current);
}

BOOST_AUTO_TEST_CASE(an_attached_scope_is_its_requests_and_an_edit_applies_from_the_next_request) {
  auth::Principal before = vendor_a.principal;
  leads->AttachScope(before);
  auto patched = filters->Patch(admin, core::CampaignId(campaign), core::FilterId(filter_a),
                                R"({"conditions": [{"field": "source", "op": "eq", "value": "vendor-b"}]})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  // The request admitted before the edit keeps its scope to the end.
  BOOST_TEST(leads->Get(before, core::CampaignId(campaign), core::LeadId(a1.id)).has_value());
  CheckError(leads->Get(before, core::CampaignId(campaign), core::LeadId(b1.id)), ErrorKind::kNotFound, "not_found");
  // The next request is admitted with the edited one.
  auth::Principal after = vendor_a.principal;
  leads->AttachScope(after);
  BOOST_TEST(leads->Get(after, core::CampaignId(campaign), core::LeadId(b1.id)).has_value());
  CheckError(leads->Get(after, core::CampaignId(campaign), core::LeadId(a1.id)), ErrorKind::kNotFound, "not_found");
  BOOST_TEST(OptionsOf(*leads->VisibleSchema(after, campaigns->Find(campaign)), "source") ==
                 (std::vector<std::string>{"vendor-b"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_schema_changed_after_admission_is_cut_anew_and_the_next_request_gets_it_cached) {
  auth::Principal before = vendor_a.principal;
  leads->AttachScope(before);
  auto changed = campaigns->AddField(admin, campaign, R"({"slug": "city", "type": "text"})");
  BOOST_REQUIRE_MESSAGE(changed.has_value(), Why(changed));
  service::CampaignPtr current = campaigns->Find(campaign);
  service::CampaignPtr seen = leads->VisibleSchema(before, current);
  BOOST_TEST(seen->FindField("city") != nullptr);
  BOOST_TEST(OptionsOf(*seen, "source") == (std::vector<std::string>{"vendor-a"}), boost::test_tools::per_element());
  auth::Principal after = vendor_a.principal;
  leads->AttachScope(after);
  BOOST_TEST(leads->VisibleSchema(after, current) == leads->VisibleSchema(after, current));
  BOOST_TEST(leads->VisibleSchema(after, current)->FindField("city") != nullptr);
  // And a lead naming the new field is taken from the request admitted after the change.
  BOOST_TEST(Create(after, campaign, R"({"field_values": {"marker": "m", "city": "Aarhus"}})").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace token_scope_test
