// WorkerPool::Run: a coroutine hands a task that may block to a worker thread, gets its answer
// (or its exception) back, and goes on on its own executor — the reactor thread — afterwards.

#include "net/worker_pool.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace worker_pool_test {

namespace {

namespace asio = boost::asio;
using lg::net::HttpResponse;
using lg::net::WorkerPool;
using namespace std::chrono_literals;

// An io_context run by its own thread (the "reactor") until the fixture ends.
struct Reactor {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(ioc);
  std::thread thread{[this] { ioc.run(); }};

  ~Reactor() {
    work.reset();
    ioc.stop();
    thread.join();
  }
  std::thread::id id() const { return thread.get_id(); }
};

template <typename T>
T Get(std::future<T>& future) {
  BOOST_REQUIRE_MESSAGE(future.wait_for(5s) == std::future_status::ready, "the coroutine did not finish in 5 s");
  return future.get();
}

HttpResponse Text(std::string body) {
  HttpResponse response;
  response.status = 201;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

// Tasks are coroutine functions taking what they touch by value: a task outlives the
// expression that made it.
asio::awaitable<HttpResponse> RecordThread(std::thread::id* ran_on) {
  *ran_on = std::this_thread::get_id();
  co_return Text("from the worker");
}

asio::awaitable<HttpResponse> Throw(std::thread::id* ran_on) {
  *ran_on = std::this_thread::get_id();
  throw std::runtime_error("the disk is on fire");
  co_return Text("unreachable");
}

// Waits (blocking its thread, at most 5 s) until `expected` tasks have arrived.
struct Rendezvous {
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
};
asio::awaitable<HttpResponse> MeetOthers(std::shared_ptr<Rendezvous> r, int expected) {
  std::unique_lock lock(r->mu);
  ++r->arrived;
  r->cv.notify_all();
  bool met = r->cv.wait_for(lock, 5s, [&] { return r->arrived >= expected; });
  co_return Text(met ? "met" : "alone");
}

// How many SlowTasks have started and finished.
struct SlowTaskCounts {
  std::atomic<int> started = 0;
  std::atomic<int> finished = 0;
};

asio::awaitable<HttpResponse> SlowTask(std::shared_ptr<SlowTaskCounts> counts) {
  ++counts->started;
  std::this_thread::sleep_for(100ms);
  ++counts->finished;
  co_return Text("slow");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(worker_pool)

BOOST_AUTO_TEST_CASE(the_task_runs_on_a_worker_and_the_awaiter_resumes_on_its_own_executor) {
  WorkerPool pool(2);
  Reactor reactor;
  std::thread::id before, task, after;
  auto future = asio::co_spawn(
      reactor.ioc,
      [&]() -> asio::awaitable<HttpResponse> {
        before = std::this_thread::get_id();
        HttpResponse response = co_await pool.Run(RecordThread(&task));
        after = std::this_thread::get_id();
        co_return response;
      },
      asio::use_future);
  HttpResponse response = Get(future);
  BOOST_TEST(response.status == 201);
  BOOST_TEST(response.content_type == "text/plain");
  BOOST_TEST(response.body == "from the worker");
  BOOST_TEST((before == reactor.id()));
  BOOST_TEST((task != std::thread::id()));
  BOOST_TEST((task != reactor.id()));
  BOOST_TEST((task != std::this_thread::get_id()));
  BOOST_TEST((after == reactor.id()));
}

BOOST_AUTO_TEST_CASE(an_exception_in_the_task_reaches_the_awaiter_on_its_own_executor) {
  WorkerPool pool(1);
  Reactor reactor;
  std::thread::id task, caught_on;
  auto future = asio::co_spawn(
      reactor.ioc,
      [&]() -> asio::awaitable<std::string> {
        try {
          co_await pool.Run(Throw(&task));
        } catch (const std::runtime_error& e) {
          caught_on = std::this_thread::get_id();
          co_return std::string(e.what());
        }
        co_return std::string("no exception");
      },
      asio::use_future);
  BOOST_TEST(Get(future) == "the disk is on fire");
  BOOST_TEST((task != std::thread::id()));
  BOOST_TEST((task != reactor.id()));
  BOOST_TEST((caught_on == reactor.id()));

  // The pool goes on serving after a task failed.
  std::thread::id next;
  auto again = asio::co_spawn(reactor.ioc, pool.Run(RecordThread(&next)), asio::use_future);
  BOOST_TEST(Get(again).body == "from the worker");
  BOOST_TEST((next != reactor.id()));
}

BOOST_AUTO_TEST_CASE(two_workers_run_two_tasks_at_the_same_time) {
  WorkerPool pool(2);
  Reactor reactor;
  auto rendezvous = std::make_shared<Rendezvous>();
  auto first = asio::co_spawn(reactor.ioc, pool.Run(MeetOthers(rendezvous, 2)), asio::use_future);
  auto second = asio::co_spawn(reactor.ioc, pool.Run(MeetOthers(rendezvous, 2)), asio::use_future);
  BOOST_TEST(Get(first).body == "met");
  BOOST_TEST(Get(second).body == "met");
}

BOOST_AUTO_TEST_CASE(destroying_the_pool_finishes_the_tasks_it_holds) {
  Reactor reactor;
  auto counts = std::make_shared<SlowTaskCounts>();
  auto pool = std::make_unique<WorkerPool>(1);
  // One worker: the second task waits in the queue behind the first.
  auto first = asio::co_spawn(reactor.ioc, pool->Run(SlowTask(counts)), asio::use_future);
  auto second = asio::co_spawn(reactor.ioc, pool->Run(SlowTask(counts)), asio::use_future);
  // The reactor runs handlers in order: once this one has run, both coroutines have handed their
  // task over.
  auto handed_over = asio::post(reactor.ioc, asio::use_future);
  BOOST_REQUIRE(handed_over.wait_for(5s) == std::future_status::ready);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (counts->started == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  BOOST_REQUIRE(counts->started >= 1);
  pool.reset();
  BOOST_TEST(counts->finished == 2);
  BOOST_TEST(Get(first).body == "slow");
  BOOST_TEST(Get(second).body == "slow");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace worker_pool_test
