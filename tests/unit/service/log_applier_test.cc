// Cluster mode's state machine on an in-memory log (replog/memory_log.h): nodes that apply one
// log reach the same state, a restarted node resumes after the last entry it applied, a command
// the log holds twice is applied once, the outbox is appended again after a restart, and an
// entry a node cannot apply stops it there instead of being skipped.
//
// The commands are a test kind, "test.count": each appends its body to a list kept in the store
// and answers with the list's length, so a decision visibly depends on every earlier entry.

#include "service/log_applier.h"

#include <algorithm>
#include <any>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/command.h"
#include "replog/memory_log.h"
#include "service/log_proposer.h"
#include "store/db.h"
#include "store/outbox_repo.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_until.h"

namespace log_applier_test {

namespace {

using lg::core::Command;
using lg::service::LogApplier;
using lg::service::LogProposer;
using lg::store::Cf;
using lg::test::Must;
using namespace std::chrono_literals;

constexpr const char* kListKey = "test/list";

std::string List(const lg::store::Db& db) { return Must(db.Get(Cf::kMeta, kListKey)).value_or(""); }

// One node: its store, applier and proposer on a shared log.
struct Node {
  Node(std::string path, lg::replog::ReplicatedLog& log, uint32_t id) : path(std::move(path)), log(log), id(id) {
    Open();
  }

  void Open() {
    db = Must(lg::store::Db::Open(path));
    applier = std::make_unique<LogApplier>(*db, log, id);
    applier->Handle("test.count", [this](const Command& command, lg::store::WriteUnit& unit) -> std::any {
      std::string list = List(*db) + command.body + ";";
      unit.Put(Cf::kMeta, kListKey, list);
      return static_cast<size_t>(std::count(list.begin(), list.end(), ';'));
    });
    proposer = std::make_unique<LogProposer>(*db, log, *applier, id);
  }
  void Start() {
    Must(proposer->Recover(1s));
    Must(applier->Start());
  }
  void Close() {
    proposer.reset();
    applier.reset();
    db.reset();
  }
  size_t Propose(const std::string& body) {
    Command command;
    command.kind = "test.count";
    command.body = body;
    return std::any_cast<size_t>(Must(proposer->Propose(command, 5s)));
  }

