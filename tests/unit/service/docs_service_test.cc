// DocsService's sources: the key of a page stays the same while nothing it shows changes, and
// changes with every schema change, filter edit and token edit, so cached pages are never stale;
// a revoked token's or rotated link's source is gone at once.

#include "service/docs_service.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/unit/service/service_fixture.h"

namespace docs_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

struct World : ServiceFixture {
  uint64_t campaign = NewCampaign();
  uint64_t filter = NewFilter(campaign, EqFilter("Vendor A", "source", "vendor-a"));
  Minted vendor = Mint("vendor a", "read_write", campaign, filter);
  Minted crm = Mint("crm", "read_write");  // no campaign, no filter: every campaign
  service::DocsService docs{*tokens, *campaigns, *filters,
                            service::DocsSettings{"Acme", "acme", "http://localhost", true, 1 << 20}};

  std::string LinkKey(const std::string& docs_id) const {
    auto source = docs.SourceForDocsLink(docs_id, &admin);
    BOOST_REQUIRE_MESSAGE(source.has_value(), Why(source));
    return source->key;
  }
  std::string AccountKey() const {
    auto source = docs.SourceForAccount("acme", &admin);
    BOOST_REQUIRE_MESSAGE(source.has_value(), Why(source));
    return source->key;
  }
};

bool Shows(const apidocs::DocsRequest& request, const std::string& option) {
  for (const auto& c : request.campaigns) {
    for (const auto& select : c.schema.selects) {
      for (const auto& o : select.options) {
        if (o.slug == option) return true;
      }
    }
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docs_service)

BOOST_AUTO_TEST_CASE(the_key_stays_while_nothing_changes) {
  World w;
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) == w.LinkKey(w.vendor.docs_id));
  BOOST_TEST(w.AccountKey() == w.AccountKey());
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) != w.LinkKey(w.crm.docs_id));
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) != w.AccountKey());
  // Leads change nothing the docs show.
  w.CreateLead(w.vendor.principal, w.campaign, LeadBody("m1", "vendor-a"));
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) == w.LinkKey(w.vendor.docs_id));
}

BOOST_AUTO_TEST_CASE(a_schema_change_changes_every_key_that_shows_the_campaign) {
  World w;
  uint64_t other = w.NewCampaign(kWindCampaign);
  std::string vendor = w.LinkKey(w.vendor.docs_id), crm = w.LinkKey(w.crm.docs_id), account = w.AccountKey();
  auto added = w.campaigns->AddOption(w.admin, w.campaign, "source", R"({"slug": "vendor-c"})");
  BOOST_REQUIRE_MESSAGE(added.has_value(), Why(added));
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) != vendor);
  BOOST_TEST(w.LinkKey(w.crm.docs_id) != crm);
  BOOST_TEST(w.AccountKey() != account);
  auto crm_page = w.docs.ForDocsLink(w.crm.docs_id, &w.admin);
  BOOST_REQUIRE(crm_page.has_value());
  BOOST_TEST(Shows(*crm_page, "vendor-c"));
  // A change to a campaign the vendor does not see leaves its key alone.
  vendor = w.LinkKey(w.vendor.docs_id);
  crm = w.LinkKey(w.crm.docs_id);
  auto field = w.campaigns->AddField(w.admin, other, R"({"slug": "rotor", "type": "number"})");
  BOOST_REQUIRE_MESSAGE(field.has_value(), Why(field));
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) == vendor);
  BOOST_TEST(w.LinkKey(w.crm.docs_id) != crm);
  // A new campaign is a change to every unscoped page.
  crm = w.LinkKey(w.crm.docs_id);
  account = w.AccountKey();
  w.NewCampaign(kWindCampaign);
  BOOST_TEST(w.LinkKey(w.crm.docs_id) != crm);
  BOOST_TEST(w.AccountKey() != account);
}

BOOST_AUTO_TEST_CASE(a_filter_edit_and_a_token_edit_change_the_key) {
  World w;
  std::string before = w.LinkKey(w.vendor.docs_id);
  auto patched = w.filters->Patch(w.admin, core::CampaignId(w.campaign), core::FilterId(w.filter),
                                  EqFilter("Vendor A", "source", "vendor-b"));
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  std::string after_filter = w.LinkKey(w.vendor.docs_id);
  BOOST_TEST(after_filter != before);
  auto page = w.docs.ForDocsLink(w.vendor.docs_id, nullptr);
  BOOST_REQUIRE(page.has_value());
  BOOST_TEST(Shows(*page, "vendor-b"));
  BOOST_TEST(!Shows(*page, "vendor-a"));

  auto renamed = w.tokens->Patch(w.admin, w.vendor.id, R"({"name": "Vendor A renamed"})");
  BOOST_REQUIRE_MESSAGE(renamed.has_value(), Why(renamed));
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) != after_filter);
}

