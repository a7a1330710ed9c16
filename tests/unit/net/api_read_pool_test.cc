// Api: reads that may take long (a lead list, a count, statistics) run on the read pool, not on
// the worker pool, so they are answered while every worker is held by a write waiting on the disk.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>
#include <future>
#include <string>
#include <thread>

#include "net/http_types.h"
#include "tests/unit/net/api_fixture.h"

namespace api_read_pool_test {

using namespace lg;
using lg::net_test::ApiFixture;

namespace {

// Holds every thread of `pool` (two, as the fixture's) until it is destroyed, the way writes
// waiting for an fsync hold them.
class HeldPool {
 public:
  explicit HeldPool(net::WorkerPool& pool) {
    for (int i = 0; i < 2; ++i) {
      boost::asio::co_spawn(io_, pool.Run([this, ready = &started_[i]] {
        ready->set_value();
        release_.wait();
      }),
                            boost::asio::detached);
    }
    thread_ = std::thread([this] { io_.run(); });
    for (auto& ready : started_) ready.get_future().wait();
  }
  ~HeldPool() {
    released_.set_value();
    work_.reset();
    thread_.join();
  }
  HeldPool(const HeldPool&) = delete;
  HeldPool& operator=(const HeldPool&) = delete;

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::promise<void> started_[2];
  std::promise<void> released_;
  std::shared_future<void> release_ = released_.get_future().share();
  std::thread thread_;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(api_read_pool, ApiFixture)

BOOST_AUTO_TEST_CASE(lists_counts_and_statistics_are_answered_while_every_worker_is_held) {
  const std::string leads = "/v2/campaigns/" + std::to_string(campaign) + "/leads";
  HeldPool held(workers);

  net::HttpRequest list = Request("GET", leads, vendor_a.secret);
  list.query = {{"limit", "10"}};
  net::HttpResponse page = Serve(list);
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.body.find("\"A1\"") != std::string::npos, page.body);
  BOOST_TEST(page.body.find("\"B1\"") == std::string::npos, page.body);

  net::HttpRequest count = Request("POST", leads + "/count", initial_admin.secret);
  count.body = "{}";
  net::HttpResponse counted = Serve(count);
  BOOST_TEST(counted.status == 200);
  BOOST_TEST(counted.body.find("\"count\":2") != std::string::npos, counted.body);

  net::HttpRequest stats = Request("GET", "/v2/campaigns/" + std::to_string(campaign) + "/stats", initial_admin.secret);
  stats.query = {{"group_by", "source"}};
  net::HttpResponse table = Serve(stats);
  BOOST_TEST(table.status == 200);
  BOOST_TEST(table.body.find("vendor-a") != std::string::npos, table.body);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace api_read_pool_test
