// Index kinds a store written before them lacks are built at open, once; until then `leadgate
// check` reports each missing entry: the option-updated index ([0x07]), and the duplicate-rule
// index by rule key ([0x08]), which replaces the per-value one ([0x04]).

#include "store/index_backfill.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/lead_json.h"
#include "store/campaign_repo.h"
#include "store/db.h"
#include "store/integrity_check.h"
#include "store/key_codec.h"
#include "store/lead_repo.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace index_backfill_test {

namespace {

using lg::core::Campaign;
using lg::core::Lead;
using lg::store::Cf;
namespace keys = lg::store::keys;
using lg::core::CampaignId;
using lg::core::LeadId;

Campaign MakeCampaign() {
  Campaign c;
  c.id = 1;
  c.name = "Backfill";
  c.fields.push_back({.slug = "name", .label = "Name"});
  c.selects.push_back(
      {.slug = "source", .label = "Source", .options = {{.slug = "a", .label = "A"}, {.slug = "b", .label = "B"}}});
  c.selects.push_back({.slug = "region", .label = "Region", .options = {{.slug = "north", .label = "North"}}});
  c.statuses.push_back({.slug = "new", .label = "New", .is_default = true});
  c.AssignInternalIds();
  return c;
}

Lead MakeLead(uint64_t id, const std::string& source) {
  Lead lead;
  lead.id = id;
  lead.campaign_id = 1;
  lead.status = "new";
  lead.field_values["name"] = "\"lead " + std::to_string(id) + "\"";
  lead.select_values["source"] = source;
  if (id % 3 == 0) lead.select_values["region"] = "north";
  lead.created_at = 1800000000000 + static_cast<int64_t>(id);
  lead.updated_at = lead.created_at + 5;
  return lead;
}

std::vector<std::string> KeysOfKind(const lg::store::Db& db, keys::IndexKind kind) {
  std::vector<std::string> out;
  const lg::store::KeyRange range = keys::PrefixRange(keys::IndexKindPrefix(kind));
  lg::test::Must(db.Scan(Cf::kIndex, range, [&](std::string_view key, std::string_view) {
    out.emplace_back(key);
    return true;
  }));
  return out;
}

std::vector<std::string> OptionUpdatedKeys(const lg::store::Db& db) {
  return KeysOfKind(db, keys::IndexKind::kOptionUpdated);
}

std::unique_ptr<lg::store::Db> Open(const std::string& path) {
  auto opened = lg::store::Db::Open(path);
  BOOST_REQUIRE(opened.has_value());
  return std::move(opened).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_backfill)

BOOST_AUTO_TEST_CASE(a_store_without_the_index_gets_it_at_open_once_and_check_reports_it_missing_before) {
  lg::test::TempDir dir;
  const Campaign campaign = MakeCampaign();
  std::vector<std::string> expected;
  {
    auto db = Open(dir.Sub("db"));
    BOOST_REQUIRE(lg::store::CampaignRepo(*db).Put(campaign).ok());
    lg::store::LeadRepo leads(*db);
    std::vector<std::pair<Lead, std::string>> batch;
    for (uint64_t id = 1; id <= 30; ++id) {
      Lead lead = MakeLead(id, id % 2 ? "a" : "b");
      batch.emplace_back(lead, lg::core::EncodeLead(lead));
      for (const auto& key : lg::store::LeadRepo::IndexKeysFor(campaign, lead)) {
        if (keys::IndexKindOf(key) == keys::IndexKind::kOptionUpdated) expected.push_back(key);
      }
    }
    BOOST_REQUIRE(leads.PutNew(campaign, batch).ok());
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(expected.size() == 40u);  // a source for each, a region for every third
    BOOST_TEST(OptionUpdatedKeys(*db) == expected, boost::test_tools::per_element());
    BOOST_TEST(lg::store::CheckIntegrity(*db).ok());

    // Now as a store written before the index: no entries, no marker.
    lg::store::WriteUnit unit(*db);
    for (const auto& key : expected) unit.Delete(Cf::kIndex, key);
    unit.Delete(Cf::kMeta, keys::Marker(lg::store::kOptionUpdatedBackfillMarker));
    BOOST_REQUIRE(db->Commit(unit).ok());
    auto report = lg::store::CheckIntegrity(*db);
    BOOST_TEST(report.missing_index == expected.size(), report.Describe());
    BOOST_REQUIRE(!report.problems.empty());
    BOOST_TEST(report.problems.front().find("option updated index") != std::string::npos, report.Describe());
  }
  {
    auto db = Open(dir.Sub("db"));  // the backfill runs here
    BOOST_TEST(OptionUpdatedKeys(*db) == expected, boost::test_tools::per_element());
    auto report = lg::store::CheckIntegrity(*db);
    BOOST_TEST(report.ok(), report.Describe());
    BOOST_TEST(lg::test::Must(db->Get(Cf::kMeta, keys::Marker(lg::store::kOptionUpdatedBackfillMarker))).has_value());
    // Once: with the marker there it writes nothing, even if entries went missing since.
    BOOST_TEST(lg::test::Must(lg::store::BackfillOptionUpdatedIndex(*db)) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(a_stale_option_updated_entry_is_reported) {
  lg::test::TempDir dir;
  const Campaign campaign = MakeCampaign();
  auto db = Open(dir.Sub("db"));
  BOOST_REQUIRE(lg::store::CampaignRepo(*db).Put(campaign).ok());
  lg::store::LeadRepo leads(*db);
  Lead lead = MakeLead(7, "a");
  BOOST_REQUIRE(leads.Put(campaign, lead, lg::core::EncodeLead(lead), nullptr).ok());
  // An update moves the entry: the old one goes.
  Lead moved = lead;
  moved.select_values["source"] = "b";
  moved.updated_at += 1000;
  BOOST_REQUIRE(leads.Put(campaign, moved, lg::core::EncodeLead(moved), &lead).ok());
  auto source = campaign.FindSelect("source");
  std::string old_key =
      keys::OptionUpdatedIndex(CampaignId(1), source->id, source->FindOption("a")->id, lead.updated_at, LeadId(7));
  std::string new_key =
      keys::OptionUpdatedIndex(CampaignId(1), source->id, source->FindOption("b")->id, moved.updated_at, LeadId(7));
  BOOST_TEST(OptionUpdatedKeys(*db) == std::vector<std::string>{new_key}, boost::test_tools::per_element());
  BOOST_TEST(lg::store::CheckIntegrity(*db).ok());
  // The old entry back is stale.
  lg::store::WriteUnit unit(*db);
  unit.Put(Cf::kIndex, old_key, {});
  BOOST_REQUIRE(db->Commit(unit).ok());
  auto report = lg::store::CheckIntegrity(*db);
  BOOST_TEST(report.stale_index == 1u, report.Describe());
}

BOOST_AUTO_TEST_CASE(a_store_with_the_per_value_duplicate_index_gets_the_rule_key_index_at_open_once) {
  lg::test::TempDir dir;
  Campaign campaign = MakeCampaign();
  campaign.fields.push_back({.slug = "email", .label = "E-mail", .type = lg::core::FieldType::kEmail});
  campaign.statuses.push_back({.slug = "won", .label = "Won"});
  campaign.duplicate_rules = {{"mail", true, {"email"}, 3600, {}, lg::core::DuplicateAction::kFlag},
                              {"pair", false, {"email", "source"}, 60, {"new"}, lg::core::DuplicateAction::kReject}};
  campaign.AssignInternalIds();
  std::vector<std::string> expected;
  {
    auto db = Open(dir.Sub("db"));
    BOOST_REQUIRE(lg::store::CampaignRepo(*db).Put(campaign).ok());
    std::vector<std::pair<Lead, std::string>> batch;
    for (uint64_t id = 1; id <= 20; ++id) {
      Lead lead = MakeLead(id, id % 2 ? "a" : "b");
      lead.field_values["email"] = "\"p" + std::to_string(id % 5) + "@x.dk\"";
      if (id % 4 == 0) lead.status = "won";
      batch.emplace_back(lead, lg::core::EncodeLead(lead));
      for (const auto& key : lg::store::LeadRepo::IndexKeysFor(campaign, lead)) {
        if (keys::IndexKindOf(key) == keys::IndexKind::kDuplicate) expected.push_back(key);
      }
    }
    BOOST_REQUIRE(lg::store::LeadRepo(*db).PutNew(campaign, batch).ok());
    std::sort(expected.begin(), expected.end());
    // One `mail` entry each; `pair` (ignoring "new") one per member for the 5 leads "won".
    BOOST_TEST(expected.size() == 30u);
    BOOST_TEST(KeysOfKind(*db, keys::IndexKind::kDuplicate) == expected, boost::test_tools::per_element());

    // Now as a store written before: per-value entries, none by rule key, no marker.
    lg::store::WriteUnit unit(*db);
    for (const auto& key : expected) unit.Delete(Cf::kIndex, key);
    for (uint64_t id = 1; id <= 20; ++id) {
      unit.Put(Cf::kIndex, keys::LegacyDuplicateIndex(CampaignId(1), 0xfeed0000 + id % 5, LeadId(id)), {});
    }
    unit.Delete(Cf::kMeta, keys::Marker(lg::store::kDuplicateBackfillMarker));
    BOOST_REQUIRE(db->Commit(unit).ok());
    auto report = lg::store::CheckIntegrity(*db);
    BOOST_TEST(report.missing_index == expected.size(), report.Describe());
    BOOST_TEST(report.malformed_index == 20u, report.Describe());
  }
  {
    auto db = Open(dir.Sub("db"));  // the upgrade runs here
    BOOST_TEST(KeysOfKind(*db, keys::IndexKind::kDuplicateLegacy).empty());
    BOOST_TEST(KeysOfKind(*db, keys::IndexKind::kDuplicate) == expected, boost::test_tools::per_element());
    auto report = lg::store::CheckIntegrity(*db);
    BOOST_TEST(report.ok(), report.Describe());
    BOOST_TEST(lg::test::Must(lg::store::BackfillDuplicateIndex(*db)) == 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace index_backfill_test
