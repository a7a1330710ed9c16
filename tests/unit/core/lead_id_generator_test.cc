// Lead ids: time-ordered, strictly increasing, unique across threads, never below the floor.

#include "core/lead_id_generator.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

namespace lead_id_generator_test {

using lg::core::LeadIdGenerator;

namespace {
constexpr int64_t kNow = 1795860000000;  // 2026-11-28T10:00:00Z
}  // namespace

BOOST_AUTO_TEST_SUITE(lead_id_generator)

BOOST_AUTO_TEST_CASE(ids_carry_their_millisecond_and_a_sequence) {
  LeadIdGenerator gen;
  uint64_t first = gen.Next(kNow);
  BOOST_TEST(first == LeadIdGenerator::FirstIdAt(kNow));
  BOOST_TEST(LeadIdGenerator::MillisOf(first) == kNow);
  BOOST_TEST(gen.Next(kNow) == first + 1);
  BOOST_TEST(gen.Next(kNow) == first + 2);
  uint64_t later = gen.Next(kNow + 5);
  BOOST_TEST(later == LeadIdGenerator::FirstIdAt(kNow + 5));
  BOOST_TEST(LeadIdGenerator::MillisOf(later) == kNow + 5);
}

BOOST_AUTO_TEST_CASE(more_than_a_millisecond_of_sequence_borrows_from_the_next) {
  LeadIdGenerator gen;
  uint64_t previous = 0;
  const int n = (1 << LeadIdGenerator::kSequenceBits) + 100;
  for (int i = 0; i < n; ++i) {
    uint64_t id = gen.Next(kNow);
    BOOST_REQUIRE(id > previous);
    previous = id;
  }
  BOOST_TEST(LeadIdGenerator::MillisOf(previous) == kNow + 1);
  // The next real millisecond continues above the borrowed ids.
  BOOST_TEST(gen.Next(kNow + 1) == previous + 1);
}

BOOST_AUTO_TEST_CASE(a_clock_going_back_does_not_reorder_ids) {
  LeadIdGenerator gen;
  uint64_t a = gen.Next(kNow);
  uint64_t b = gen.Next(kNow - 60000);
  uint64_t c = gen.Next(0);
  BOOST_TEST(b == a + 1);
  BOOST_TEST(c == b + 1);
}

BOOST_AUTO_TEST_CASE(the_floor_from_the_store_is_respected) {
  const uint64_t stored_max = (LeadIdGenerator::FirstIdAt(kNow + 3600000)) + 7;
  LeadIdGenerator gen(stored_max);
  BOOST_TEST(gen.Next(kNow) == stored_max + 1);
  gen.Raise(stored_max + 1000);
  BOOST_TEST(gen.Next(kNow) == stored_max + 1001);
  gen.Raise(5);  // lowering is ignored
  BOOST_TEST(gen.Next(kNow) == stored_max + 1002);
}

BOOST_AUTO_TEST_CASE(unique_and_increasing_per_thread_under_contention) {
  LeadIdGenerator gen;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50000;
  std::vector<std::vector<uint64_t>> issued(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      issued[t].reserve(kPerThread);
      // Few distinct milliseconds so threads keep colliding on the same sequence.
      for (int i = 0; i < kPerThread; ++i) issued[t].push_back(gen.Next(kNow + i / 20000));
    });
  }
  for (auto& th : threads) th.join();
  std::vector<uint64_t> all;
  for (const auto& ids : issued) {
    BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
    BOOST_TEST((std::adjacent_find(ids.begin(), ids.end()) == ids.end()));
    all.insert(all.end(), ids.begin(), ids.end());
  }
  std::sort(all.begin(), all.end());
  BOOST_TEST((std::adjacent_find(all.begin(), all.end()) == all.end()), "duplicate ids issued");
  BOOST_TEST(all.size() == static_cast<size_t>(kThreads * kPerThread));
  // No id was skipped either: the ids form one contiguous run from the first.
  BOOST_TEST(all.back() - all.front() + 1 == all.size());
}

// Cluster nodes: ids proposed by different nodes in the same millisecond never collide, carry
// their node, and still sort by time; a floor from another node's id is respected.
BOOST_AUTO_TEST_CASE(cluster_nodes_stamp_their_id_and_never_collide) {
  LeadIdGenerator nodes[] = {LeadIdGenerator(0, 1), LeadIdGenerator(0, 2), LeadIdGenerator(0, 3)};
  std::vector<uint64_t> all;
  for (int64_t ms = 0; ms < 3; ++ms) {
    for (unsigned node = 1; node <= 3; ++node) {
      uint64_t previous = 0;
      // More than one millisecond's 256 ids per node: the rest borrow from the next.
      for (int i = 0; i < 300; ++i) {
        uint64_t id = nodes[node - 1].Next(kNow + ms * 10);
        BOOST_REQUIRE(id > previous);
        BOOST_REQUIRE_EQUAL(LeadIdGenerator::NodeOf(id), node);
        BOOST_REQUIRE(LeadIdGenerator::MillisOf(id) >= kNow + ms * 10);
        BOOST_REQUIRE(LeadIdGenerator::MillisOf(id) <= kNow + ms * 10 + 1);
        previous = id;
        all.push_back(id);
      }
    }
  }
  std::sort(all.begin(), all.end());
  BOOST_TEST((std::adjacent_find(all.begin(), all.end()) == all.end()), "two nodes issued the same id");
  // The first id of a millisecond is that millisecond's first, stamped.
  LeadIdGenerator fresh(0, 5);
  BOOST_TEST(fresh.Next(kNow) == (LeadIdGenerator::FirstIdAt(kNow) | 5));

  // Raised to another node's id (as a node learns the highest stored id), the next stays above
  // it and keeps this node's stamp.
  LeadIdGenerator node2(0, 2);
  const uint64_t other = LeadIdGenerator::FirstIdAt(kNow + 50) | 7;
  node2.Raise(other);
  const uint64_t next = node2.Next(kNow);
  BOOST_TEST(next > other);
  BOOST_TEST(LeadIdGenerator::NodeOf(next) == 2u);
  BOOST_TEST(LeadIdGenerator::MillisOf(next) == kNow + 50);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lead_id_generator_test
