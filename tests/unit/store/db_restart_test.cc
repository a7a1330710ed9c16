// Restarts leave no table files behind: a store killed with writes only in its log replays them
// at the next open without writing level-0 files (a crash loop faster than the low-priority
// compactions once piled them up until RocksDB stopped writes), and a clean stop flushes, so the
// next open has nothing to replay.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/write_unit.h"
#include "tests/support/temp_dir.h"

namespace db_restart_test {

namespace {

using lg::store::Cf;
using lg::store::Db;

size_t TableFiles(const std::string& db_path) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(db_path)) files += entry.path().extension() == ".sst";
  return files;
}

// The child's part, in a process of its own: this test binary run again with kJobVariable set
// ("<store path>\n<key>"), which this global fixture reads before any test runs. Not a fork():
// RocksDB's background threads do not survive one, and a lock one of them held at that moment
// (the previous test's flushes and compactions run on) stays held in the child, which then hangs.
constexpr const char* kJobVariable = "LG_DB_RESTART_WRITE_AND_DIE";

// Opens the store, durably commits the key, and dies without closing it (as SIGKILL would: no
// destructor, no flush), so the write lives only in the log.
struct WriteAndDieWhenAsked {
  WriteAndDieWhenAsked() {
    const char* job = std::getenv(kJobVariable);
    if (!job) return;
    const std::string text(job);
    const size_t newline = text.find('\n');
    if (newline == std::string::npos) _exit(4);
    auto db = Db::Open(text.substr(0, newline));
    if (!db.has_value()) _exit(2);
    lg::store::WriteUnit unit(**db);
    unit.Put(Cf::kMeta, text.substr(newline + 1), "kept");
    _exit((*db)->Commit(unit).ok() ? 0 : 3);
  }
};

void WriteAndDie(const std::string& db_path, const std::string& key) {
  std::vector<std::string> environment{std::string(kJobVariable) + "=" + db_path + "\n" + key};
  for (char** entry = environ; *entry; ++entry) environment.emplace_back(*entry);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string exe = "/proc/self/exe";
  std::string only = "--run_test=db_restart/killed_stores_reopen_without_writing_table_files_and_keep_every_write";
  std::vector<char*> argv{exe.data(), only.data(), nullptr};
  pid_t pid = 0;
  BOOST_REQUIRE_EQUAL(posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv.data(), envp.data()), 0);
  int status = 0;
  BOOST_REQUIRE_EQUAL(waitpid(pid, &status, 0), pid);
  BOOST_REQUIRE(WIFEXITED(status));
  BOOST_REQUIRE_EQUAL(WEXITSTATUS(status), 0);
}

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(WriteAndDieWhenAsked);

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

}  // namespace db_restart_test
