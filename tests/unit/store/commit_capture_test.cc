// A commit capture: while a replicated command is applied, what the use cases commit to the store
// joins the command's unit, and nothing is written until that unit commits.

#include "store/commit_capture.h"

#include <boost/test/unit_test.hpp>
#include <memory>

#include "store/db.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace commit_capture_test {

using lg::store::Cf;
using lg::store::CommitCapture;
using lg::store::Db;
using lg::store::WriteUnit;
using lg::test::Must;

BOOST_AUTO_TEST_SUITE(commit_capture)

BOOST_AUTO_TEST_CASE(commits_during_a_capture_land_in_its_unit_and_nowhere_else) {
  lg::test::TempDir dir;
  auto db = Must(Db::Open(dir.Sub("db")));
  auto other = Must(Db::Open(dir.Sub("other")));
  WriteUnit captured(*db);
  {
    CommitCapture capture(*db, captured);
    WriteUnit first(*db);
    first.Put(Cf::kMeta, "a", "1");
    Must(db->Commit(first));
    auto second = std::make_unique<WriteUnit>(*db);
    second->Put(Cf::kMeta, "b", "2");
    bool reported = false;
    db->CommitAsync(std::move(second), [&](const lg::core::Status& status) { reported = status.ok(); });
    BOOST_TEST(reported);
    // Another store on the same thread writes as usual.
    WriteUnit elsewhere(*other);
    elsewhere.Put(Cf::kMeta, "c", "3");
    Must(other->Commit(elsewhere));
    BOOST_TEST(CommitCapture::For(*db) == &captured);
    BOOST_TEST(CommitCapture::For(*other) == nullptr);
  }
  BOOST_TEST(CommitCapture::For(*db) == nullptr);
  BOOST_TEST(!Must(db->Get(Cf::kMeta, "a")).has_value());
  BOOST_TEST(!Must(db->Get(Cf::kMeta, "b")).has_value());
  BOOST_TEST(Must(other->Get(Cf::kMeta, "c")).value_or("") == "3");
  Must(db->Commit(captured));
  BOOST_TEST(Must(db->Get(Cf::kMeta, "a")).value_or("") == "1");
  BOOST_TEST(Must(db->Get(Cf::kMeta, "b")).value_or("") == "2");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace commit_capture_test
