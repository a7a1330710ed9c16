// Db::CommitAsync: units from many threads all land, each caller hears back exactly once, units
// queued while a group commits share the next one, and a group applies puts and deletes of every
// column family in order.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/db.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace group_committer_test {

namespace {

using lg::store::Cf;
using lg::store::Db;
using lg::store::WriteUnit;

std::unique_ptr<WriteUnit> PutUnit(Db& db, Cf cf, const std::string& key, const std::string& value) {
  auto unit = std::make_unique<WriteUnit>(db);
  unit->Put(cf, key, value);
  return unit;
}

// Commits `key` alone and keeps the committer in its callback until the returned promise is
// set: whatever is submitted meanwhile queues up for one next group.
std::promise<void> HoldCommitter(Db& db, const std::string& key) {
  std::promise<void> release;
  auto entered = std::make_shared<std::promise<void>>();
  auto released = release.get_future().share();
  auto in_callback = entered->get_future();
  db.CommitAsync(PutUnit(db, Cf::kMeta, key, "x"), [released, entered](const lg::core::Status&) {
    entered->set_value();
    released.wait();
  });
  in_callback.wait();
  return release;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(group_committer)

BOOST_AUTO_TEST_CASE(units_from_many_threads_all_land_and_report_once) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::atomic<int>> reported(static_cast<size_t>(kThreads) * kPerThread);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        int n = t * kPerThread + i;
        (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "k" + std::to_string(n), "v" + std::to_string(n)),
                           [&, n](const lg::core::Status& status) {
                             if (!status.ok()) ++failures;
                             ++reported[n];
                           });
      }
    });
  }
  for (auto& t : threads) t.join();
  (*db)->WaitForCommits();
  BOOST_TEST(failures == 0);
  for (int n = 0; n < kThreads * kPerThread; ++n) {
    BOOST_TEST_CONTEXT("unit " << n) {
      BOOST_TEST(reported[n] == 1);
      BOOST_TEST(lg::test::Must((*db)->Get(Cf::kMeta, "k" + std::to_string(n))).value_or("") ==
                 "v" + std::to_string(n));
    }
  }
}

BOOST_AUTO_TEST_CASE(units_queued_during_a_commit_share_the_next_group) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  std::promise<void> all_queued = HoldCommitter(**db, "first");
  std::atomic<int> ok{0};
  for (int i = 0; i < 100; ++i) {
    (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "k" + std::to_string(i), "v"), [&](const lg::core::Status& status) {
      if (status.ok()) ++ok;
    });
  }
  all_queued.set_value();
  (*db)->WaitForCommits();
  BOOST_TEST(ok == 100);
  BOOST_TEST((*db)->async_commit_groups() == 2u);
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kMeta, "k99")).value_or("") == "v");
}

BOOST_AUTO_TEST_CASE(a_full_queue_refuses_at_once_with_overloaded_and_stores_nothing_of_it) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"), lg::store::Durability::kFsync, /*max_queued_writes=*/3);
  BOOST_REQUIRE(db.has_value());
  std::promise<void> release = HoldCommitter(**db, "first");
  std::atomic<int> ok{0};
  for (int i = 0; i < 3; ++i) {
    (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "queued" + std::to_string(i), "v"),
                       [&](const lg::core::Status& status) { ok += status.ok() ? 1 : 0; });
  }
  // The fourth waiting unit is refused before CommitAsync returns, on this thread.
  std::optional<lg::core::Status> refused;
  const auto caller = std::this_thread::get_id();
  std::thread::id reported_on;
  (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "refused", "v"), [&](const lg::core::Status& status) {
    refused = status;
    reported_on = std::this_thread::get_id();
  });
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(reported_on == caller);
  BOOST_TEST((refused->kind() == lg::core::ErrorKind::kUnavailable));
  BOOST_TEST(refused->code() == "overloaded");
  release.set_value();
  (*db)->WaitForCommits();
  BOOST_TEST(ok == 3);
  BOOST_TEST(!lg::test::Must((*db)->Get(Cf::kMeta, "refused")).has_value());
  // Once the queue has room again, units are taken.
  std::promise<bool> later;
  (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "later", "v"),
                     [&](const lg::core::Status& status) { later.set_value(status.ok()); });
  BOOST_TEST(later.get_future().get());
}

BOOST_AUTO_TEST_CASE(a_group_applies_puts_and_deletes_of_every_family_in_order) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  std::promise<void> go = HoldCommitter(**db, "gone");
  auto remove = std::make_unique<WriteUnit>(**db);
  remove->Delete(Cf::kMeta, "gone");
  remove->Put(Cf::kIndex, "entry", "");
  (*db)->CommitAsync(std::move(remove), [](const lg::core::Status&) {});
  (*db)->CommitAsync(PutUnit(**db, Cf::kLeads, "lead", "first"), [](const lg::core::Status&) {});
  (*db)->CommitAsync(PutUnit(**db, Cf::kLeads, "lead", "second"), [](const lg::core::Status&) {});
  go.set_value();
  (*db)->WaitForCommits();
  BOOST_TEST(!lg::test::Must((*db)->Get(Cf::kMeta, "gone")).has_value());
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kIndex, "entry")).has_value());
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kLeads, "lead")).value_or("") == "second");
  BOOST_TEST(!lg::test::Must((*db)->Get(Cf::kMeta, "entry")).has_value());  // each change stays in its own family
}

BOOST_AUTO_TEST_CASE(a_throwing_callback_does_not_stop_later_commits) {
  lg::test::TempDir dir;
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "a", "1"),
                     [](const lg::core::Status&) { throw std::runtime_error("caller bug"); });
  std::promise<bool> later;
  (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "b", "2"),
                     [&](const lg::core::Status& status) { later.set_value(status.ok()); });
  auto result = later.get_future();
  BOOST_REQUIRE(result.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  BOOST_TEST(result.get());
  BOOST_TEST(lg::test::Must((*db)->Get(Cf::kMeta, "b")).value_or("") == "2");
}

BOOST_AUTO_TEST_CASE(closing_the_store_commits_what_is_queued) {
  lg::test::TempDir dir;
  {
    auto db = Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(db.has_value());
    for (int i = 0; i < 50; ++i)
      (*db)->CommitAsync(PutUnit(**db, Cf::kMeta, "k" + std::to_string(i), "v"), [](const lg::core::Status&) {});
  }
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  for (int i = 0; i < 50; ++i) BOOST_TEST(lg::test::Must((*db)->Get(Cf::kMeta, "k" + std::to_string(i))).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace group_committer_test
