// Cluster mode end to end: three nats-servers (a JetStream cluster on loopback) and three real
// leadgate nodes over them. What a user of the cluster would notice:
//  - writes spread over every node read back the same from every node, a vendor's scoped list is
//    the same everywhere, and a sync walk by updated_at that hops between nodes sees every lead
//    once;
//  - the same Idempotency-Key, or the same e-mail under a reject rule, sent at once to two nodes
//    makes one lead;
//  - a lead deleted, or a person erased, through one node is gone from every node, and every
//    node's sync feed shows the same tombstone for it;
//  - a campaign's retention erases its old leads on every node alike, with the same tombstones;
//  - SIGKILLing the log's leader under write load loses no acknowledged lead and duplicates none.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "replog/nats_log.h"
#include "tests/support/json_helpers.h"
#include "tests/support/leadgate_cluster.h"
#include "tests/support/must.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/wait_until.h"

namespace cluster_suite_test {

namespace {

using lg::test::At;
using lg::test::HttpClient;
using lg::test::HttpResult;
using lg::test::Json;
using lg::test::LeadgateCluster;
using lg::test::Member;
using lg::test::NatsCluster;
using lg::test::Position;
using Clock = std::chrono::steady_clock;

constexpr const char* kCampaign = R"({"name": "Cluster", "fields": [{"slug": "name", "type": "text"},
    {"slug": "email", "type": "email"}],
    "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
    "statuses": [{"slug": "new", "default": true}, {"slug": "called"}],
    "duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "reject"}]})";

std::string Lead(const std::string& name, const std::string& email, const std::string& source) {
  return R"({"field_values": {"name": ")" + name + R"(", "email": ")" + email +
         R"("}, "select_field_values": {"source": ")" + source + R"("}})";
}

// Every lead of campaign 1 as the node has them, newest first: the list answers' data arrays,
// page after page, as sent, and how many leads they hold.
struct Leads {
  std::string json;
  size_t count = 0;
  bool operator==(const Leads&) const = default;
};

Leads AllLeads(HttpClient& client, uint64_t position, const std::string& token) {
  Leads all;
  std::string cursor;
  for (;;) {
    std::string target = "/v2/campaigns/1/leads?limit=500";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    HttpResult res = At(client, position, "GET", target, token);
    BOOST_REQUIRE_EQUAL(res.status, 200);
    Json json(res.body);
    all.json += simdjson::to_string(json["data"]);
    all.count += lg::test::Arr(json["data"]).size();
    auto next = Json::Find(json["meta"], "next_cursor");
    if (!next || next->is_null()) return all;
    cursor = lg::test::Str(*next);
  }
}

