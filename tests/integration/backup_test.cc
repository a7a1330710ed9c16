// Online backups: POST /v2/admin/backup under a steady stream of creates writes a copy that,
// restored into a new data directory (with the original key file), holds every lead acknowledged
// before the backup was asked for, passes the integrity check and serves them. Admin only.

#include "store/backup.h"

#include <sys/stat.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/db.h"
#include "store/integrity_check.h"
#include "tests/integration/scope_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace backup_test {

namespace {

using namespace lg::test;
namespace fs = std::filesystem;

constexpr const char* kCampaign = R"({"name": "Solar DK", "fields": [{"slug": "name", "type": "text"}],
  "statuses": [{"slug": "new", "default": true}]})";

// The process's umask while it lives: the usual 022, under which new files are world-readable.
class Umask {
 public:
  explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
  ~Umask() { ::umask(previous_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t previous_;
};

mode_t ModeOf(const fs::path& path) {
  struct stat st {};
  BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &st) == 0, path);
  return st.st_mode & 07777;
}

// Checks that `dir` is 0700 and everything in it 0700 (directories) or 0600 (files).
void CheckOwnerOnly(const fs::path& dir) {
  BOOST_TEST(ModeOf(dir) == 0700u, dir);
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const bool is_dir = entry.is_directory();
    files += !is_dir;
    BOOST_TEST(ModeOf(entry.path()) == (is_dir ? 0700u : 0600u), entry.path());
  }
  BOOST_TEST(files > 0u, dir);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backup)

BOOST_AUTO_TEST_CASE(a_backup_under_load_restores_every_lead_acknowledged_before_it) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  HttpClient client = server.Client();
  const std::string admin = server.admin_token();
  const std::string leads = lg::scope_test::LeadsPath(lg::scope_test::CreateCampaign(client, admin, kCampaign));

  // Two writers create leads until told to stop; every 201 is recorded.
  std::mutex mu;
  std::vector<uint64_t> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      HttpClient own = server.Client();
      for (int i = 0; !stop; ++i) {
        auto res = own.Request(
            "POST", leads, R"({"field_values": {"name": "w)" + std::to_string(w) + "-" + std::to_string(i) + R"("}})",
            admin);
        if (res.status != 201) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mu);
        acknowledged.push_back(U64(Json(res.body)["id"]));
      }
    });
  }
  auto count = [&] {
    std::lock_guard lock(mu);
    return acknowledged.size();
  };
  for (int waited = 0; count() < 300 && waited < 600; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::vector<uint64_t> before;
  {
    std::lock_guard lock(mu);
    before = acknowledged;
  }
  auto backup = client.Request("POST", "/v2/admin/backup", "", admin);
  // Writes go on while and after it is taken.
  size_t at_backup = count();
  for (int waited = 0; count() < at_backup + 100 && waited < 600; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  for (auto& t : writers) t.join();
  BOOST_TEST(failures == 0);
  BOOST_REQUIRE_MESSAGE(backup.status == 201, backup.status << " " << backup.body);
  const std::string path = Str(Json(backup.body)["path"]);
  BOOST_TEST(U64(Json(backup.body)["bytes"]) > 0u);
  BOOST_TEST(fs::path(path).parent_path() == fs::path(dir.Sub("backups")));
  BOOST_TEST(before.size() >= 300u);

  // A second backup gets a directory of its own.
  auto second = client.Request("POST", "/v2/admin/backup", "", admin);
  BOOST_REQUIRE_EQUAL(second.status, 201);
  BOOST_TEST(Str(Json(second.body)["path"]) != path);
  server.Stop();

  // Restored into a new data directory, with the original key file next to it.
  TempDir restored;
  BOOST_REQUIRE(lg::store::RestoreBackup(path, restored.Sub("db")).ok());
  {
    auto db = lg::store::Db::Open(restored.Sub("db"));
    BOOST_REQUIRE(db.has_value());
    auto report = lg::store::CheckIntegrity(**db);
    BOOST_TEST(report.ok(), report.Describe());
    BOOST_TEST(report.leads >= before.size());
  }
  fs::copy_file(dir.Sub("secret.key"), restored.Sub("secret.key"));
  TestServer again(TestConfig(restored.path()));
  HttpClient reader = again.Client();
  size_t missing = 0;
  for (uint64_t id : before) {
    if (reader.Request("GET", leads + "/" + std::to_string(id), "", admin).status != 200) ++missing;
  }
  BOOST_TEST(missing == 0u);
  // Restoring over an existing store is refused and leaves it alone.
  BOOST_TEST(!lg::store::RestoreBackup(path, restored.Sub("db")).ok());
}

// A backup holds every lead: whatever the umask, only the server's user may read it (online, by
// `leadgate backup`, and once restored).
BOOST_AUTO_TEST_CASE(backups_are_readable_by_the_server_user_only) {
  Umask usual(022);
  TempDir dir, elsewhere;
  fs::permissions(elsewhere.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                        fs::perms::others_read | fs::perms::others_exec);
  auto config = TestConfig(dir.path());
  config.backup_dir = elsewhere.Sub("nightly/leadgate");  // two levels the server creates
  TestServer server(config);
  HttpClient client = server.Client();
  lg::scope_test::CreateCampaign(client, server.admin_token(), kCampaign);
  auto backup = client.Request("POST", "/v2/admin/backup", "", server.admin_token());
  BOOST_REQUIRE_MESSAGE(backup.status == 201, backup.body);
  const fs::path path = Str(Json(backup.body)["path"]);
  CheckOwnerOnly(path);
  BOOST_TEST(ModeOf(elsewhere.Sub("nightly")) == 0700u);
  BOOST_TEST(ModeOf(elsewhere.Sub("nightly/leadgate")) == 0700u);
  BOOST_TEST(ModeOf(elsewhere.path()) == 0755u);  // a directory that was there keeps its mode
  // Nothing but the backup is left next to it.
  BOOST_TEST(std::distance(fs::directory_iterator(elsewhere.Sub("nightly/leadgate")), fs::directory_iterator()) == 1);
  server.Stop();

  {
    auto db = lg::store::Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(db.has_value());
    auto offline = lg::store::CreateBackup(**db, elsewhere.Sub("offline/copy"));
    BOOST_REQUIRE(offline.has_value());
    CheckOwnerOnly(elsewhere.Sub("offline/copy"));
  }
  TempDir restored;
  BOOST_REQUIRE(lg::store::RestoreBackup(path.string(), restored.Sub("data/db")).ok());
  CheckOwnerOnly(restored.Sub("data"));
}

BOOST_AUTO_TEST_CASE(only_admin_tokens_take_backups) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  HttpClient client = server.Client();
  auto minted =
      client.Request("POST", "/v2/tokens", R"({"name": "reader", "permission": "read"})", server.admin_token());
  BOOST_REQUIRE_EQUAL(minted.status, 201);
  CheckProblem(client.Request("POST", "/v2/admin/backup", "", Str(Json(minted.body)["token"])), 403,
               "insufficient_permission");
  CheckProblem(client.Request("POST", "/v2/admin/backup", ""), 401, "unauthorized");
  BOOST_TEST(!fs::exists(dir.Sub("backups")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace backup_test
