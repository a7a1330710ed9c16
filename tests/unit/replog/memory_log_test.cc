// The in-memory replicated log keeps the contract the NATS one does (tests/cluster): positions
// from 1 in append order, an id appended again keeps its first position, a read waits for the
// next append, and a reader behind what the log still holds is told so.

#include "replog/memory_log.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "tests/support/must.h"

namespace memory_log_test {

namespace {

using lg::replog::MemoryLog;
using lg::test::Must;
using namespace std::chrono_literals;

}  // namespace

BOOST_AUTO_TEST_SUITE(memory_log)

BOOST_AUTO_TEST_CASE(appends_get_positions_in_order_and_a_repeated_id_keeps_its_first) {
  MemoryLog log;
  auto first = Must(log.Append({{"a", "1"}, {"b", "2"}}, 1s));
  BOOST_REQUIRE_EQUAL(first.size(), 2u);
  BOOST_TEST(first[0].position == 1u);
  BOOST_TEST(first[1].position == 2u);
  auto again = Must(log.Append({{"c", "3"}, {"a", "1 again"}}, 1s));
  BOOST_TEST(again[0].position == 3u);
  BOOST_TEST(!again[0].duplicate);
  BOOST_TEST(again[1].position == 1u);
  BOOST_TEST(again[1].duplicate);

  auto entries = Must(log.Read(1, {.max = 10, .wait = 0ms}));
  BOOST_REQUIRE_EQUAL(entries.size(), 3u);
  BOOST_TEST(entries[0].payload == "1");  // the first append's payload stays
  BOOST_TEST(entries[2].id == "c");
  BOOST_TEST(Must(log.Read(2, {.max = 1, .wait = 0ms})).at(0).id == "b");
  BOOST_TEST(Must(log.Status()).last_position == 3u);
}

BOOST_AUTO_TEST_CASE(a_read_waits_for_the_next_append_and_an_empty_wait_returns_nothing) {
  MemoryLog log;
  BOOST_TEST(Must(log.Read(1, {.max = 10, .wait = 20ms})).empty());
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    Must(log.Append({{"late", "x"}}, 1s));
  });
  auto start = std::chrono::steady_clock::now();
  auto entries = Must(log.Read(1, {.max = 10, .wait = 5s}));
  writer.join();
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_TEST(entries[0].id == "late");
  BOOST_TEST((std::chrono::steady_clock::now() - start < 4s), "the read waited past the append");
}

BOOST_AUTO_TEST_CASE(a_reader_behind_the_kept_entries_is_told_the_log_was_truncated) {
  MemoryLog log;
  for (int i = 0; i < 5; ++i) Must(log.Append({{"e" + std::to_string(i), ""}}, 1s));
  log.DropBefore(4);
  auto behind = log.Read(2, {.max = 10, .wait = 0ms});
  BOOST_REQUIRE(!behind.has_value());
  BOOST_TEST(behind.error().code() == "log_truncated");
  auto kept = Must(log.Read(4, {.max = 10, .wait = 0ms}));
  BOOST_REQUIRE_EQUAL(kept.size(), 2u);
  BOOST_TEST(kept[0].position == 4u);
  BOOST_TEST(Must(log.Status()).first_position == 4u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace memory_log_test
