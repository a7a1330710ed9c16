// A campaign's retention_days: leads older than it are erased as a deletion erases them (the
// tombstone stays in the sync feed), newer ones and other campaigns' stay, passes are bounded,
// and tombstones themselves go after their own retention. Time is passed to RunOnce, so "two days
// later" costs nothing.

#include <boost/test/unit_test.hpp>

#include "store/integrity_check.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test {
namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

struct RetentionFixture : ServiceFixture {
  RetentionFixture() { campaign = NewCampaign(); }

  void SetRetention(uint64_t id, const std::string& days) {
    auto patched = campaigns->Patch(admin, id, R"({"retention_days": )" + days + "}");
    BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  }

  service::Retention::Pass Run(int64_t now) {
    auto pass = services->retention.RunOnce(now);
    BOOST_REQUIRE_MESSAGE(pass.has_value(), Why(pass));
    return *pass;
  }

  // The ids in the campaign's sync feed that are tombstones.
  std::vector<uint64_t> TombstoneIds(uint64_t id) {
    WaitForClockPast(core::NowMillis());
    auto page = leads->List(admin, id, {{"sort", "updated_at"}, {"limit", "500"}});
    BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
    std::vector<uint64_t> ids;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse("[" + page->leads_json + "]").get(doc) == simdjson::SUCCESS);
    for (simdjson::dom::element item : doc.get_array()) {
      bool deleted = false;
      if (item["deleted"].get(deleted) == simdjson::SUCCESS && deleted) ids.push_back(uint64_t(item["id"]));
    }
    return ids;
  }

  void CheckStoreConsistent() {
    auto report = store::CheckIntegrity(*db);
    BOOST_TEST(report.ok(), report.Describe());
  }

  uint64_t campaign = 0;
};

BOOST_FIXTURE_TEST_SUITE(retention, RetentionFixture)

BOOST_AUTO_TEST_CASE(leads_past_the_campaigns_retention_are_erased_and_newer_ones_kept) {
  uint64_t other = NewCampaign(kWindCampaign);  // no retention: keeps everything
  core::Lead old1 = CreateLead(admin, campaign, LeadBody("OLD1", "vendor-a"));
  core::Lead old2 = CreateLead(admin, campaign, LeadBody("OLD2", "vendor-b"));
  core::Lead elsewhere = CreateLead(admin, other, LeadBody("ELSEWHERE"));
  SetRetention(campaign, "1");

  // Not yet a day old: nothing goes.
  auto early = Run(old2.created_at + kDay - 60000);
  BOOST_TEST(early.leads_erased == 0u);
  BOOST_TEST(CountLeads(campaign) == 2u);

  auto pass = Run(old2.created_at + kDay + 1000);
  BOOST_TEST(pass.leads_erased == 2u);
  BOOST_TEST(!pass.more);
  BOOST_TEST(CountLeads(campaign) == 0u);
  BOOST_TEST(CountLeads(other) == 1u);
  BOOST_TEST(leads->Get(admin, other, elsewhere.id).has_value());
  auto tombstones = TombstoneIds(campaign);
  std::sort(tombstones.begin(), tombstones.end());
  BOOST_TEST(tombstones == (std::vector<uint64_t>{old1.id, old2.id}), boost::test_tools::per_element());
  BOOST_TEST(!AuditEvents("leads_erased").empty());
  CheckStoreConsistent();
}

BOOST_AUTO_TEST_CASE(a_pass_erases_at_most_a_batch_and_says_more_is_due) {
  for (int i = 0; i < 1200; ++i) CreateLead(admin, campaign, LeadBody("L" + std::to_string(i), "vendor-a"));
  SetRetention(campaign, "1");
  const int64_t later = core::NowMillis() + 2 * kDay;
  auto first = Run(later);
  BOOST_TEST(first.leads_erased == 500u);  // RetentionSettings::batch
  BOOST_TEST(first.more);
  BOOST_TEST(CountLeads(campaign) == 700u);
  Run(later);
  auto last = Run(later);
  BOOST_TEST(last.leads_erased == 200u);
  BOOST_TEST(!last.more);
  BOOST_TEST(CountLeads(campaign) == 0u);
  CheckStoreConsistent();
}

BOOST_AUTO_TEST_CASE(tombstones_leave_the_feed_after_their_own_retention) {
  core::Lead lead = CreateLead(admin, campaign, LeadBody("GONE", "vendor-a"));
  core::Lead kept = CreateLead(admin, campaign, LeadBody("KEPT", "vendor-a"));
  BOOST_REQUIRE(leads->Delete(admin, campaign, lead.id).ok());
  BOOST_TEST(TombstoneIds(campaign) == std::vector<uint64_t>{lead.id});

  auto soon = Run(core::NowMillis() + 29 * kDay);  // the default keeps them 30 days
  BOOST_TEST(soon.tombstones_dropped == 0u);
  BOOST_TEST(TombstoneIds(campaign).size() == 1u);
  auto later = Run(core::NowMillis() + 31 * kDay);
  BOOST_TEST(later.tombstones_dropped == 1u);
  BOOST_TEST(TombstoneIds(campaign).empty());
  BOOST_TEST(leads->Get(admin, campaign, kept.id).has_value());
  CheckStoreConsistent();
  // A new lead still gets an id above the dropped tombstone's.
  Reopen();
  BOOST_TEST(CreateLead(admin, campaign, LeadBody("NEW", "vendor-a")).id > lead.id);
}

BOOST_AUTO_TEST_CASE(retention_days_is_validated_shown_and_can_be_unset) {
  for (const char* bad : {"0", "-3", "1.5", "\"30\"", "36501"}) {
    auto patched = campaigns->Patch(admin, campaign, std::string(R"({"retention_days": )") + bad + "}");
    BOOST_TEST_CONTEXT(bad) { CheckError(patched, core::ErrorKind::kUnprocessable, "validation_failed"); }
  }
  SetRetention(campaign, "365");
  auto shown = campaigns->Get(admin, campaign);
  BOOST_REQUIRE(shown.has_value());
  BOOST_TEST((*shown)->retention_days.value_or(0) == 365);
  Reopen();
  shown = campaigns->Get(admin, campaign);
  BOOST_REQUIRE(shown.has_value());
  BOOST_TEST((*shown)->retention_days.value_or(0) == 365);
  SetRetention(campaign, "null");
  core::Lead lead = CreateLead(admin, campaign, LeadBody("FOREVER", "vendor-a"));
  BOOST_TEST(Run(core::NowMillis() + 400 * kDay).leads_erased == 0u);
  BOOST_TEST(leads->Get(admin, campaign, lead.id).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lg::service_test
