// store.durability reaches the WAL: under kFsync a durable commit fsyncs before it returns, under
// kOs it does not (and still survives a reopen); a non-durable commit never fsyncs. The write
// logs stay bounded however much is written, so a restart never has much to replay.

#include <rocksdb/iostats_context.h>
#include <rocksdb/perf_level.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "store/db.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace db_durability_test {

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

// Bytes in the store's write-ahead log files.
uintmax_t WalBytes(const std::string& db_path) {
  uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(db_path)) {
    if (entry.path().extension() == ".log") bytes += entry.file_size();
  }
  return bytes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(db_durability)

BOOST_AUTO_TEST_CASE(fsync_mode_syncs_durable_commits_only) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"), Durability::kFsync);
  BOOST_REQUIRE(db.has_value());
  BOOST_TEST(((*db)->durability() == Durability::kFsync));
  BOOST_TEST(FsyncNanos(**db, 5, /*sync=*/true) > 0u);
  BOOST_TEST(FsyncNanos(**db, 5, /*sync=*/false) == 0u);
}

BOOST_AUTO_TEST_CASE(os_mode_never_syncs_and_survives_reopen) {
  lg::test::TempDir dir;
  {
    auto db = Db::Open(dir.Sub("db"), Durability::kOs);
    BOOST_REQUIRE(db.has_value());
    BOOST_TEST(((*db)->durability() == Durability::kOs));
    BOOST_TEST(FsyncNanos(**db, 20, /*sync=*/true) == 0u);
  }
  auto db = Db::Open(dir.Sub("db"), Durability::kOs);
  BOOST_REQUIRE(db.has_value());
  for (int i = 0; i < 20; ++i) {
    BOOST_TEST(lg::test::Must((*db)->Get(Cf::kMeta, "k" + std::to_string(i))).value_or("") == "v" + std::to_string(i));
  }
}

BOOST_AUTO_TEST_CASE(write_logs_stay_bounded_behind_a_rarely_written_column_family) {
  lg::test::TempDir dir;
  const std::string path = dir.Sub("db");
  constexpr uintmax_t kMiB = 1u << 20;
  constexpr int kUnits = 3 * 1024;  // 3 x 64 KiB per unit: 192 MiB of leads in all
  {
    auto db = Db::Open(path, Durability::kOs);
    BOOST_REQUIRE(db.has_value());
    // One early write to a column family that never fills a memtable (like an admin's token).
    WriteUnit first(**db);
    first.Put(Cf::kMeta, "early", "admin write");
    BOOST_REQUIRE((*db)->Commit(first).ok());
    const std::string value(size_t{64} << 10, 'x');
    for (int i = 0; i < kUnits; ++i) {
      WriteUnit unit(**db);
      for (int j = 0; j < 3; ++j) unit.Put(Cf::kLeads, "lead-" + std::to_string(i * 3 + j), value);
      BOOST_REQUIRE((*db)->Commit(unit).ok());
    }
    BOOST_TEST(WalBytes(path) < 128 * kMiB, "write logs hold " << WalBytes(path) / kMiB << " MiB");
  }
  auto db = Db::Open(path, Durability::kOs);
  BOOST_REQUIRE(db.has_value());
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kMeta, "early")).value_or("") == "admin write");
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kLeads, "lead-" + std::to_string(3 * kUnits - 1))).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace db_durability_test