// Eight writers spread over the nodes, each lead under its own Idempotency-Key, retried (on the
// next node) after a 503 or a lost connection until answered. Every 201 is recorded.
struct Writers {
  // `position`: where the token was minted (every node must have applied it).
  Writers(const LeadgateCluster& nodes, const std::string& token, uint64_t position) {
    for (int w = 0; w < 8; ++w) {
      threads.emplace_back([this, &nodes, token, position, w] {
        for (int i = 0; !stop; ++i) {
          const std::string key = "w" + std::to_string(w) + "-" + std::to_string(i);
          for (int attempt = 0; !stop; ++attempt) {
            HttpResult res;  // status 0: no answer (a connection refused or cut)
            try {
              HttpClient client = nodes.Client((w + attempt) % nodes.size());
              res = client.Request("POST", "/v2/campaigns/1/leads", Lead(key, key + "@example.com", "a"), token,
                                   {{"Idempotency-Key", key}, {"Leadgate-Min-Position", std::to_string(position)}});
            } catch (const std::exception&) {
            }
            if (res.status == 201) {
              std::lock_guard lock(mu);
              acknowledged[key] = Member(res.body, "id");
              answered_at.push_back(Clock::now());
              break;
            }
            if (res.status != 503 && res.status != 0) {
              std::lock_guard lock(mu);
              unexpected.push_back("node " + std::to_string((w + attempt) % nodes.size() + 1) + ": " +
                                   std::to_string(res.status) + " " + res.body + "\n" +
                                   nodes.LogTail((w + attempt) % nodes.size()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }
      });
    }
  }
  ~Writers() { Stop(); }
  void Stop() {
    stop = true;
    for (auto& thread : threads) {
      if (thread.joinable()) thread.join();
    }
    BOOST_TEST(unexpected.empty(), (unexpected.empty() ? "" : unexpected.front()));
  }
  // The longest time without any answer after `since`, in seconds.
  double LongestGapAfter(Clock::time_point since) {
    std::vector<Clock::time_point> times;
    {
      std::lock_guard lock(mu);
      times = answered_at;
    }
    std::sort(times.begin(), times.end());
    double gap = 0;
    for (size_t i = 1; i < times.size(); ++i) {
      if (times[i] > since) gap = std::max(gap, std::chrono::duration<double>(times[i] - times[i - 1]).count());
    }
    return gap;
  }
  size_t AnsweredAfter(Clock::time_point since) {
    std::lock_guard lock(mu);
    return static_cast<size_t>(
        std::count_if(answered_at.begin(), answered_at.end(), [&](auto t) { return t > since; }));
  }

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<std::string, std::string> acknowledged;  // key -> lead id
  std::vector<Clock::time_point> answered_at;
  std::vector<std::string> unexpected;
  std::vector<std::thread> threads;
};

// Every acknowledged lead (by its key, the lead's name) is on every node exactly once.
void ExpectEachOnceOnEveryNode(const LeadgateCluster& nodes, const std::map<std::string, std::string>& acknowledged) {
  HttpClient client = nodes.Client(0);
  static int probes = 0;
  const std::string probe = "probe" + std::to_string(++probes);
  HttpResult last =
      client.Request("POST", "/v2/campaigns/1/leads", Lead(probe, probe + "@example.com", "b"), nodes.admin());
  BOOST_REQUIRE_MESSAGE(last.status == 201, last.body);
  for (int i = 0; i < nodes.size(); ++i) {
    HttpClient reader = nodes.Client(i);
    std::map<std::string, int> names;
    std::string cursor;
    for (;;) {
      std::string target = "/v2/campaigns/1/leads?limit=500";
      if (!cursor.empty()) target += "&cursor=" + cursor;
      HttpResult page = At(reader, Position(last), "GET", target, nodes.admin());
      BOOST_REQUIRE_MESSAGE(page.status == 200, "node " << i + 1 << ": " << page.status << " " << page.body << "\n"
                                                        << nodes.LogTail(i));
      Json json(page.body);
      for (auto lead : lg::test::Arr(json["data"])) {
        ++names[lg::test::Str(Json::At(Json::At(lead, "field_values"), "name"))];
      }
      auto next = Json::Find(json["meta"], "next_cursor");
      if (!next || next->is_null()) break;
      cursor = lg::test::Str(*next);
    }
    size_t wrong = 0;
    for (const auto& [key, id] : acknowledged) {
      if (names[key] != 1 && ++wrong <= 5) {
        BOOST_TEST(names[key] == 1,
                   "node " << i + 1 << ": lead " << key << " (id " << id << ") is there " << names[key] << " times");
      }
    }
    BOOST_TEST(wrong == 0u, "node " << i + 1 << ": " << wrong << " of " << acknowledged.size() << " leads wrong");
  }
}

// The cluster with a campaign (campaign 1, a reject rule on e-mail), and a vendor token that sees
// and writes only source "a".
struct Fixture {
  NatsCluster nats{3};
  LeadgateCluster nodes;
  std::string vendor;
  uint64_t position = 0;

  explicit Fixture(const std::vector<std::string>& sets = {}) : nodes(nats, 3, sets) {
    HttpClient admin = nodes.Client(0);
    HttpResult campaign = admin.Request("POST", "/v2/campaigns", kCampaign, nodes.admin());
    BOOST_REQUIRE_MESSAGE(campaign.status == 201, campaign.body);
    // The filter on another node than the campaign: it must have applied the campaign first.
    HttpClient second = nodes.Client(1);
    HttpResult filter = At(second, Position(campaign), "POST", "/v2/campaigns/1/filters", nodes.admin(),
                           R"({"name": "only a", "match": "all",
                               "conditions": [{"field": "source", "op": "eq", "value": "a"}]})");
    BOOST_REQUIRE_MESSAGE(filter.status == 201, filter.body);
    HttpClient third = nodes.Client(2);
    HttpResult token = At(third, Position(filter), "POST", "/v2/tokens", nodes.admin(),
                          R"({"name": "Vendor A", "permission": "read_write", "campaign_id": 1, "filter_id": )" +
                              Member(filter.body, "id") + "}");
    BOOST_REQUIRE_MESSAGE(token.status == 201, token.body);
    vendor = Member(token.body, "token");
    position = Position(token);
  }
};

// Nodes that look for leads past their retention every second.
struct RetentionFixture : Fixture {
  RetentionFixture() : Fixture({"erasure.retention_interval_seconds=1"}) {}
};

// A log that keeps its last 60 entries only, and nodes that start from a copy whenever their store
// is empty (so nodes 2 and 3 already did at the fixture's start).
struct ShortLogFixture : Fixture {
  ShortLogFixture() : Fixture({"cluster.stream_max_entries=60", "cluster.copy_after_entries=0"}) {}

  // `count` leads written one after the other on nodes 1 and 2 (an entry each): the log moves on.
  // Retried with their Idempotency-Key while the log elects a leader (503).
  void WriteLeads(const std::string& prefix, int count, std::map<std::string, std::string>& acknowledged) {
    for (int i = 0; i < count; ++i) {
      const std::string key = prefix + std::to_string(i);
      const auto deadline = Clock::now() + std::chrono::seconds(60);
      HttpResult res;
      for (int attempt = 0; res.status != 201 && Clock::now() < deadline; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        HttpClient client = nodes.Client((i + attempt) % 2);
        res = client.Request("POST", "/v2/campaigns/1/leads", Lead(key, key + "@example.com", "a"), vendor,
                             {{"Idempotency-Key", key}, {"Leadgate-Min-Position", std::to_string(position)}});
        BOOST_REQUIRE_MESSAGE(res.status == 201 || res.status == 503, res.status << " " << res.body);
      }
      BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
      acknowledged[key] = Member(res.body, "id");
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_suite)

BOOST_FIXTURE_TEST_CASE(writes_spread_over_the_nodes_read_back_the_same_from_every_node, Fixture) {
  std::vector<HttpClient> clients;
  for (int i = 0; i < nodes.size(); ++i) clients.push_back(nodes.Client(i));
  // 60 creates round-robin over the nodes, half by the vendor (source a), half by the admin.
  std::vector<std::string> paths;
  for (int i = 0; i < 60; ++i) {
    const bool by_vendor = i % 2 == 0;
    HttpClient& client = clients[i % 3];
    HttpResult res =
        At(client, position, "POST", "/v2/campaigns/1/leads", by_vendor ? vendor : nodes.admin(),
           Lead("lead " + std::to_string(i), "l" + std::to_string(i) + "@example.com", by_vendor ? "a" : "b"));
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    position = std::max(position, Position(res));
    paths.push_back("/v2/campaigns/1/leads/" + Member(res.body, "id"));
  }
  // Every fifth lead changes status on another node than the one that created it.
  for (size_t i = 0; i < paths.size(); i += 5) {
    HttpClient& client = clients[(i + 1) % 3];
    HttpResult res = At(client, position, "PATCH", paths[i], nodes.admin(), R"({"status": "called"})");
    BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
    position = std::max(position, Position(res));
  }

  // A position that is none is named, not waited for.
  HttpResult bad = clients[1].Request("GET", "/v2/campaigns/1/leads", "", vendor, {{"Leadgate-Min-Position", "x1"}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(bad.body.find(R"("field":"Leadgate-Min-Position","code":"invalid_parameter")") != std::string::npos,
             bad.body);

  // The same leads, byte for byte, from every node; the vendor sees its 30 and only those.
  const Leads expected = AllLeads(clients[0], position, nodes.admin());
  const Leads vendor_expected = AllLeads(clients[0], position, vendor);
  BOOST_TEST(expected.count == 60u);
  BOOST_TEST(vendor_expected.count == 30u);
  BOOST_TEST(vendor_expected.json.find(R"("source":"b")") == std::string::npos);
  for (int i = 1; i < nodes.size(); ++i) {
    BOOST_TEST((AllLeads(clients[i], position, nodes.admin()) == expected), "node " << i + 1 << " differs");
    BOOST_TEST((AllLeads(clients[i], position, vendor) == vendor_expected), "node " << i + 1 << " differs (vendor)");
  }

  // A sync walk by updated_at, each page from the next node: every lead once.
  std::multiset<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 40; ++page) {
    std::string target = "/v2/campaigns/1/leads?sort=updated_at&limit=7";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    HttpResult res = At(clients[page % 3], position, "GET", target, nodes.admin());
    BOOST_REQUIRE_EQUAL(res.status, 200);
    Json json(res.body);
    for (auto lead : lg::test::Arr(json["data"])) seen.insert(std::to_string(lg::test::U64(Json::At(lead, "id"))));
    auto next = Json::Find(json["meta"], "next_cursor");
    if (!next || next->is_null()) break;
    cursor = lg::test::Str(*next);
  }
  BOOST_TEST(seen.size() == 60u);
  BOOST_TEST(std::set<std::string>(seen.begin(), seen.end()).size() == 60u, "a lead came twice");

  // The audit log is the same from every node: a failed authentication on node 3 and a vendor's
  // out-of-scope read on node 2 are in node 1's.
  HttpResult refused = clients[2].Request("GET", "/v2/campaigns/1/leads", "", "lg_not_a_token");
  BOOST_TEST(refused.status == 401);
  HttpResult outside = clients[1].Request("GET", paths[1], "", vendor);  // an admin's lead, source b
  BOOST_TEST(outside.status == 404);
  auto audit_has = [&](HttpClient& client, const std::string& kind) {
    HttpResult audit = client.Request("GET", "/v2/audit?kind=" + kind, "", nodes.admin());
    return audit.status == 200 && audit.body.find(R"("kind":")" + kind + "\"") != std::string::npos;
  };
  for (int i = 0; i < nodes.size(); ++i) {
    BOOST_TEST(lg::test::WaitUntil([&] { return audit_has(clients[i], "auth_failed"); }, std::chrono::seconds(10)),
               "node " << i + 1 << " has no auth_failed event");
    BOOST_TEST(lg::test::WaitUntil([&] { return audit_has(clients[i], "out_of_scope"); }, std::chrono::seconds(10)),
               "node " << i + 1 << " has no out_of_scope event");
  }

  // A bulk is one command: what the log cannot hold in one entry (nats-server's default
  // max_payload, 1 MiB) is refused with 413 before anything is stored; a smaller one is stored.
  std::string big, small;
  const std::string padding(400, 'x');  // 3,000 leads of about 0.5 KiB: 1.4 MiB
  for (int i = 0; i < 3000; ++i) {
    big += Lead("bulk " + std::to_string(i) + padding, "b" + std::to_string(i) + "@example.com", "b") + "\n";
  }
  for (int i = 0; i < 5; ++i)
    small += Lead("small " + std::to_string(i), "s" + std::to_string(i) + "@example.com", "b") + "\n";
  HttpResult refused_bulk = clients[0].Request("POST", "/v2/campaigns/1/leads/bulk", big, nodes.admin(),
                                               {{"Content-Type", "application/x-ndjson"}});
  BOOST_TEST(refused_bulk.status == 413, refused_bulk.body);
  BOOST_TEST(refused_bulk.body.find("max_payload") != std::string::npos, refused_bulk.body);
  HttpClient fresh = nodes.Client(0);  // the refused body was not read to its end: that connection closes
  HttpResult stored_bulk = fresh.Request("POST", "/v2/campaigns/1/leads/bulk", small, nodes.admin(),
                                         {{"Content-Type", "application/x-ndjson"}});
  BOOST_TEST(stored_bulk.status == 200, stored_bulk.body);
  BOOST_TEST(stored_bulk.body.find(R"("created":5)") != std::string::npos, stored_bulk.body);

  // An operator asks a node where it stands.
  const std::string status = nodes.StatusOutput(1);
  BOOST_TEST(status.find("stream leadgate") != std::string::npos, status << nodes.LogTail(1));
  BOOST_TEST(status.find("leader:    n") != std::string::npos, status);
  BOOST_TEST(status.find("this node (node_id 2)") != std::string::npos, status);
  BOOST_TEST(status.find("STOPPED") == std::string::npos, status);
}

BOOST_FIXTURE_TEST_CASE(the_same_key_or_the_same_email_sent_at_once_to_two_nodes_makes_one_lead, Fixture) {
  for (int round = 0; round < 8; ++round) {
    // The same Idempotency-Key to node 1 and node 2 at once: both answered with one lead.
    const std::string key = "same-key-" + std::to_string(round);
    const std::string body = Lead("keyed", "k" + std::to_string(round) + "@example.com", "a");
    HttpResult answers[2];
    std::thread racers[2];
    for (int n = 0; n < 2; ++n) {
      racers[n] = std::thread([&, n] {
        HttpClient client = nodes.Client(n);
        answers[n] = client.Request("POST", "/v2/campaigns/1/leads", body, vendor,
                                    {{"Idempotency-Key", key}, {"Leadgate-Min-Position", std::to_string(position)}});
      });
    }
    for (auto& racer : racers) racer.join();
    BOOST_REQUIRE_MESSAGE(
        answers[0].status == 201 && answers[1].status == 201,
        answers[0].status << " " << answers[0].body << " / " << answers[1].status << " " << answers[1].body);
    BOOST_TEST(Member(answers[0].body, "id") == Member(answers[1].body, "id"));
    BOOST_TEST(
        (answers[0].Header("idempotent-replayed") == "true") != (answers[1].Header("idempotent-replayed") == "true"),
        "exactly one of the two answers is the replay");

    // The same e-mail without a key, at once: one 201, one 409 naming it.
    const std::string email = "same" + std::to_string(round) + "@example.com";
    for (int n = 0; n < 2; ++n) {
      racers[n] = std::thread([&, n] {
        HttpClient client = nodes.Client(n + 1);
        answers[n] = client.Request("POST", "/v2/campaigns/1/leads", Lead("racer", email, "a"), vendor,
                                    {{"Leadgate-Min-Position", std::to_string(position)}});
      });
    }
    for (auto& racer : racers) racer.join();
    std::multiset<int> statuses{answers[0].status, answers[1].status};
    BOOST_TEST((statuses == std::multiset<int>{201, 409}), answers[0].body << " / " << answers[1].body);
  }
  // Every node holds 16 leads: 8 keyed, 8 racers.
  HttpClient client = nodes.Client(2);
  HttpResult last = client.Request("POST", "/v2/campaigns/1/leads", Lead("last", "last@example.com", "a"), vendor);
  BOOST_REQUIRE_EQUAL(last.status, 201);
  for (int i = 0; i < nodes.size(); ++i) {
    HttpClient reader = nodes.Client(i);
    BOOST_TEST(AllLeads(reader, Position(last), nodes.admin()).count == 17u);
  }
}

BOOST_FIXTURE_TEST_CASE(a_lead_deleted_or_a_person_erased_on_one_node_is_gone_from_every_node_alike, Fixture) {
  const std::string email = "erin.erased@example.com";
  std::vector<HttpClient> clients;
  for (int i = 0; i < nodes.size(); ++i) clients.push_back(nodes.Client(i));
  auto expect_gone_everywhere = [&](const std::string& path, uint64_t at) {
    for (int i = 0; i < nodes.size(); ++i) {
      HttpResult res = At(clients[i], at, "GET", path, nodes.admin());
      BOOST_TEST(res.status == 404, "node " << i + 1 << ": " << path << " " << res.status << " " << res.body);
    }
  };

  // Created on node 1 (and there on node 3), deleted on node 2.
  HttpResult created =
      At(clients[0], position, "POST", "/v2/campaigns/1/leads", nodes.admin(), Lead("Erin", email, "a"));
  BOOST_REQUIRE_MESSAGE(created.status == 201, created.status << " " << created.body);
  const std::string first = Member(created.body, "id");
  const std::string first_path = "/v2/campaigns/1/leads/" + first;
  HttpResult there = At(clients[2], Position(created), "GET", first_path, nodes.admin());
  BOOST_REQUIRE_MESSAGE(there.status == 200, there.status << " " << there.body);
  HttpResult deleted = At(clients[1], Position(created), "DELETE", first_path, nodes.admin());
  BOOST_REQUIRE_MESSAGE(deleted.status == 204, deleted.status << " " << deleted.body);
  expect_gone_everywhere(first_path, Position(deleted));

  // The same person again on node 1 (the reject rule let go of the deleted lead's e-mail), then
  // erased by e-mail through node 3.
  HttpResult again =
      At(clients[0], Position(deleted), "POST", "/v2/campaigns/1/leads", nodes.admin(), Lead("Erin", email, "b"));
  BOOST_REQUIRE_MESSAGE(again.status == 201, again.status << " " << again.body);
  const std::string second = Member(again.body, "id");
  HttpResult erased = At(clients[2], Position(again), "POST", "/v2/leads/erase", nodes.admin(),
                         R"({"email": ")" + email + R"(", "dry_run": false})");
  BOOST_REQUIRE_MESSAGE(erased.status == 200, erased.status << " " << erased.body);
  BOOST_TEST(erased.body == R"({"dry_run":false,"deleted":1,"leads":[{"campaign_id":1,"id":)" + second + "}]}");
  expect_gone_everywhere("/v2/campaigns/1/leads/" + second, Position(erased));

  // Every node's sync feed: the two tombstones, byte for byte the same (deleted_at included), and
  // the e-mail nowhere. Polled: the feed shows a change once its millisecond has passed.
  std::string expected;
  for (int i = 0; i < nodes.size(); ++i) {
    HttpResult feed;
    lg::test::WaitUntil([&] {
      feed = At(clients[i], Position(erased), "GET", "/v2/campaigns/1/leads?sort=updated_at&limit=500", nodes.admin());
      return feed.status != 200 || lg::test::Arr(Json(feed.body)["data"]).size() >= 2;
    });
    BOOST_REQUIRE_MESSAGE(feed.status == 200, "node " << i + 1 << ": " << feed.status << " " << feed.body);
    BOOST_TEST(feed.body.find("erin.erased") == std::string::npos, "node " << i + 1 << ": " << feed.body);
    Json json(feed.body);
    const std::string data = simdjson::to_string(json["data"]);
    if (i == 0) {
      expected = data;
      std::vector<std::string> ids;
      for (auto item : lg::test::Arr(json["data"])) {
        ids.push_back(std::to_string(lg::test::U64(Json::At(item, "id"))));
        BOOST_TEST(lg::test::Bool(Json::At(item, "deleted")));
        BOOST_TEST(lg::test::Str(Json::At(item, "deleted_at")) == lg::test::Str(Json::At(item, "updated_at")));
        BOOST_TEST(!Json::Find(item, "field_values").has_value(), simdjson::to_string(item));
      }
      BOOST_TEST((ids == std::vector<std::string>{first, second}), data);
    } else {
      BOOST_TEST(data == expected, "node " << i + 1 << "'s feed differs from node 1's");
    }
  }
}

BOOST_FIXTURE_TEST_CASE(retention_erases_old_leads_on_every_node_alike, RetentionFixture) {
  std::vector<HttpClient> clients;
  for (int i = 0; i < nodes.size(); ++i) clients.push_back(nodes.Client(i));
  // A lead through each node.
  std::vector<std::string> ids;
  uint64_t at = position;
  for (int i = 0; i < nodes.size(); ++i) {
    const std::string name = "Old" + std::to_string(i);
    HttpResult created =
        At(clients[i], at, "POST", "/v2/campaigns/1/leads", nodes.admin(), Lead(name, name + "@example.com", "a"));
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.status << " " << created.body);
    ids.push_back(Member(created.body, "id"));
    at = Position(created);
  }
  // 0.0001 days: about 9 seconds.
  HttpResult patched = At(clients[1], at, "PATCH", "/v2/campaigns/1", nodes.admin(), R"({"retention_days": 0.0001})");
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.status << " " << patched.body);
  BOOST_TEST(Member(patched.body, "retention_days") == "0.0001");

  // Gone from every node once they are that old (a node proposes the pass when its store holds
  // them; every node runs it at the command's time).
  for (int i = 0; i < nodes.size(); ++i) {
    const bool gone = lg::test::WaitUntil(
        [&] {
          for (const auto& id : ids) {
            if (clients[i].Request("GET", "/v2/campaigns/1/leads/" + id, "", nodes.admin()).status != 404) return false;
          }
          return true;
        },
        std::chrono::seconds(60));
    BOOST_REQUIRE_MESSAGE(gone, "node " << i + 1 << " still holds a lead past the retention");
  }

  // Every node's feed: the three tombstones, byte for byte alike; and each node counted them.
  std::string expected;
  for (int i = 0; i < nodes.size(); ++i) {
    HttpResult feed;
    lg::test::WaitUntil([&] {
      feed = clients[i].Request("GET", "/v2/campaigns/1/leads?sort=updated_at&limit=500", "", nodes.admin());
      return feed.status != 200 || lg::test::Arr(Json(feed.body)["data"]).size() >= ids.size();
    });
    BOOST_REQUIRE_MESSAGE(feed.status == 200, "node " << i + 1 << ": " << feed.status << " " << feed.body);
    Json json(feed.body);
    const std::string data = simdjson::to_string(json["data"]);
    std::vector<std::string> tombstones;
    for (auto item : lg::test::Arr(json["data"])) {
      if (lg::test::Bool(Json::At(item, "deleted"))) {
        tombstones.push_back(std::to_string(lg::test::U64(Json::At(item, "id"))));
      }
    }
    BOOST_TEST(tombstones == ids, "node " << i + 1 << ": " << data);
    if (i == 0) expected = data;
    BOOST_TEST(data == expected, "node " << i + 1 << "'s feed differs from node 1's");
    HttpResult metrics = clients[i].Request("GET", "/metrics", "", nodes.admin());
    BOOST_TEST(metrics.body.find("leadgate_erasure_leads_total{reason=\"retention\"} 3\n") != std::string::npos,
               "node " << i + 1 << " did not count three erasures by retention");
  }
}

BOOST_FIXTURE_TEST_CASE(killing_the_log_leader_under_write_load_loses_and_duplicates_nothing, Fixture) {
  lg::replog::NatsLogOptions options;
  options.urls = nats.urls();
  auto log = lg::test::Must(lg::replog::OpenNatsLog(options));

  Writers writers(nodes, vendor, position);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  auto status = lg::test::Must(log->Status());
  const int leader = nats.index_of(status.leader);
  BOOST_REQUIRE_MESSAGE(leader >= 0, "unknown leader " << status.leader);
  const auto killed_at = Clock::now();
  nats.Kill(leader);
  // Writes resume once the others elect a leader (a few seconds); then two more seconds of them.
  BOOST_TEST(lg::test::WaitUntil([&] { return writers.AnsweredAfter(killed_at + std::chrono::seconds(3)) > 50; },
                                 std::chrono::seconds(40)),
             "writes did not resume");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  writers.Stop();
  BOOST_TEST_MESSAGE("leader killed: " << writers.acknowledged.size() << " leads acknowledged, longest gap "
                                       << writers.LongestGapAfter(killed_at) << " s");
  ExpectEachOnceOnEveryNode(nodes, writers.acknowledged);
}

BOOST_FIXTURE_TEST_CASE(killing_a_node_under_write_load_its_writers_retry_elsewhere_and_it_catches_up, Fixture) {
  Writers writers(nodes, vendor, position);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto killed_at = Clock::now();
  nodes.Kill(2);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  nodes.Start(2);  // while the others go on writing
  std::this_thread::sleep_for(std::chrono::seconds(2));
  writers.Stop();
  BOOST_TEST_MESSAGE("node 3 killed: " << writers.acknowledged.size() << " leads acknowledged, longest gap "
                                       << writers.LongestGapAfter(killed_at) << " s");
  BOOST_TEST(writers.AnsweredAfter(killed_at + std::chrono::seconds(1)) > 0u, "the other nodes stopped taking writes");
  ExpectEachOnceOnEveryNode(nodes, writers.acknowledged);
}

BOOST_FIXTURE_TEST_CASE(a_wiped_node_rebuilds_from_the_log_and_every_store_checks_out, Fixture) {
  {
    Writers writers(nodes, vendor, position);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    writers.Stop();
    nodes.Kill(1);
    nodes.Wipe(1);
    nodes.Start(1);
    ExpectEachOnceOnEveryNode(nodes, writers.acknowledged);
  }
  // The rebuilt node holds what the others hold, byte for byte.
  HttpClient first = nodes.Client(0);
  HttpResult last =
      first.Request("POST", "/v2/campaigns/1/leads", Lead("last", "last@example.com", "b"), nodes.admin());
  BOOST_REQUIRE_EQUAL(last.status, 201);
  HttpClient rebuilt = nodes.Client(1);
  const Leads rebuilt_leads = AllLeads(rebuilt, Position(last), nodes.admin());
  const Leads first_leads = AllLeads(first, Position(last), nodes.admin());
  BOOST_TEST(rebuilt_leads.count == first_leads.count);
  BOOST_TEST((rebuilt_leads == first_leads), "the rebuilt node's leads differ");
  for (int i = 0; i < nodes.size(); ++i) {
    BOOST_REQUIRE_EQUAL(nodes.Terminate(i), 0);
    std::string output;
    BOOST_TEST(nodes.Check(i, output) == 0, "node " << i + 1 << ": " << output);
  }
}

BOOST_FIXTURE_TEST_CASE(leads_acknowledged_while_the_log_held_them_in_memory_only_survive_its_loss, Fixture) {
  Writers writers(nodes, vendor, position);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  // What the nats-servers' disks hold at this moment (they write them every two minutes; the
  // copies stand for that, taken while they are frozen).
  for (int i = 0; i < nats.size(); ++i) nats.Pause(i);
  for (int i = 0; i < nats.size(); ++i) nats.CopyStore(i);
  for (int i = 0; i < nats.size(); ++i) nats.Resume(i);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  lg::replog::NatsLogOptions options;
  options.urls = nats.urls();
  const uint64_t held = lg::test::Must(lg::test::Must(lg::replog::OpenNatsLog(options))->Status()).last_position;
  // Every machine loses its power: the nats-servers come back with the copies (the seconds after
  // them never reached a disk), the leadgate nodes with what they synced.
  for (int i = 0; i < nats.size(); ++i) nats.Kill(i);
  for (int i = 0; i < nodes.size(); ++i) nodes.Kill(i);
  writers.Stop();
  const size_t acknowledged = writers.acknowledged.size();
  for (int i = 0; i < nats.size(); ++i) nats.RestoreStore(i);
  for (int i = 0; i < nats.size(); ++i) nats.Restart(i);
  const uint64_t kept = lg::test::Must(lg::test::Must(lg::replog::OpenNatsLog(options))->Status()).last_position;
  BOOST_TEST_MESSAGE("the log held " << held << " entries and kept " << kept << "; " << acknowledged
                                     << " leads acknowledged");
  BOOST_REQUIRE_MESSAGE(kept + 100 < held, "the log did not lose what came after the copies");
  for (int i = 0; i < nodes.size(); ++i) nodes.Start(i);
  ExpectEachOnceOnEveryNode(nodes, writers.acknowledged);
  // The log itself holds them again (the outboxes put them back): a node rebuilt from it alone
  // has every one.
  nodes.Kill(2);
  nodes.Wipe(2);
  nodes.Start(2);
  ExpectEachOnceOnEveryNode(nodes, writers.acknowledged);
}

BOOST_FIXTURE_TEST_CASE(a_node_the_log_left_behind_catches_up_from_another_nodes_copy, ShortLogFixture) {
  std::map<std::string, std::string> acknowledged;
  // Stopped while the log moves on past what the stream keeps: at its start it fetches a copy.
  nodes.Kill(2);
  WriteLeads("away", 150, acknowledged);
  nodes.Start(2);
  BOOST_TEST(nodes.Logged(2, "caught_up_from_copy"), nodes.LogTail(2));
  ExpectEachOnceOnEveryNode(nodes, acknowledged);

  // Cut off while running (frozen, and its connection to the log gone: the nats-servers restart
  // meanwhile): once back, it finds the log gone past it, stops by itself (exit status 75, for
  // its service manager to start it again), and catches up at that start.
  nodes.Pause(2);
  for (int i = 0; i < nats.size(); ++i) nats.Kill(i);
  for (int i = 0; i < nats.size(); ++i) nats.Restart(i);
  WriteLeads("frozen", 150, acknowledged);
  nodes.Resume(2);
  const std::optional<int> status = nodes.WaitForExit(2, std::chrono::seconds(60));
  BOOST_REQUIRE_MESSAGE(status.has_value(), "the node the log left behind did not stop\n" << nodes.LogTail(2));
  BOOST_TEST(*status == 75);
  nodes.Start(2);
  ExpectEachOnceOnEveryNode(nodes, acknowledged);
  for (int i = 0; i < nodes.size(); ++i) {
    BOOST_REQUIRE_EQUAL(nodes.Terminate(i), 0);
    std::string output;
    BOOST_TEST(nodes.Check(i, output) == 0, "node " << i + 1 << ": " << output);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace cluster_suite_test