  std::string path;
  lg::replog::ReplicatedLog& log;
  uint32_t id;
  std::unique_ptr<lg::store::Db> db;
  std::unique_ptr<LogApplier> applier;
  std::unique_ptr<LogProposer> proposer;
};

Command TestCommand(uint32_t origin, uint64_t sequence, const std::string& kind, const std::string& body) {
  Command command;
  command.kind = kind;
  command.origin = origin;
  command.sequence = sequence;
  command.body = body;
  return command;
}

// A log that takes no append, as a cluster without a quorum.
class RefusingLog : public lg::replog::MemoryLog {
 public:
  lg::core::Result<std::vector<lg::replog::Appended>> Append(const std::vector<lg::replog::Record>&,
                                                             std::chrono::milliseconds) override {
    return lg::core::Status(lg::core::ErrorKind::kUnavailable, "log_unavailable", "no quorum");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(log_applier)

BOOST_AUTO_TEST_CASE(nodes_applying_one_log_reach_the_same_state_and_each_proposer_gets_its_outcome) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node a(dir.Sub("a"), log, 1), b(dir.Sub("b"), log, 2);
  a.Start();
  b.Start();
  for (int i = 0; i < 20; ++i) {
    Node& node = i % 3 == 0 ? b : a;
    // The outcome is the list's length after this command: every earlier one was applied.
    BOOST_TEST(node.Propose("c" + std::to_string(i)) == static_cast<size_t>(i + 1));
  }
  const uint64_t last = Must(log.Status()).last_position;
  BOOST_REQUIRE(a.applier->WaitFor(last, 5s));
  BOOST_REQUIRE(b.applier->WaitFor(last, 5s));
  BOOST_TEST(List(*a.db) == List(*b.db));
  BOOST_TEST(List(*a.db).rfind("c0;c1;c2;", 0) == 0u);
  // Every proposal was applied where it was made: pruned, nothing is left in the outboxes.
  std::this_thread::sleep_for(5ms);
  Must(a.proposer->PruneOutbox(1ms));
  Must(b.proposer->PruneOutbox(1ms));
  BOOST_TEST(Must(lg::store::ReadOutbox(*a.db)).empty());
  BOOST_TEST(Must(lg::store::ReadOutbox(*b.db)).empty());
}

BOOST_AUTO_TEST_CASE(a_restarted_node_resumes_after_the_last_entry_it_applied) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node a(dir.Sub("a"), log, 1), b(dir.Sub("b"), log, 2);
  a.Start();
  b.Start();
  for (int i = 0; i < 5; ++i) a.Propose("x" + std::to_string(i));
  BOOST_REQUIRE(b.applier->WaitFor(5, 5s));
  b.Close();
  for (int i = 5; i < 8; ++i) a.Propose("x" + std::to_string(i));
  b.Open();
  b.Start();
  BOOST_REQUIRE(b.applier->WaitFor(8, 5s));
  BOOST_TEST(List(*b.db) == List(*a.db));
  BOOST_TEST(List(*b.db) == "x0;x1;x2;x3;x4;x5;x6;x7;");
}

BOOST_AUTO_TEST_CASE(a_command_the_log_holds_twice_is_applied_once) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node node(dir.Sub("n"), log, 1);
  node.Start();
  // The same command under two record ids, as after the log's de-duplication window passed.
  const std::string bytes = lg::core::EncodeCommand(TestCommand(7, 42, "test.count", "once"));
  Must(log.Append({{"first", bytes}, {"copy", bytes}}, 1s));
  Must(log.Append({{"after", lg::core::EncodeCommand(TestCommand(7, 43, "test.count", "next"))}}, 1s));
  BOOST_REQUIRE(node.applier->WaitFor(3, 5s));
  BOOST_TEST(List(*node.db) == "once;next;");
}

BOOST_AUTO_TEST_CASE(a_proposal_the_log_refused_stays_in_the_outbox_and_is_applied_once_after_a_restart) {
  lg::test::TempDir dir;
  RefusingLog refusing;
  {
    Node node(dir.Sub("n"), refusing, 1);
    node.Start();
    Command command;
    command.kind = "test.count";
    command.body = "kept";
    auto outcome = node.proposer->Propose(command, 200ms);
    BOOST_REQUIRE(!outcome.has_value());
    BOOST_TEST(outcome.error().code() == "cluster_unavailable");
    BOOST_TEST(Must(lg::store::ReadOutbox(*node.db)).size() == 1u);
  }
  // The same store on a log that works: the outbox is appended again and applied, once.
  lg::replog::MemoryLog log;
  Node node(dir.Sub("n"), log, 1);
  node.Start();
  BOOST_REQUIRE(node.applier->WaitFor(1, 5s));
  BOOST_TEST(List(*node.db) == "kept;");
  // Applied, it stays in the outbox until it is older than the log's servers may keep it unflushed.
  Must(node.proposer->PruneOutbox(1h));
  BOOST_TEST(Must(lg::store::ReadOutbox(*node.db)).size() == 1u);
  std::this_thread::sleep_for(5ms);
  Must(node.proposer->PruneOutbox(1ms));
  BOOST_TEST(Must(lg::store::ReadOutbox(*node.db)).empty());
  // New proposals take sequences above the recovered one, never its name.
  BOOST_TEST(node.Propose("new") == 2u);
  auto entries = Must(log.Read(1, {.max = 10, .wait = 0ms}));
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  BOOST_TEST(entries[0].id != entries[1].id);
}

BOOST_AUTO_TEST_CASE(a_log_that_lost_acknowledged_entries_gets_them_back_from_the_outboxes) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node first(dir.Sub("a"), log, 1);
  Node second(dir.Sub("b"), log, 2);
  first.Start();
  second.Start();
  BOOST_TEST(first.Propose("a1") == 1u);
  BOOST_TEST(second.Propose("b1") == 2u);
  BOOST_REQUIRE(first.applier->WaitFor(2, 5s));
  // The servers lose everything after position 1: b1 was acknowledged, and both nodes applied it.
  log.LoseAfter(1);
  // A new write lands at position 2 now, where the nodes applied b1.
  Command after = TestCommand(9, 1, "test.count", "c1");
  Must(log.Append({{after.Id(), lg::core::EncodeCommand(after)}}, 1s));
  // Each node sees that the log went back (it is quiet: the idle check) and follows it again.
  BOOST_REQUIRE(
      lg::test::WaitUntil([&] { return first.applier->rewinds() > 0 && second.applier->rewinds() > 0; }, 10s));
  // The proposer of b1 appends its outbox again; b1 is applied once, c1 too.
  Must(second.proposer->Recover(1s));
  BOOST_REQUIRE(
      lg::test::WaitUntil([&] { return List(*first.db) == List(*second.db) && List(*first.db).size() == 9; }, 10s));
  BOOST_TEST(List(*first.db) == "a1;b1;c1;");
  BOOST_TEST(List(*second.db) == "a1;b1;c1;");
  BOOST_TEST(first.applier->health().ok());
}

BOOST_AUTO_TEST_CASE(an_entry_a_node_cannot_apply_stops_it_there) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node node(dir.Sub("n"), log, 1);
  node.Start();
  Must(log.Append({{"1", lg::core::EncodeCommand(TestCommand(5, 1, "test.count", "before"))},
                   {"2", lg::core::EncodeCommand(TestCommand(5, 2, "test.unknown", "?"))},
                   {"3", lg::core::EncodeCommand(TestCommand(5, 3, "test.count", "after"))}},
                  1s));
  BOOST_REQUIRE(node.applier->WaitFor(1, 5s));
  BOOST_TEST(!node.applier->WaitFor(3, 300ms));
  BOOST_TEST(node.applier->applied() == 1u);
  BOOST_TEST(List(*node.db) == "before;");
  BOOST_TEST(node.applier->health().detail().find("test.unknown") != std::string::npos);
  // A restart does not skip it either.
  node.Close();
  node.Open();
  node.Start();
  BOOST_TEST(!node.applier->WaitFor(2, 300ms));
  BOOST_TEST(List(*node.db) == "before;");
}

