// The replicated-log position a node has applied: 0 on a new store, committed with the changes
// of its entry (one unit: both or neither), read back after a reopen, and a damaged value is an
// error rather than a position to resume from.

#include "store/applied_position.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "store/key_codec.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace {

using lg::store::Cf;
using lg::store::Db;
using lg::test::Must;

}  // namespace

BOOST_AUTO_TEST_SUITE(applied_position)

BOOST_AUTO_TEST_CASE(a_position_commits_with_its_changes_and_outlasts_a_reopen) {
  lg::test::TempDir dir;
  {
    auto db = Must(Db::Open(dir.Sub("db")));
    BOOST_TEST(Must(lg::store::ReadAppliedPosition(*db)) == 0u);
    for (uint64_t position = 1; position <= 3; ++position) {
      lg::store::WriteUnit unit(*db);
      unit.Put(Cf::kMeta, "entry" + std::to_string(position), "applied");
      lg::store::StageAppliedPosition(unit, position);
      Must(db->Commit(unit));
    }
    // A unit staged but never committed changes nothing.
    lg::store::WriteUnit abandoned(*db);
    abandoned.Put(Cf::kMeta, "entry4", "applied");
    lg::store::StageAppliedPosition(abandoned, 4);
    BOOST_TEST(Must(lg::store::ReadAppliedPosition(*db)) == 3u);
  }
  auto db = Must(Db::Open(dir.Sub("db")));
  BOOST_TEST(Must(lg::store::ReadAppliedPosition(*db)) == 3u);
  BOOST_TEST(Must(db->Get(Cf::kMeta, "entry3")).value_or("") == "applied");
  BOOST_TEST(!Must(db->Get(Cf::kMeta, "entry4")).has_value());
}

BOOST_AUTO_TEST_CASE(a_damaged_position_is_an_error_not_a_place_to_resume) {
  lg::test::TempDir dir;
  auto db = Must(Db::Open(dir.Sub("db")));
  lg::store::WriteUnit unit(*db);
  unit.Put(Cf::kMeta, lg::store::keys::AppliedPosition(), "short");
  Must(db->Commit(unit));
  auto position = lg::store::ReadAppliedPosition(*db);
  BOOST_REQUIRE(!position.has_value());
  BOOST_TEST(position.error().code() == "internal_error");
}

BOOST_AUTO_TEST_SUITE_END()
