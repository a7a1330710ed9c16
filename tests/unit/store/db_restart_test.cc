// Restarts leave no table files behind: a store killed with writes only in its log replays them
// at the next open without writing level-0 files (a crash loop faster than the low-priority
// compactions once piled them up until RocksDB stopped writes), and a clean stop flushes, so the
// next open has nothing to replay.

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "store/db.h"
#include "store/write_unit.h"
#include "tests/support/temp_dir.h"

namespace {

using lg::store::Cf;
using lg::store::Db;

size_t TableFiles(const std::string& db_path) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(db_path)) files += entry.path().extension() == ".sst";
  return files;
}

// In a child process: opens the store, durably commits `key`, and dies without closing it (as
// SIGKILL would: no destructor, no flush), so the write lives only in the log.
void WriteAndDie(const std::string& db_path, const std::string& key) {
  pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    auto db = Db::Open(db_path);
    if (!db.has_value()) _exit(2);
    lg::store::WriteUnit unit(**db);
    unit.Put(Cf::kMeta, key, "kept");
    _exit((*db)->Commit(unit).ok() ? 0 : 3);
  }
  int status = 0;
  BOOST_REQUIRE_EQUAL(waitpid(pid, &status, 0), pid);
  BOOST_REQUIRE(WIFEXITED(status));
  BOOST_REQUIRE_EQUAL(WEXITSTATUS(status), 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(db_restart)

BOOST_AUTO_TEST_CASE(killed_stores_reopen_without_writing_table_files_and_keep_every_write) {
  lg::test::TempDir dir;
  const std::string db_path = dir.Sub("db");
  for (int kill = 0; kill < 5; ++kill) {
    WriteAndDie(db_path, "key" + std::to_string(kill));
    const size_t tables_before = TableFiles(db_path);
    auto db = Db::Open(db_path);
    BOOST_REQUIRE(db.has_value());
    BOOST_TEST(TableFiles(db_path) == tables_before, "the open after kill " << kill << " wrote table files");
    for (int i = 0; i <= kill; ++i) {
      auto value = (*db)->Get(Cf::kMeta, "key" + std::to_string(i));
      BOOST_REQUIRE(value.has_value());
      BOOST_TEST(value->value_or("") == "kept");
    }
  }  // (closed before the next child opens it: a store has one process at a time)
}

BOOST_AUTO_TEST_CASE(a_clean_stop_leaves_nothing_to_replay) {
  lg::test::TempDir dir;
  const std::string db_path = dir.Sub("db");
  {
    auto db = Db::Open(db_path);
    BOOST_REQUIRE(db.has_value());
    lg::store::WriteUnit unit(**db);
    unit.Put(Cf::kMeta, "key", "kept");
    BOOST_REQUIRE((*db)->Commit(unit).ok());
  }
  const size_t tables = TableFiles(db_path);
  BOOST_TEST(tables > 0u);
  auto db = Db::Open(db_path);
  BOOST_REQUIRE(db.has_value());
  BOOST_TEST(TableFiles(db_path) == tables);
  BOOST_TEST((*db)->Get(Cf::kMeta, "key").value().value_or("") == "kept");
}

BOOST_AUTO_TEST_SUITE_END()
