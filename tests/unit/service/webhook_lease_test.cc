// Cluster mode's webhook delivery lease on an in-memory log (replog/memory_log.h): one node holds
// it at a time and every node agrees which; the holder keeps it by renewing; when it stops (dies),
// another node takes it once its term has run out, never before; a holder stops counting itself
// the deliverer a quarter of a term before its lease ends.

#include "service/webhook_lease.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/time_util.h"
#include "replog/memory_log.h"
#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "store/db.h"
#include "store/webhook_delivery_repo.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_until.h"

namespace webhook_lease_test {

namespace {

using lg::test::Must;
using lg::test::WaitUntil;
using namespace std::chrono_literals;

constexpr auto kTerm = 600ms;

struct Node {
  Node(const std::string& path, lg::replog::ReplicatedLog& log, uint32_t id) {
    db = Must(lg::store::Db::Open(path));
    repo = std::make_unique<lg::store::WebhookDeliveryRepo>(*db);
    applier = std::make_unique<lg::service::LogApplier>(*db, log, id);
    proposer = std::make_unique<lg::service::LogProposer>(*db, log, *applier, id);
    lease = std::make_unique<lg::service::WebhookLease>(*repo, *proposer, *applier, id, kTerm);
    Must(applier->Start());
    Must(lease->Start());
  }
  ~Node() { Stop(); }
  // As a killed node: nothing renews, nothing applies.
  void Stop() {
    if (lease) lease->Stop();
    if (proposer) proposer->Stop();
    if (applier) applier->Stop();
  }
  bool Held() const { return lease->Held(lg::core::NowMillis()); }
  uint32_t Holder() const { return Must(repo->Lease()).value_or(lg::store::WebhookLease{}).node; }

  std::unique_ptr<lg::store::Db> db;
  std::unique_ptr<lg::store::WebhookDeliveryRepo> repo;
  std::unique_ptr<lg::service::LogApplier> applier;
  std::unique_ptr<lg::service::LogProposer> proposer;
  std::unique_ptr<lg::service::WebhookLease> lease;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_lease)

BOOST_AUTO_TEST_CASE(one_node_holds_the_lease_and_another_takes_it_only_after_the_holder_stops) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node a_node(dir.Sub("a"), log, 1), b(dir.Sub("b"), log, 2), c(dir.Sub("c"), log, 3);
  Node* a = &a_node;
  BOOST_REQUIRE(WaitUntil([&] { return a->Held() || b.Held() || c.Held(); }, 5s));
  // Three terms: the holder renews, nobody else ever holds it meanwhile, and all agree who does.
  const uint32_t first = a->Held() ? 1 : b.Held() ? 2 : 3;
  const auto until = std::chrono::steady_clock::now() + 3 * kTerm;
  while (std::chrono::steady_clock::now() < until) {
    BOOST_TEST_REQUIRE(int{a->Held()} + int{b.Held()} + int{c.Held()} <= 1);
    std::this_thread::sleep_for(10ms);
  }
  Node* holder = first == 1 ? a : first == 2 ? &b : &c;
  BOOST_TEST(holder->Held());
  const uint64_t last = Must(log.Status()).last_position;
  for (Node* node : {a, &b, &c}) {
    BOOST_REQUIRE(node->applier->WaitFor(last, 5s));
    BOOST_TEST(node->Holder() == first);
  }

  // The holder dies: within its term nobody takes over; after it, one other node does.
  const auto stopped = std::chrono::steady_clock::now();
  holder->Stop();
  Node* others[2];
  int n = 0;
  for (Node* node : {a, &b, &c}) {
    if (node != holder) others[n++] = node;
  }
  BOOST_REQUIRE(WaitUntil([&] { return others[0]->Held() || others[1]->Held(); }, 5s));
  // Its last renewal's term ran out first.
  BOOST_TEST((std::chrono::steady_clock::now() - stopped >= kTerm / 2));
  BOOST_TEST(!(others[0]->Held() && others[1]->Held()));
  const uint32_t second = others[0]->Held() ? others[0]->Holder() : others[1]->Holder();
  BOOST_TEST(second != first);
}

BOOST_AUTO_TEST_CASE(a_holder_cut_off_from_the_log_stops_delivering_before_its_lease_ends) {
  lg::test::TempDir dir;
  lg::replog::MemoryLog log;
  Node a(dir.Sub("a"), log, 1);
  BOOST_REQUIRE(WaitUntil([&] { return a.Held(); }, 5s));
  // No renewal reaches the log any more (as a node cut off): it delivers until a quarter of a
  // term before its lease's end, then no more.
  a.Stop();
  const auto lease = *a.lease->Current();
  BOOST_TEST(lease.node == 1u);
  BOOST_TEST(a.lease->Held(lease.until - kTerm.count() / 4 - 1));
  BOOST_TEST(!a.lease->Held(lease.until - kTerm.count() / 4));
  BOOST_TEST(!a.lease->Held(lease.until));
  BOOST_REQUIRE(WaitUntil([&] { return !a.Held(); }, 5s));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace webhook_lease_test
