// Stopping under load (what SIGTERM does): every request sent gets its answer, none fails
// mid-way; answers say Connection: close; the readiness probe says draining meanwhile; and
// every acknowledged lead is in the store at the next start.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"
#include "tests/support/wait_until.h"
#include "tools/common/http_client.h"

namespace shutdown_test {

namespace {

using namespace lg::test;
using namespace std::chrono_literals;

constexpr const char* kCampaign = R"({"name": "Solar DK",
  "fields": [{"slug": "name", "type": "text"}],
  "statuses": [{"slug": "new", "default": true}]})";

// A client that reports a dropped connection instead of retrying it: a request lost in the
// shutdown shows up as a failure.
std::unique_ptr<lg::tools::SyncClient> StrictClient(uint16_t port) {
  return std::make_unique<lg::tools::SyncClient>(lg::tools::Url{"127.0.0.1", std::to_string(port), ""}, 10s,
                                                 "leadgate-tests", lg::tools::SyncClient::Retry::kNever);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shutdown)

BOOST_AUTO_TEST_CASE(stopping_under_load_answers_every_request_and_keeps_every_acknowledged_lead) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  HttpClient client = server.Client();
  const std::string admin = server.admin_token();
  const std::string leads = lg::scope_test::LeadsPath(lg::scope_test::CreateCampaign(client, admin, kCampaign));

  constexpr int kWriters = 8;
  std::mutex mu;
  std::set<uint64_t> acknowledged;
  std::vector<std::string> failures;
  std::atomic<int> told_to_close{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto http = StrictClient(server.port());
      for (int i = 0;; ++i) {
        const std::string body =
            R"({"field_values": {"name": "W)" + std::to_string(w) + "-" + std::to_string(i) + R"("}})";
        HttpResult res = http->Send("POST", leads, admin, body);
        std::lock_guard lock(mu);
        if (res.status == 201) acknowledged.insert(U64(Json(res.body)["id"]));
        if (res.status != 201) failures.push_back(std::to_string(res.status) + " " + res.error + " " + res.body);
        // The server closes the connection after this answer: a well-behaved client stops here.
        if (res.status == 0 || res.Header("connection") == "close") {
          ++told_to_close;
          return;
        }
      }
    });
  }
  // A monitoring connection, kept alive from before the stop.
  auto monitor = StrictClient(server.port());
  BOOST_REQUIRE_EQUAL(monitor->Send("GET", "/readyz", "").status, 200);

  std::this_thread::sleep_for(500ms);
  const size_t before_stop = [&] {
    std::lock_guard lock(mu);
    return acknowledged.size();
  }();
  const auto stop_started = std::chrono::steady_clock::now();
  std::thread stopper([&] { server.Stop(); });
  // While draining, the monitor's connection still gets an answer: not ready, and closing.
  BOOST_REQUIRE(WaitUntil([&] { return told_to_close.load() > 0; }, 10s));
  HttpResult ready = monitor->Send("GET", "/readyz", "");
  CheckProblem(ready, 503, "draining");
  BOOST_TEST(ready.Header("connection") == "close");
  for (auto& t : writers) t.join();
  stopper.join();
  const auto drain = std::chrono::steady_clock::now() - stop_started;
  BOOST_TEST_MESSAGE("acknowledged " << acknowledged.size() << " (" << before_stop << " before the stop), drained in "
                                     << std::chrono::duration_cast<std::chrono::milliseconds>(drain).count() << " ms");

  BOOST_TEST(failures.empty(), "failed requests: " << failures.size() << (failures.empty() ? "" : ", first: ")
                                                   << (failures.empty() ? "" : failures.front()));
  BOOST_TEST(told_to_close.load() == kWriters);
  BOOST_TEST(before_stop > 0u);
  BOOST_TEST((drain < 5s));

  server.Restart();
  HttpClient after = server.Client();
  auto listed = lg::scope_test::ListAll(after, admin, leads + "?limit=500", 100000);
  BOOST_TEST(lg::scope_test::IdSet(listed) == acknowledged);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace shutdown_test
