// The checkpoint exchange (replog/nats_checkpoint_exchange.h) against real nats-servers on
// loopback: a node fetches another's copy byte for byte, owner-only, and the server's copy is gone
// after; a fetch with no other node serving, or from a node that cannot make a copy, fails within
// its bounds and leaves no directory; stopping removes the copies still held; several nodes fetch
// at once through different servers of a cluster.

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "replog/nats_checkpoint_exchange.h"
#include "tests/support/must.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/temp_dir.h"

namespace checkpoint_exchange_test {

namespace {

namespace fs = std::filesystem;
using lg::core::ErrorKind;
using lg::replog::CheckpointExchange;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::unique_ptr<CheckpointExchange> Open(const std::vector<std::string>& urls, uint32_t node,
                                         lg::replog::NatsCheckpointOptions options = {}) {
  options.urls = urls;
  options.node = node;
  return lg::test::Must(lg::replog::OpenNatsCheckpointExchange(options));
}

std::string Bytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(random());
  return out;
}

// What the serving node's copies hold: a large file (several reads), one in a subdirectory, an
// empty one.
const std::map<std::string, std::string>& Store() {
  static const auto* const kStore = new std::map<std::string, std::string>{
      {"CURRENT", "MANIFEST-000005\n"},
      {"000009.sst", Bytes((size_t{3} << 20) + 12345, 9)},
      {"archive/wal/000007.log", Bytes(70000, 7)},
      {"EMPTY", ""},
  };
  return *kStore;
}

lg::core::Status WriteStore(const std::string& dir) {
  for (const auto& [name, content] : Store()) {
    const fs::path path = fs::path(dir) / name;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) return lg::core::Status::Internal("cannot write " + path.string());
  }
  return lg::core::Status::Ok();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every regular file under `dir`, by relative name.
std::map<std::string, std::string> Files(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out[entry.path().lexically_relative(dir).generic_string()] = ReadFile(entry.path());
  }
  return out;
}

