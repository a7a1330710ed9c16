// What a node has applied of the replicated log: the position, 0 on a new store, committed with
// the changes of its entry (one unit: both or neither), read back after a reopen, a damaged value
// an error rather than a position to resume from; and which commands, per origin node, with the
// highest one a restarted node must propose above.

#include "store/apply_progress.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "store/key_codec.h"
#include "store/outbox_repo.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace apply_progress_test {

namespace {

using lg::store::AppliedState;
using lg::store::Cf;
using lg::store::Db;
using lg::test::Must;

// A state whose every part tells the position it was staged at.
AppliedState StateAt(uint64_t position) {
  const auto n = static_cast<int64_t>(position);
  return AppliedState{position, {1795860000000 + n, (position << 20) | 3, 1795860000000 + n, position << 20}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apply_progress)

BOOST_AUTO_TEST_CASE(a_position_and_its_apply_clock_commit_with_their_changes_and_outlast_a_reopen) {
  lg::test::TempDir dir;
  {
    auto db = Must(Db::Open(dir.Sub("db")));
    BOOST_TEST((Must(lg::store::ReadAppliedState(*db)) == AppliedState{}));
    for (uint64_t position = 1; position <= 3; ++position) {
      lg::store::WriteUnit unit(*db);
      unit.Put(Cf::kMeta, "entry" + std::to_string(position), "applied");
      lg::store::StageAppliedState(unit, StateAt(position));
      Must(db->Commit(unit));
    }
    // A unit staged but never committed changes nothing.
    lg::store::WriteUnit abandoned(*db);
    abandoned.Put(Cf::kMeta, "entry4", "applied");
    lg::store::StageAppliedState(abandoned, StateAt(4));
    BOOST_TEST((Must(lg::store::ReadAppliedState(*db)) == StateAt(3)));
  }
  auto db = Must(Db::Open(dir.Sub("db")));
  BOOST_TEST((Must(lg::store::ReadAppliedState(*db)) == StateAt(3)));
  BOOST_TEST(Must(db->Get(Cf::kMeta, "entry3")).value_or("") == "applied");
  BOOST_TEST(!Must(db->Get(Cf::kMeta, "entry4")).has_value());
}

BOOST_AUTO_TEST_CASE(a_damaged_position_is_an_error_not_a_place_to_resume) {
  lg::test::TempDir dir;
  auto db = Must(Db::Open(dir.Sub("db")));
  lg::store::WriteUnit unit(*db);
  unit.Put(Cf::kMeta, lg::store::keys::AppliedPosition(), "short");
  Must(db->Commit(unit));
  auto position = lg::store::ReadAppliedState(*db);
  BOOST_REQUIRE(!position.has_value());
  BOOST_TEST(position.error().code() == "internal_error");
}

BOOST_AUTO_TEST_CASE(applied_commands_are_known_per_origin_with_the_highest_sequence) {
  lg::test::TempDir dir;
  auto db = Must(Db::Open(dir.Sub("db")));
  BOOST_TEST(Must(lg::store::HighestApplied(*db, 2)) == 0u);
  lg::store::WriteUnit unit(*db);
  uint64_t position = 10;
  for (uint64_t sequence : {5u, 70000u, 9u}) lg::store::StageApplied(unit, ++position, 2, sequence);
  lg::store::StageApplied(unit, 20, 3, 900000);  // another node's
  lg::store::StageApplied(unit, 21, 1, 1);
  Must(db->Commit(unit));
  BOOST_TEST(Must(lg::store::WasApplied(*db, 2, 9)));
  BOOST_TEST(Must(lg::store::AppliedAt(*db, 2, 9)).value_or(0) == 13u);
  BOOST_TEST(!Must(lg::store::AppliedAt(*db, 2, 10)).has_value());
  BOOST_TEST(!Must(lg::store::WasApplied(*db, 2, 10)));
  BOOST_TEST(!Must(lg::store::WasApplied(*db, 3, 9)));
  BOOST_TEST(Must(lg::store::HighestApplied(*db, 2)) == 70000u);
  BOOST_TEST(Must(lg::store::HighestApplied(*db, 3)) == 900000u);
  BOOST_TEST(Must(lg::store::HighestApplied(*db, 4)) == 0u);
}

BOOST_AUTO_TEST_CASE(the_outbox_keeps_proposals_in_order_until_each_is_done) {
  lg::test::TempDir dir;
  {
    auto db = Must(Db::Open(dir.Sub("db")));
    lg::store::WriteUnit unit(*db);
    lg::store::StageOutbox(unit, 300, "third");
    lg::store::StageOutbox(unit, 7, "first");
    lg::store::StageOutbox(unit, 20, "second");
    Must(db->Commit(unit));
    lg::store::WriteUnit done(*db);
    lg::store::StageOutboxDone(done, 20);
    Must(db->Commit(done));
  }
  auto db = Must(Db::Open(dir.Sub("db")));
  auto outbox = Must(lg::store::ReadOutbox(*db));
  BOOST_REQUIRE_EQUAL(outbox.size(), 2u);
  BOOST_TEST(outbox[0].sequence == 7u);
  BOOST_TEST(outbox[0].command == "first");
  BOOST_TEST(outbox[1].sequence == 300u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace apply_progress_test
