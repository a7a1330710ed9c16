// The replicated log (replog/) against a real 3-server JetStream cluster on loopback: appends
// come back in the same order to every reader, a record appended twice is kept once, and nothing
// acknowledged is lost when the stream's leader is SIGKILLed while a writer appends.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "replog/nats_log.h"
#include "tests/support/must.h"
#include "tests/support/nats_cluster.h"

namespace replicated_log_test {

namespace {

using lg::replog::Entry;
using lg::replog::Record;
using lg::replog::ReplicatedLog;
using namespace std::chrono_literals;

std::unique_ptr<ReplicatedLog> Open(const std::vector<std::string>& urls) {
  lg::replog::NatsLogOptions options;
  options.urls = urls;
  return lg::test::Must(lg::replog::OpenNatsLog(options));
}

// Every entry from position 1 to `last`, read in pages.
std::vector<Entry> ReadAll(ReplicatedLog& log, uint64_t last) {
  std::vector<Entry> out;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (out.size() < last && std::chrono::steady_clock::now() < deadline) {
    auto page = log.Read(out.size() + 1, {.max = 100, .wait = 1000ms});
    // Unavailable while the server is still joining the cluster: a reader tries again.
    if (!page.has_value() && page.error().kind() == lg::core::ErrorKind::kUnavailable) {
      std::this_thread::sleep_for(50ms);
      continue;
    }
    for (auto& entry : lg::test::Must(std::move(page))) out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(replicated_log)

// Erasure: a deleted lead's commands must leave the log within cluster.stream_max_age_hours, also
// for a stream created before that setting (opening the log sets the age on it).
BOOST_AUTO_TEST_CASE(entries_age_out_of_a_stream_once_a_max_age_is_set_on_it) {
  lg::test::NatsCluster cluster(3);
  lg::replog::NatsLogOptions options;
  options.urls = {cluster.url(0), cluster.url(1), cluster.url(2)};
  auto first = lg::test::Must(lg::replog::OpenNatsLog(options));  // keeps every entry
  std::vector<Record> batch{{"a", "lead a@example.com"}, {"b", "lead b@example.com"}};
  lg::test::Must(first->Append(batch, 5s));
  std::this_thread::sleep_for(1500ms);
  // Read in pages until both are in (a first read of a new stream may answer before they are):
  // a stream that had dropped them would answer log_truncated instead.
  BOOST_TEST(ReadAll(*first, 2).size() == 2u, "entries stay without a max age");
  first.reset();

  options.max_age = 1s;
  auto aged = lg::test::Must(lg::replog::OpenNatsLog(options));
  // Older than a second already: gone within JetStream's expiry check (the stream then starts
  // past them).
  bool aged_out = false;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!aged_out && std::chrono::steady_clock::now() < deadline) {
    auto status = aged->Status();
    aged_out = status.has_value() && status->first_position > 2;
    if (!aged_out) std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(aged_out, "the entries older than the max age are still in the stream");
  // New entries are still taken, at the next positions, and a reader from the start learns that
  // the log no longer holds it.
  auto appended = lg::test::Must(aged->Append({{"c", "lead c"}}, 5s));
  BOOST_REQUIRE_EQUAL(appended.size(), 1u);
  BOOST_TEST(appended[0].position == 3u);
  auto from_start = aged->Read(1, {.max = 10, .wait = 2000ms});
  BOOST_REQUIRE(!from_start.has_value());
  BOOST_TEST(from_start.error().code() == "log_truncated");
}

BOOST_AUTO_TEST_CASE(every_reader_gets_the_appends_in_one_order_and_a_repeated_id_once) {
  lg::test::NatsCluster cluster(3);
  // Each node knows the whole cluster, and is listed its own server first.
  std::vector<std::unique_ptr<ReplicatedLog>> nodes;
  for (int i = 0; i < 3; ++i) {
    std::vector<std::string> urls{cluster.url(i)};
    for (int j = 0; j < 3; ++j) {
      if (j != i) urls.push_back(cluster.url(j));
    }
    nodes.push_back(Open(urls));
  }
  auto status = nodes[0]->Status();
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(!status->leader.empty());
  BOOST_TEST(status->replicas.size() == 2u);

  // Three nodes append in turns, in batches; a batch retried with the same ids adds nothing.
  std::vector<std::string> expected;
  for (size_t round = 0; round < 20; ++round) {
    auto& node = *nodes[round % 3];
    std::vector<Record> batch;
    for (int i = 0; i < 5; ++i) {
      std::string id = "r" + std::to_string(round) + "-" + std::to_string(i);
      batch.push_back({id, "payload of " + id + std::string(round * 10, 'x')});
      expected.push_back(id);
    }
    auto appended = lg::test::Must(node.Append(batch, 5s));
    BOOST_REQUIRE_EQUAL(appended.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      BOOST_TEST(appended[i].position == round * 5 + i + 1);
      BOOST_TEST(!appended[i].duplicate);
    }
    if (round % 4 == 0) {
      auto again = lg::test::Must(nodes[(round + 1) % 3]->Append(batch, 5s));
      for (size_t i = 0; i < batch.size(); ++i) {
        BOOST_TEST(again[i].duplicate);
        BOOST_TEST(again[i].position == appended[i].position);
      }
    }
  }
  for (auto& node : nodes) {
    auto entries = ReadAll(*node, expected.size());
    BOOST_REQUIRE_EQUAL(entries.size(), expected.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      BOOST_TEST(entries[i].position == i + 1);
      BOOST_TEST(entries[i].id == expected[i]);
      BOOST_TEST(entries[i].payload.rfind("payload of " + expected[i], 0) == 0u);
    }
    // Nothing past the end: an empty page after the wait.
    auto past = node->Read(expected.size() + 1, {.max = 10, .wait = 50ms});
    BOOST_REQUIRE(past.has_value());
    BOOST_TEST(past->empty());
  }
}

BOOST_AUTO_TEST_CASE(nothing_acknowledged_is_lost_when_the_leader_is_killed) {
  lg::test::NatsCluster cluster(3);
  auto writer = Open(cluster.urls());
  auto status = writer->Status();
  BOOST_REQUIRE(status.has_value());
  const int leader = cluster.index_of(status->leader);
  BOOST_REQUIRE_MESSAGE(leader >= 0, "unknown leader " << status->leader);

  std::vector<std::string> acked;
  std::chrono::steady_clock::duration longest_gap{};
  auto last_ack = std::chrono::steady_clock::now();
  bool killed = false;
  for (int i = 0; acked.size() < 600; ++i) {
    if (acked.size() == 300 && !killed) {
      cluster.Kill(leader);
      killed = true;
      last_ack = std::chrono::steady_clock::now();
    }
    std::string id = "w" + std::to_string(i);
    lg::test::Must(writer->Append({{id, "lead " + id}}, 30s));
    auto now = std::chrono::steady_clock::now();
    longest_gap = std::max(longest_gap, now - last_ack);
    last_ack = now;
    acked.push_back(id);
  }
  const auto gap_ms = std::chrono::duration_cast<std::chrono::milliseconds>(longest_gap).count();
  BOOST_TEST_MESSAGE("longest wait for an append across the leader's death: " << gap_ms << " ms");

  auto after = writer->Status();
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(after->leader != status->leader);
  // A reader on a surviving server sees every acknowledged record once, in the order acked.
  std::vector<std::string> survivors;
  for (int i = 0; i < 3; ++i) {
    if (i != leader) survivors.push_back(cluster.url(i));
  }
  auto reader = Open(survivors);
  auto entries = ReadAll(*reader, after->last_position);
  std::vector<std::string> ids;
  for (const auto& entry : entries) ids.push_back(entry.id);
  BOOST_TEST(ids == acked, boost::test_tools::per_element());

  // The killed server comes back and catches up: a reader on it alone sees the same log.
  cluster.Restart(leader);
  auto rejoined = Open({cluster.url(leader)});
  auto again = ReadAll(*rejoined, after->last_position);
  BOOST_TEST(again.size() == entries.size());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace replicated_log_test