unsigned Mode(const fs::path& path) {
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

size_t Entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The nats-servers (NatsServers makes a JetStream cluster, whose metadata leader needs three) and a
// directory for the nodes' scratch space and fetched copies.
struct Fixture {
  lg::test::NatsCluster nats{3};
  lg::test::TempDir work;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_exchange)

BOOST_FIXTURE_TEST_CASE(a_fetched_copy_is_the_servers_byte_for_byte_owner_only_and_then_removed_there, Fixture) {
  auto server = Open(nats.urls(), 1);
  auto fetcher = Open(nats.urls(), 2);
  int made = 0;
  lg::test::Must(server->Serve(
      [&](const std::string& dir) {
        ++made;
        return WriteStore(dir);
      },
      work.Sub("scratch")));
  BOOST_TEST(Mode(work.Sub("scratch")) == 0700u);

  const fs::path dir = work.Sub("fetched");
  auto fetched = lg::test::Must(fetcher->Fetch(dir, 5s));
  BOOST_TEST(fetched.from_node == 1u);
  BOOST_TEST(fetched.files == Store().size());
  uint64_t bytes = 0;
  for (const auto& [name, content] : Store()) bytes += content.size();
  BOOST_TEST(fetched.bytes == bytes);
  BOOST_TEST(made == 1);

  const auto files = Files(dir);
  BOOST_REQUIRE_EQUAL(files.size(), Store().size());
  for (const auto& [name, content] : Store()) {
    BOOST_REQUIRE_MESSAGE(files.contains(name), name << " was not fetched");
    BOOST_TEST(files.at(name) == content, name << " differs");
    BOOST_TEST(Mode(dir / name) == 0600u, name);
  }
  for (const fs::path& sub : {dir, dir / "archive", dir / "archive/wal"}) BOOST_TEST(Mode(sub) == 0700u, sub);
  // Nothing beside it (the partial copy was renamed into place), nothing left on the server.
  BOOST_TEST(Entries(work.path()) == 2u);  // scratch and fetched
  BOOST_TEST(Entries(work.Sub("scratch")) == 0u);

  // Into a directory that exists: refused, and it is left as it was.
  auto again = fetcher->Fetch(dir, 5s);
  BOOST_REQUIRE(!again.has_value());
  BOOST_TEST(again.error().code() == "checkpoint_dir_exists");
  BOOST_TEST(Files(dir).size() == Store().size());
}

BOOST_FIXTURE_TEST_CASE(with_nobody_serving_a_fetch_is_unavailable_after_its_wait, Fixture) {
  auto fetcher = Open(nats.urls(), 2);
  const auto start = Clock::now();
  auto fetched = fetcher->Fetch(work.Sub("fetched"), 1000ms);
  const double took = SecondsSince(start);
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST((fetched.error().kind() == ErrorKind::kUnavailable));
  BOOST_TEST(fetched.error().code() == "no_checkpoint_source");
  BOOST_TEST(took >= 0.9);
  BOOST_TEST(took < 5.0);
  BOOST_TEST(Entries(work.path()) == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_copy_that_cannot_be_made_fails_the_fetch_and_leaves_no_directory, Fixture) {
  auto server = Open(nats.urls(), 1);
  auto fetcher = Open(nats.urls(), 2);
  lg::test::Must(server->Serve(
      [](const std::string& dir) {
        fs::create_directories(dir);  // half made
        std::ofstream(fs::path(dir) / "CURRENT") << "x";
        return lg::core::Status::Internal("the checkpoint ran out of disk");
      },
      work.Sub("scratch")));
  const auto start = Clock::now();
  auto fetched = fetcher->Fetch(work.Sub("fetched"), 5s);
  BOOST_TEST(SecondsSince(start) < 5.0);
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST((fetched.error().kind() == ErrorKind::kUnavailable));
  BOOST_TEST(fetched.error().code() == "checkpoint_failed");
  BOOST_TEST(fetched.error().detail().find("node 1 could not make a copy") != std::string::npos,
             fetched.error().detail());
  BOOST_TEST(fetched.error().detail().find("ran out of disk") != std::string::npos, fetched.error().detail());
  BOOST_TEST(!fs::exists(work.Sub("fetched")));
  BOOST_TEST(Entries(work.path()) == 1u);  // the scratch directory alone
  BOOST_TEST(Entries(work.Sub("scratch")) == 0u);

  // A copy holding something other than files and directories is not served either.
  server->StopServing();
  lg::test::Must(server->Serve(
      [&](const std::string& dir) {
        fs::create_directories(dir);
        fs::create_symlink("/etc/passwd", fs::path(dir) / "CURRENT");
        return lg::core::Status::Ok();
      },
      work.Sub("scratch")));
  fetched = fetcher->Fetch(work.Sub("fetched"), 5s);
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST(fetched.error().detail().find("neither a file nor a directory") != std::string::npos,
             fetched.error().detail());
  BOOST_TEST(Entries(work.path()) == 1u);
  BOOST_TEST(Entries(work.Sub("scratch")) == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_node_never_fetches_from_itself, Fixture) {
  auto node = Open(nats.urls(), 1);
  int made = 0;
  lg::test::Must(node->Serve(
      [&](const std::string& dir) {
        ++made;
        return WriteStore(dir);
      },
      work.Sub("scratch")));
  const auto start = Clock::now();
  auto fetched = node->Fetch(work.Sub("fetched"), 1000ms);
  BOOST_TEST(SecondsSince(start) < 5.0);
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST(fetched.error().code() == "no_checkpoint_source");
  BOOST_TEST(made == 0);
  // Nor from another process under its own node id.
  auto twin = Open(nats.urls(), 1);
  fetched = twin->Fetch(work.Sub("fetched"), 500ms);
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST(fetched.error().code() == "no_checkpoint_source");
  BOOST_TEST(made == 0);
  // Serving twice is refused.
  auto twice = node->Serve([](const std::string&) { return lg::core::Status::Ok(); }, work.Sub("scratch"));
  BOOST_TEST(twice.code() == "checkpoint_serving");
}

BOOST_FIXTURE_TEST_CASE(stopping_removes_the_copies_still_held_and_fails_their_fetches, Fixture) {
  auto server = Open(nats.urls(), 1);
  auto fetcher = Open(nats.urls(), 2);
  // A copy left by an earlier process is removed when serving starts; other files stay.
  fs::create_directories(work.Sub("scratch/checkpoint-leftover/sub"));
  std::ofstream(work.Sub("scratch/keep")) << "not a copy";

  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  lg::test::Must(server->Serve(
      [&, released](const std::string& dir) {
        lg::core::Status written = WriteStore(dir);
        started.set_value();
        released.wait();  // a checkpoint that takes a while
        return written;
      },
      work.Sub("scratch")));
  BOOST_TEST(!fs::exists(work.Sub("scratch/checkpoint-leftover")));
  BOOST_TEST(fs::exists(work.Sub("scratch/keep")));

  auto fetch = std::async(std::launch::async, [&] { return fetcher->Fetch(work.Sub("fetched"), 5s); });
  BOOST_REQUIRE(started.get_future().wait_for(10s) == std::future_status::ready);
  BOOST_TEST(Entries(work.Sub("scratch")) == 2u);  // keep, and the copy being made
  // The copy is finished while StopServing waits for it; then it is removed.
  std::thread releaser([&] {
    std::this_thread::sleep_for(300ms);
    release.set_value();
  });
  const auto start = Clock::now();
  server->StopServing();
  BOOST_TEST(SecondsSince(start) >= 0.2);
  releaser.join();
  BOOST_TEST(Entries(work.Sub("scratch")) == 1u);  // keep alone

  BOOST_REQUIRE(fetch.wait_for(20s) == std::future_status::ready);
  auto fetched = fetch.get();
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST(fetched.error().code() == "checkpoint_failed", fetched.error().detail());
  BOOST_TEST(!fs::exists(work.Sub("fetched")));
  BOOST_TEST(Entries(work.path()) == 1u);  // the scratch directory alone

  // After stopping, nobody serves; serving again works.
  auto none = fetcher->Fetch(work.Sub("fetched"), 500ms);
  BOOST_REQUIRE(!none.has_value());
  BOOST_TEST(none.error().code() == "no_checkpoint_source");
  lg::test::Must(server->Serve(WriteStore, work.Sub("scratch")));
  BOOST_TEST(lg::test::Must(fetcher->Fetch(work.Sub("fetched"), 5s)).files == Store().size());
}

BOOST_FIXTURE_TEST_CASE(a_fetcher_that_gives_up_on_a_slow_copy_leaves_nothing_behind, Fixture) {
  auto server = Open(nats.urls(), 1);
  lg::replog::NatsCheckpointOptions options;
  options.copy_wait = 300ms;
  auto fetcher = Open(nats.urls(), 2, options);
  std::promise<void> finished;
  lg::test::Must(server->Serve(
      [&](const std::string& dir) {
        std::this_thread::sleep_for(1500ms);
        lg::core::Status written = WriteStore(dir);
        finished.set_value();
        return written;
      },
      work.Sub("scratch")));
  auto fetched = fetcher->Fetch(work.Sub("fetched"), 5s);
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST(fetched.error().detail().find("made no copy within") != std::string::npos, fetched.error().detail());
  BOOST_TEST(!fs::exists(work.Sub("fetched")));
  // The copy it said it was done with is removed once made.
  BOOST_REQUIRE(finished.get_future().wait_for(10s) == std::future_status::ready);
  const auto deadline = Clock::now() + 5s;
  while (Entries(work.Sub("scratch")) != 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  BOOST_TEST(Entries(work.Sub("scratch")) == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_copy_whose_fetcher_went_silent_is_removed_after_the_idle_time, Fixture) {
  lg::replog::NatsCheckpointOptions options;
  options.idle = 500ms;
  auto server = Open({nats.url(0)}, 1, options);
  auto fetcher = Open({nats.url(1)}, 2);
  std::promise<void> started, release, written;
  std::shared_future<void> released = release.get_future().share();
  lg::test::Must(server->Serve(
      [&, released](const std::string& dir) {
        started.set_value();
        released.wait();
        lg::core::Status status = WriteStore(dir);
        written.set_value();
        return status;
      },
      work.Sub("scratch")));
  auto fetch = std::async(std::launch::async, [&] { return fetcher->Fetch(work.Sub("fetched"), 5s); });
  BOOST_REQUIRE(started.get_future().wait_for(10s) == std::future_status::ready);
  // The fetcher has its copy's id and asks whether it is made; then its server freezes: nothing
  // more from it, not even "done".
  std::this_thread::sleep_for(300ms);
  nats.Pause(1);
  release.set_value();
  BOOST_REQUIRE(written.get_future().wait_for(10s) == std::future_status::ready);
  BOOST_TEST(Entries(work.Sub("scratch")) == 1u);
  const auto deadline = Clock::now() + 10s;
  while (Entries(work.Sub("scratch")) != 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  BOOST_TEST(Entries(work.Sub("scratch")) == 0u);
  BOOST_TEST((fetch.wait_for(0s) == std::future_status::timeout), "the fetch ended while its server was frozen");
  nats.Resume(1);
  BOOST_REQUIRE(fetch.wait_for(30s) == std::future_status::ready);
  auto fetched = fetch.get();
  BOOST_REQUIRE(!fetched.has_value());
  BOOST_TEST(fetched.error().code() == "checkpoint_failed", fetched.error().detail());
  BOOST_TEST(!fs::exists(work.Sub("fetched")));
}

BOOST_AUTO_TEST_CASE(several_nodes_fetch_at_once_through_different_servers) {
  lg::test::NatsCluster nats(3);
  lg::test::TempDir work;
  // The server on n1; fetchers 2, 3 and 4 each on its own server of the cluster.
  auto server = Open({nats.url(0)}, 1);
  std::mutex mu;
  int made = 0;
  lg::test::Must(server->Serve(
      [&](const std::string& dir) {
        {
          std::lock_guard lock(mu);
          ++made;
        }
        return WriteStore(dir);
      },
      work.Sub("scratch")));
  std::vector<std::unique_ptr<CheckpointExchange>> fetchers;
  for (int i = 0; i < 3; ++i) fetchers.push_back(Open({nats.url(i)}, 2 + i));
  std::vector<std::future<lg::core::Result<lg::replog::FetchedCheckpoint>>> fetches;
  for (int i = 0; i < 3; ++i) {
    fetches.push_back(std::async(std::launch::async,
                                 [&, i] { return fetchers[i]->Fetch(work.Sub("fetched-" + std::to_string(i)), 10s); }));
  }
  for (int i = 0; i < 3; ++i) {
    BOOST_REQUIRE(fetches[i].wait_for(60s) == std::future_status::ready);
    auto fetched = lg::test::Must(fetches[i].get());
    BOOST_TEST(fetched.from_node == 1u);
    BOOST_TEST((Files(work.Sub("fetched-" + std::to_string(i))) == Store()), "fetcher " << i << " got other bytes");
  }
  BOOST_TEST(made == 3);
  BOOST_TEST(Entries(work.Sub("scratch")) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace checkpoint_exchange_test