BOOST_AUTO_TEST_CASE(a_handler_that_throws_stops_the_applier_without_applying_the_entry) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node node(dir.Sub("n"), log, 1);
  node.applier->Handle("test.throw", [](const Command&, lg::store::WriteUnit& unit) -> std::any {
    unit.Put(Cf::kMeta, kListKey, "half;");
    throw std::runtime_error("a bug");
  });
  node.Start();
  Must(log.Append({{"1", lg::core::EncodeCommand(TestCommand(5, 1, "test.throw", ""))},
                   {"2", lg::core::EncodeCommand(TestCommand(5, 2, "test.count", "after"))}},
                  1s));
  BOOST_TEST(!node.applier->WaitFor(1, 300ms));
  BOOST_TEST(List(*node.db).empty());
  BOOST_TEST(node.applier->health().detail().find("a bug") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_proposal_waiting_when_the_applier_goes_away_is_answered_503_at_once) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node node(dir.Sub("n"), log, 1);  // never started: nothing is applied
  Command command;
  command.kind = "test.count";
  auto started = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    node.applier->Stop();  // as at shutdown
  });
  auto outcome = node.proposer->Propose(command, 10s);
  stopper.join();
  BOOST_REQUIRE(!outcome.has_value());
  BOOST_TEST(outcome.error().code() == "cluster_unavailable");
  BOOST_TEST((std::chrono::steady_clock::now() - started < 5s), "the proposal waited for its whole deadline");
}

BOOST_AUTO_TEST_CASE(proposals_made_at_once_share_log_entries_and_each_gets_its_own_outcome) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node a(dir.Sub("a"), log, 1), b(dir.Sub("b"), log, 2);
  a.Start();
  b.Start();
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::vector<size_t>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        outcomes[t].push_back(a.Propose("t" + std::to_string(t) + "." + std::to_string(i)));
    });
  }
  for (auto& thread : threads) thread.join();
  // Each command was decided after every earlier one: the outcomes are 1..N, each once.
  std::vector<size_t> all;
  for (const auto& each : outcomes) all.insert(all.end(), each.begin(), each.end());
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < all.size(); ++i) BOOST_REQUIRE_EQUAL(all[i], i + 1);
  const uint64_t last = Must(log.Status()).last_position;
  BOOST_TEST(last < static_cast<uint64_t>(kThreads * kEach), "every command took an entry of its own");
  BOOST_REQUIRE(b.applier->WaitFor(last, 5s));
  BOOST_TEST(List(*b.db) == List(*a.db));
}

BOOST_AUTO_TEST_CASE(an_entry_stopped_halfway_is_applied_again_from_its_start_without_repeating_a_command) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node node(dir.Sub("n"), log, 1);
  int failures_left = 1;  // the second command fails once (a full disk), then goes through
  node.applier->Handle("test.flaky", [&](const Command& command, lg::store::WriteUnit& unit) -> std::any {
    if (failures_left-- > 0) throw std::runtime_error("no space left");
    unit.Put(Cf::kMeta, kListKey, List(*node.db) + command.body + ";");
    return std::any();
  });
  node.Start();
  const std::string first = lg::core::EncodeCommand(TestCommand(5, 1, "test.count", "a"));
  const std::string second = lg::core::EncodeCommand(TestCommand(5, 2, "test.flaky", "b"));
  const std::string third = lg::core::EncodeCommand(TestCommand(5, 3, "test.count", "c"));
  Must(log.Append({{"batch", lg::core::EncodeCommandBatch({first, second, third})}}, 1s));
  // The first command is in; the entry is not, until all of it is.
  BOOST_REQUIRE(lg::test::WaitUntil([&] { return !node.applier->health().ok(); }, 5s));
  BOOST_TEST(List(*node.db) == "a;");
  BOOST_TEST(node.applier->applied() == 0u);
  // Tried again (a second later): the rest is applied, the first command not twice.
  BOOST_REQUIRE(node.applier->WaitFor(1, 5s));
  BOOST_TEST(List(*node.db) == "a;b;c;");
  BOOST_TEST(node.applier->health().ok());
  // A restart keeps it so.
  node.Close();
  node.Open();
  node.applier->Handle("test.flaky", [](const Command&, lg::store::WriteUnit&) -> std::any { return std::any(); });
  node.Start();
  BOOST_TEST(node.applier->applied() == 1u);
  BOOST_TEST(List(*node.db) == "a;b;c;");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace log_applier_test
