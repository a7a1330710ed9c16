// A campaign's retention_days: leads older than it are erased as a deletion erases them (the
// tombstone stays in the sync feed), newer ones and other campaigns' stay, passes are bounded,
// and tombstones themselves go after their own retention. Time is passed to RunOnce, so "two days
// later" costs nothing.

#include <boost/test/unit_test.hpp>
#include <optional>
#include <thread>

#include "core/campaign_json.h"
#include "store/integrity_check.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::retention_test {
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
  BOOST_TEST(leads->Get(admin, core::CampaignId(other), core::LeadId(elsewhere.id)).has_value());
  auto tombstones = TombstoneIds(campaign);
  std::sort(tombstones.begin(), tombstones.end());
  BOOST_TEST(tombstones == (std::vector<uint64_t>{old1.id, old2.id}), boost::test_tools::per_element());
  BOOST_TEST(!AuditEvents("leads_erased").empty());
  CheckStoreConsistent();
}

BOOST_AUTO_TEST_CASE(half_a_day_erases_what_is_older_than_twelve_hours_and_due_says_so_first) {
  core::Lead lead = CreateLead(admin, campaign, LeadBody("HALF", "vendor-a"));
  SetRetention(campaign, "0.5");
  const int64_t half_day = kDay / 2;
  auto due = services->retention.Due(lead.created_at + half_day - 60000);
  BOOST_REQUIRE(due.has_value());
  BOOST_TEST(!*due);
  BOOST_TEST(Run(lead.created_at + half_day - 60000).leads_erased == 0u);
  due = services->retention.Due(lead.created_at + half_day + 1000);
  BOOST_REQUIRE(due.has_value());
  BOOST_TEST(*due);
  BOOST_TEST(Run(lead.created_at + half_day + 1000).leads_erased == 1u);
  // The tombstone is due only once its own retention (30 days) has passed.
  due = services->retention.Due(lead.created_at + half_day + 2000);
  BOOST_REQUIRE(due.has_value());
  BOOST_TEST(!*due);
  due = services->retention.Due(core::NowMillis() + 31 * kDay);
  BOOST_REQUIRE(due.has_value());
  BOOST_TEST(*due);
}

BOOST_AUTO_TEST_CASE(paced_deletions_are_spread_over_time) {
  for (int i = 0; i < 11; ++i) CreateLead(admin, campaign, LeadBody("P" + std::to_string(i), "vendor-a"));
  SetRetention(campaign, "1");
  service::RetentionSettings paced;
  paced.leads_per_second = 100;  // a deletion every 10 ms
  const auto start = std::chrono::steady_clock::now();
  auto pass = services->retention.RunOnce(core::NowMillis() + 2 * kDay, paced);
  BOOST_REQUIRE_MESSAGE(pass.has_value(), Why(pass));
  BOOST_TEST(pass->leads_erased == 11u);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  BOOST_TEST(took.count() >= 100);
  BOOST_TEST(CountLeads(campaign) == 0u);
}

BOOST_AUTO_TEST_CASE(unsetting_the_retention_stops_a_pass_under_way) {
  for (int i = 0; i < 40; ++i) CreateLead(admin, campaign, LeadBody("U" + std::to_string(i), "vendor-a"));
  SetRetention(campaign, "1");
  service::RetentionSettings paced;
  paced.leads_per_second = 20;  // the whole pass would take two seconds
  std::optional<core::Result<service::Retention::Pass>> pass;
  std::thread running([&] { pass = services->retention.RunOnce(core::NowMillis() + 2 * kDay, paced); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  SetRetention(campaign, "null");
  running.join();
  BOOST_REQUIRE(pass && pass->has_value());
  BOOST_TEST((*pass)->leads_erased < 40u);
  BOOST_TEST(CountLeads(campaign) == 40u - (*pass)->leads_erased);
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
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(lead.id)).ok());
  BOOST_TEST(TombstoneIds(campaign) == std::vector<uint64_t>{lead.id});

  auto soon = Run(core::NowMillis() + 29 * kDay);  // the default keeps them 30 days
  BOOST_TEST(soon.tombstones_dropped == 0u);
  BOOST_TEST(TombstoneIds(campaign).size() == 1u);
  auto later = Run(core::NowMillis() + 31 * kDay);
  BOOST_TEST(later.tombstones_dropped == 1u);
  BOOST_TEST(TombstoneIds(campaign).empty());
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(kept.id)).has_value());
  CheckStoreConsistent();
  // A new lead still gets an id above the dropped tombstone's.
  Reopen();
  BOOST_TEST(CreateLead(admin, campaign, LeadBody("NEW", "vendor-a")).id > lead.id);
}

BOOST_AUTO_TEST_CASE(retention_days_is_validated_shown_and_can_be_unset) {
  for (const char* bad : {"0", "-3", "0.00009", "\"30\"", "36501", "true"}) {
    auto patched = campaigns->Patch(admin, campaign, std::string(R"({"retention_days": )") + bad + "}");
    BOOST_TEST_CONTEXT(bad) { CheckError(patched, core::ErrorKind::kInvalid, "validation_failed"); }
  }
  SetRetention(campaign, "365");
  auto shown = campaigns->Get(admin, campaign);
  BOOST_REQUIRE(shown.has_value());
  BOOST_TEST((*shown)->retention_days.value_or(0) == 365);
  Reopen();
  shown = campaigns->Get(admin, campaign);
  BOOST_REQUIRE(shown.has_value());
  BOOST_TEST((*shown)->retention_days.value_or(0) == 365);
  // Whole days are integers on the wire; a fraction of a day stays one.
  BOOST_TEST(core::EncodeCampaign(**shown, core::CampaignForm::kApi).find(R"("retention_days":365,)") !=
             std::string::npos);
  SetRetention(campaign, "0.5");
  shown = campaigns->Get(admin, campaign);
  BOOST_REQUIRE(shown.has_value());
  BOOST_TEST(core::EncodeCampaign(**shown, core::CampaignForm::kApi).find(R"("retention_days":0.5,)") !=
             std::string::npos);
  SetRetention(campaign, "null");
  core::Lead lead = CreateLead(admin, campaign, LeadBody("FOREVER", "vendor-a"));
  BOOST_TEST(Run(core::NowMillis() + 400 * kDay).leads_erased == 0u);
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(lead.id)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lg::service_test::retention_test
