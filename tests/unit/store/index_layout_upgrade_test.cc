// A store written with the legacy ascending option/status entries is brought to the current
// descending layout when it is opened: every entry keeps its meaning, lists read them newest
// first, nothing of the old form stays behind, and a second run has nothing to do.

#include "store/index_layout_upgrade.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"
#include "tests/support/index_entries.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace index_layout_upgrade_test {

namespace {

using lg::store::Cf;
using lg::store::Db;
using lg::store::WriteUnit;
namespace keys = lg::store::keys;
using lg::core::CampaignId;
using lg::core::LeadId;

size_t CountLegacy(const Db& db) {
  size_t n = 0;
  const lg::store::KeyRange legacy = keys::LegacyIndexRange();
  lg::test::Must(db.Scan(Cf::kIndex, legacy, [&](auto, auto) {
    ++n;
    return true;
  }));
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_layout_upgrade)

BOOST_AUTO_TEST_CASE(opening_a_legacy_store_rewrites_every_entry_in_batches) {
  lg::test::TempDir dir;
  constexpr uint64_t kLeads = 12000;  // two entries each: more than one batch
  {
    auto db = Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(db.has_value());
    WriteUnit unit(**db);
    for (uint64_t id = 1; id <= kLeads; ++id) {
      unit.Put(Cf::kIndex, keys::LegacySelectIndex(CampaignId(1), 1, id % 2 ? 1 : 2, LeadId(id)), {});
      unit.Put(Cf::kIndex, keys::LegacyStatusIndex(CampaignId(1), 1, LeadId(id)), {});
    }
    unit.Put(Cf::kIndex, keys::LegacySelectIndex(CampaignId(1), 1, 1, LeadId(5)).substr(0, 12),
             {});  // malformed: left for `check`
    BOOST_REQUIRE((*db)->Commit(unit).ok());
  }
  auto db = Db::Open(dir.Sub("db"));  // upgrades
  BOOST_REQUIRE(db.has_value());
  BOOST_TEST(CountLegacy(**db) == 1u);  // only the malformed key
  auto odd = lg::test::IdsWithOption(**db, 1, 1, 1);
  BOOST_REQUIRE_EQUAL(odd.size(), kLeads / 2);
  BOOST_TEST(odd.front() == 1u);
  BOOST_TEST(odd.back() == kLeads - 1);
  BOOST_TEST(lg::test::IdsWithStatus(**db, 1, 1).size() == kLeads);
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kIndex, keys::StatusIndex(CampaignId(1), 1, LeadId(kLeads)))).has_value());
  // Nothing left to do.
  auto again = lg::store::UpgradeIndexLayout(**db);
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(*again == 0u);
}

BOOST_AUTO_TEST_CASE(a_current_store_is_left_as_it_is) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  WriteUnit unit(**db);
  unit.Put(Cf::kIndex, keys::SelectIndex(CampaignId(1), 1, 1, LeadId(42)), {});
  unit.Put(Cf::kIndex, keys::UpdatedIndex(CampaignId(1), 1000, LeadId(42)), {});
  BOOST_REQUIRE((*db)->Commit(unit).ok());
  auto upgraded = lg::store::UpgradeIndexLayout(**db);
  BOOST_REQUIRE(upgraded.has_value());
  BOOST_TEST(*upgraded == 0u);
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kIndex, keys::SelectIndex(CampaignId(1), 1, 1, LeadId(42)))).has_value());
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kIndex, keys::UpdatedIndex(CampaignId(1), 1000, LeadId(42)))).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace index_layout_upgrade_test
