#include "store/integrity_check.h"

#include <boost/test/unit_test.hpp>

#include "core/lead_json.h"
#include "store/campaign_repo.h"
#include "store/db.h"
#include "store/key_codec.h"
#include "store/lead_repo.h"
#include "store/write_unit.h"
#include "tests/support/temp_dir.h"

namespace integrity_check_test {

namespace {

using lg::core::Campaign;
using lg::core::Lead;
namespace keys = lg::store::keys;
using lg::core::CampaignId;
using lg::core::LeadId;

Campaign MakeCampaign() {
  Campaign c;
  c.id = 1;
  c.name = "Crash";
  c.fields.push_back({.slug = "name", .label = "Name"});
  c.selects.push_back(
      {.slug = "source", .label = "Source", .options = {{.slug = "a", .label = "A"}, {.slug = "b", .label = "B"}}});
  c.statuses.push_back({.slug = "new", .label = "New", .is_default = true});
  c.statuses.push_back({.slug = "won", .label = "Won", .type = lg::core::StatusType::kWon});
  c.AssignInternalIds();
  return c;
}

Lead MakeLead(uint64_t id, const std::string& source, const std::string& status = "new") {
  Lead lead;
  lead.id = id;
  lead.campaign_id = 1;
  lead.status = status;
  lead.field_values["name"] = "\"lead " + std::to_string(id) + "\"";
  lead.select_values["source"] = source;
  lead.created_at = 1700000000000 + static_cast<int64_t>(id);
  lead.updated_at = lead.created_at;
  return lead;
}

// A store with one campaign and five consistent leads (created one by one, in a batch, and
// one updated so its index entries were diffed).
struct Fixture {
  lg::test::TempDir dir;
  std::unique_ptr<lg::store::Db> db;
  Campaign campaign = MakeCampaign();

  Fixture() {
    auto opened = lg::store::Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(opened.has_value());
    db = std::move(opened).value();
    BOOST_REQUIRE(lg::store::CampaignRepo(*db).Put(campaign).ok());
    lg::store::LeadRepo leads(*db);
    for (uint64_t id = 1; id <= 3; ++id) {
      Lead lead = MakeLead(id, id % 2 ? "a" : "b");
      BOOST_REQUIRE(leads.Put(campaign, lead, lg::core::EncodeLead(lead), nullptr).ok());
    }
    std::vector<std::pair<Lead, std::string>> batch;
    for (uint64_t id = 4; id <= 5; ++id) {
      Lead lead = MakeLead(id, "a");
      batch.emplace_back(lead, lg::core::EncodeLead(lead));
    }
    BOOST_REQUIRE(leads.PutNew(campaign, batch).ok());
    Lead before = MakeLead(2, "b");
    Lead after = MakeLead(2, "a", "won");
    after.updated_at += 1000;
    BOOST_REQUIRE(leads.Put(campaign, after, lg::core::EncodeLead(after), &before).ok());
  }

  void Write(lg::store::Cf cf, const std::string& key, const std::string& value) {
    lg::store::WriteUnit unit(*db);
    unit.Put(cf, key, value);
    BOOST_REQUIRE(db->Commit(unit).ok());
  }
  void Erase(lg::store::Cf cf, const std::string& key) {
    lg::store::WriteUnit unit(*db);
    unit.Delete(cf, key);
    BOOST_REQUIRE(db->Commit(unit).ok());
  }
  const lg::core::Select& source() const { return campaign.selects[0]; }
  uint32_t status_id(int i) const { return campaign.statuses[i].id; }
};

bool Mentions(const lg::store::IntegrityReport& report, const std::string& text) {
  for (const auto& p : report.problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(integrity_check)

BOOST_AUTO_TEST_CASE(consistent_store_is_clean) {
  Fixture f;
  auto report = lg::store::CheckIntegrity(*f.db);
  BOOST_TEST(report.ok(), report.Describe());
  BOOST_TEST(report.campaigns == 1u);
  BOOST_TEST(report.leads == 5u);
  BOOST_TEST(report.index_entries == 20u);  // select, status, updated and option-updated per lead
  BOOST_TEST(report.problems.empty());
}

BOOST_AUTO_TEST_CASE(dangling_index_entry_is_reported) {
  Fixture f;
  f.Write(lg::store::Cf::kIndex, keys::SelectIndex(CampaignId(1), f.source().id, f.source().options[0].id, LeadId(99)),
          "");
  auto report = lg::store::CheckIntegrity(*f.db);
  BOOST_TEST(!report.ok());
  BOOST_TEST(report.dangling_index == 1u);
  BOOST_TEST(report.problem_count() == 1u);
  BOOST_TEST(Mentions(report, "lead 99) points at a missing lead record"), report.Describe());
}

BOOST_AUTO_TEST_CASE(stale_index_entry_is_reported) {
  Fixture f;
  // Lead 2 moved from b to a and from new to won; entries for its old values are stale.
  f.Write(lg::store::Cf::kIndex, keys::SelectIndex(CampaignId(1), f.source().id, f.source().options[1].id, LeadId(2)),
          "");
  f.Write(lg::store::Cf::kIndex, keys::StatusIndex(CampaignId(1), f.status_id(0), LeadId(2)), "");
  auto report = lg::store::CheckIntegrity(*f.db);
  BOOST_TEST(report.stale_index == 2u, report.Describe());
  BOOST_TEST(report.problem_count() == 2u);
}

BOOST_AUTO_TEST_CASE(missing_index_entry_is_reported) {
  Fixture f;
  f.Erase(lg::store::Cf::kIndex, keys::StatusIndex(CampaignId(1), f.status_id(1), LeadId(2)));
  auto report = lg::store::CheckIntegrity(*f.db);
  BOOST_TEST(report.missing_index == 1u, report.Describe());
  BOOST_TEST(report.problem_count() == 1u);
  BOOST_TEST(Mentions(report, "lead 2 has no status index"));
}

BOOST_AUTO_TEST_CASE(missing_option_updated_index_entry_is_reported) {
  Fixture f;
  // Lead 2 is at option a, updated 1000 ms after it was created.
  f.Erase(lg::store::Cf::kIndex, keys::OptionUpdatedIndex(CampaignId(1), f.source().id, f.source().options[0].id,
                                                          1700000000002 + 1000, LeadId(2)));
  auto report = lg::store::CheckIntegrity(*f.db);
  BOOST_TEST(report.missing_index == 1u, report.Describe());
  BOOST_TEST(report.problem_count() == 1u);
  BOOST_TEST(Mentions(report, "lead 2 has no option updated index"), report.Describe());
}

BOOST_AUTO_TEST_CASE(bad_records_are_reported) {
  Fixture f;
  f.Write(lg::store::Cf::kLeads, keys::Lead(CampaignId(1), LeadId(3)), keys::VersionedValue("{not json"));
  f.Write(lg::store::Cf::kLeads, keys::Lead(CampaignId(7), LeadId(1)),
          keys::VersionedValue(lg::core::EncodeLead(MakeLead(1, "a"))));
  f.Write(lg::store::Cf::kIndex, std::string(1, '\x09') + "junk", "");
  auto report = lg::store::CheckIntegrity(*f.db, 2);
  BOOST_TEST(report.bad_leads == 1u, report.Describe());
  BOOST_TEST(report.orphan_leads == 1u);
  BOOST_TEST(report.malformed_index == 1u);
  BOOST_TEST(report.problems.size() == 2u);  // capped at max_problems
  BOOST_TEST(report.Describe().find("and 1 more") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace integrity_check_test