BOOST_AUTO_TEST_CASE(a_rotated_link_and_a_revoked_token_have_no_source) {
  World w;
  auto rotated = w.tokens->RotateDocsLink(w.admin, w.vendor.id);
  BOOST_REQUIRE_MESSAGE(rotated.has_value(), Why(rotated));
  CheckError(w.docs.SourceForDocsLink(w.vendor.docs_id, nullptr), ErrorKind::kNotFound, "not_found");
  BOOST_TEST(!w.LinkKey(rotated->docs_id).empty());
  BOOST_REQUIRE(w.tokens->Revoke(w.admin, w.vendor.id).has_value());
  CheckError(w.docs.SourceForDocsLink(rotated->docs_id, nullptr), ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(the_account_source_needs_an_admin_when_the_setting_says_so) {
  World w;
  CheckError(w.docs.SourceForAccount("acme", nullptr), ErrorKind::kUnauthenticated, "unauthorized");
  CheckError(w.docs.SourceForAccount("acme", &w.crm.principal), ErrorKind::kNotPermitted, "insufficient_permission");
  CheckError(w.docs.SourceForAccount("other", &w.admin), ErrorKind::kNotFound, "not_found");
  BOOST_TEST(w.docs.SourceForAccount("acme", &w.admin).has_value());
}

// A token without a filter sees every vendor's option, so its docs link follows the account docs'
// setting (PRODUCT.md); a filtered token's link stays public, and a revoked one is gone for all.
BOOST_AUTO_TEST_CASE(an_unfiltered_tokens_docs_link_needs_an_admin_when_the_setting_says_so) {
  World w;
  Minted campaign_wide = w.Mint("campaign reader", "read", w.campaign);
  for (const Minted* unfiltered : {&w.crm, &campaign_wide}) {
    BOOST_TEST_CONTEXT(unfiltered->principal.name) {
      CheckError(w.docs.SourceForDocsLink(unfiltered->docs_id, nullptr), ErrorKind::kUnauthenticated, "unauthorized");
      CheckError(w.docs.SourceForDocsLink(unfiltered->docs_id, &unfiltered->principal), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(w.docs.SourceForDocsLink(unfiltered->docs_id, &w.vendor.principal), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      auto page = w.docs.ForDocsLink(unfiltered->docs_id, &w.admin);
      BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
      BOOST_TEST(Shows(*page, "vendor-b"));
    }
  }
  BOOST_TEST(w.docs.SourceForDocsLink(w.vendor.docs_id, nullptr).has_value());
  BOOST_TEST(w.docs.SourceForDocsLink(w.vendor.docs_id, &w.crm.principal).has_value());
  BOOST_REQUIRE(w.tokens->Revoke(w.admin, w.crm.id).has_value());
  CheckError(w.docs.SourceForDocsLink(w.crm.docs_id, &w.admin), ErrorKind::kNotFound, "not_found");

  // With the setting off every docs link is public.
  service::DocsService open{*w.tokens, *w.campaigns, *w.filters,
                            service::DocsSettings{"Acme", "acme", "http://localhost", false, 1 << 20}};
  auto page = open.ForDocsLink(campaign_wide.docs_id, nullptr);
  BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
  BOOST_TEST(Shows(*page, "vendor-b"));
}

// The docs offer deleting and erasing leads to exactly the tokens the API lets do it
// (auth::RequireLeadDelete): admin and account-level read_write tokens, and campaign-scoped
// read_write tokens with can_delete_leads. Granting or withdrawing the flag changes the page.
BOOST_AUTO_TEST_CASE(the_docs_offer_deletion_to_exactly_the_tokens_that_may_delete) {
  World w;
  Minted deleter = w.Mint(R"({"name": "vendor a deleter", "permission": "read_write", "campaign_id": )" +
                          std::to_string(w.campaign) + R"(, "filter_id": )" + std::to_string(w.filter) +
                          R"(, "can_delete_leads": true})");
  Minted reader = w.Mint("vendor a reader", "read", w.campaign, w.filter);
  Minted campaign_writer = w.Mint("importer", "read_write", w.campaign);
  Minted account_reader = w.Mint("bi", "read");
  auto can_delete = [&](const std::string& docs_id) {
    auto page = w.docs.ForDocsLink(docs_id, &w.admin);
    BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
    return page->can_delete;
  };
  BOOST_TEST(!can_delete(w.vendor.docs_id));
  BOOST_TEST(can_delete(deleter.docs_id));
  BOOST_TEST(!can_delete(reader.docs_id));
  BOOST_TEST(!can_delete(campaign_writer.docs_id));
  BOOST_TEST(!can_delete(account_reader.docs_id));
  BOOST_TEST(can_delete(w.crm.docs_id));
  BOOST_TEST(can_delete(w.initial_admin.record.docs_id));
  auto account = w.docs.ForAccount("acme", &w.admin);
  BOOST_REQUIRE_MESSAGE(account.has_value(), Why(account));
  BOOST_TEST(account->can_delete);

  // The flag changes on a live token: its cached page must not outlive it.
  const std::string without = w.LinkKey(w.vendor.docs_id);
  auto granted = w.tokens->Patch(w.admin, w.vendor.id, R"({"can_delete_leads": true})");
  BOOST_REQUIRE_MESSAGE(granted.has_value(), Why(granted));
  const std::string with = w.LinkKey(w.vendor.docs_id);
  BOOST_TEST(with != without);
  BOOST_TEST(can_delete(w.vendor.docs_id));
  auto withdrawn = w.tokens->Patch(w.admin, w.vendor.id, R"({"can_delete_leads": false})");
  BOOST_REQUIRE_MESSAGE(withdrawn.has_value(), Why(withdrawn));
  BOOST_TEST(w.LinkKey(w.vendor.docs_id) != with);
  BOOST_TEST(!can_delete(w.vendor.docs_id));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace docs_service_test
