// A full disk: the server never acknowledges a write it could not store, says it is not ready
// (disk_full), keeps serving reads, and takes writes again by itself once space returns; every
// acknowledged lead is there after a restart, and nothing else. The store lives on a small
// tmpfs of its own (mounting needs root, as CI and tools/test run).

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "tests/integration/scope_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace disk_full_test {

namespace {

using namespace lg::test;
using namespace std::chrono_literals;

constexpr const char* kCampaign = R"({"name": "Solar DK",
  "fields": [{"slug": "name", "type": "text"}, {"slug": "note", "type": "text"}],
  "statuses": [{"slug": "new", "default": true}]})";

// A tmpfs of `size` mounted on `dir` for the life of the object.
class SmallDisk {
 public:
  SmallDisk(const std::string& dir, const std::string& size) : dir_(dir) {
    std::filesystem::create_directories(dir);
    const std::string options = "size=" + size;
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    BOOST_REQUIRE_MESSAGE(mounted_, "mount tmpfs on " << dir << ": " << std::strerror(errno) << " (run as root)");
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

 private:
  std::string dir_;
  bool mounted_ = false;
};

// Writes `path` until the disk has no room left; returns the bytes written.
size_t FillDisk(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  BOOST_REQUIRE(fd >= 0);
  const std::string chunk(4096, 'f');
  size_t written = 0;
  for (;;) {
    const ssize_t n = ::write(fd, chunk.data(), chunk.size());
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return written;
}

std::string LeadBody(int i) {
  return R"({"field_values": {"name": "Lead )" + std::to_string(i) + R"(", "note": ")" + std::string(3000, 'n') +
         R"("}})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(disk_full)

BOOST_AUTO_TEST_CASE(a_full_disk_refuses_writes_with_503_and_recovers_when_space_returns) {
  TempDir dir;
  SmallDisk disk(dir.Sub("disk"), "48m");
  auto server = std::make_unique<TestServer>(TestConfig(dir.Sub("disk/data")));
  HttpClient client = server->Client();
  const std::string admin = server->admin_token();
  const uint64_t campaign = lg::scope_test::CreateCampaign(client, admin, kCampaign);
  const std::string leads = lg::scope_test::LeadsPath(campaign);

  std::set<uint64_t> acknowledged;
  int next = 0;
  auto create = [&]() {
    HttpResult res = client.Request("POST", leads, LeadBody(next++), admin);
    if (res.status == 201) acknowledged.insert(U64(Json(res.body)["id"]));
    return res;
  };
  for (int i = 0; i < 20; ++i) BOOST_REQUIRE_EQUAL(create().status, 201);

  BOOST_TEST_MESSAGE("filler: " << FillDisk(dir.Sub("disk/filler")) << " bytes");
  // RocksDB may still have room it set aside (the WAL is preallocated): writes go on into it
  // until it runs out. Not one of them may be a 2xx the disk did not take.
  HttpResult refused;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until) {
    refused = create();
    if (refused.status != 201) break;
  }
  CheckProblem(refused, 503, "disk_full");
  BOOST_TEST(refused.Header("retry-after") == "1");
  BOOST_TEST_MESSAGE("acknowledged before the disk was full: " << acknowledged.size());
  // Later writes are refused at once, the server is not ready, and reads still work.
  CheckProblem(create(), 503, "disk_full");
  CheckProblem(client.Request("GET", "/readyz"), 503, "disk_full");
  BOOST_TEST(client.Request("GET", "/livez").status == 200);
  const uint64_t first = *acknowledged.begin();
  BOOST_TEST(client.Request("GET", lg::scope_test::LeadPath(campaign, first), "", admin).status == 200);

  // Space returns: writes and readiness come back without a restart.
  std::filesystem::remove(dir.Sub("disk/filler"));
  bool recovered = false;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       !recovered && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(100ms)) {
    recovered = create().status == 201;
  }
  BOOST_REQUIRE_MESSAGE(recovered, "writes did not resume after space returned");
  BOOST_TEST(client.Request("GET", "/readyz").status == 200);
  for (int i = 0; i < 20; ++i) BOOST_REQUIRE_EQUAL(create().status, 201);

  // After a restart the store holds exactly the acknowledged leads.
  server->Restart();
  HttpClient after = server->Client();
  auto listed = lg::scope_test::ListAll(after, admin, leads + "?limit=500", 100000);
  BOOST_TEST(lg::scope_test::IdSet(listed) == acknowledged);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace disk_full_test
