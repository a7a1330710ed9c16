// store.durability reaches the WAL: under kFsync a durable commit fsyncs before it returns, under
// kOs it does not (and still survives a reopen); a non-durable commit never fsyncs.

#include <rocksdb/iostats_context.h>
#include <rocksdb/perf_level.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "store/db.h"
#include "store/write_unit.h"
#include "tests/support/temp_dir.h"

namespace {

using lg::store::Cf;
using lg::store::Db;
using lg::store::Durability;
using lg::store::WriteUnit;

// Time this thread spent in fsync while committing `count` single-key units (the committing
// thread leads its own write group, so the WAL sync, if any, runs on it).
uint64_t FsyncNanos(Db& db, int count, bool sync) {
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableTimeExceptForMutex);
  rocksdb::get_iostats_context()->Reset();
  for (int i = 0; i < count; ++i) {
    WriteUnit unit(db);
    unit.Put(Cf::kMeta, "k" + std::to_string(i), "v" + std::to_string(i));
    BOOST_REQUIRE(db.Commit(unit, sync).ok());
  }
  uint64_t nanos = rocksdb::get_iostats_context()->fsync_nanos;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return nanos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(db_durability)

BOOST_AUTO_TEST_CASE(fsync_mode_syncs_durable_commits_only) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"), Durability::kFsync);
  BOOST_REQUIRE(db.ok());
  BOOST_TEST(((*db)->durability() == Durability::kFsync));
  BOOST_TEST(FsyncNanos(**db, 5, /*sync=*/true) > 0u);
  BOOST_TEST(FsyncNanos(**db, 5, /*sync=*/false) == 0u);
}

BOOST_AUTO_TEST_CASE(os_mode_never_syncs_and_survives_reopen) {
  lg::test::TempDir dir;
  {
    auto db = Db::Open(dir.Sub("db"), Durability::kOs);
    BOOST_REQUIRE(db.ok());
    BOOST_TEST(((*db)->durability() == Durability::kOs));
    BOOST_TEST(FsyncNanos(**db, 20, /*sync=*/true) == 0u);
  }
  auto db = Db::Open(dir.Sub("db"), Durability::kOs);
  BOOST_REQUIRE(db.ok());
  for (int i = 0; i < 20; ++i) {
    BOOST_TEST((*db)->Get(Cf::kMeta, "k" + std::to_string(i)).value_or("") == "v" + std::to_string(i));
  }
}

BOOST_AUTO_TEST_SUITE_END()
