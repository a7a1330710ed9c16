// Webhooks in cluster mode, end to end: three nats-servers, three real leadgate nodes, and an HTTP
// receiver on 127.0.0.1 (tests/unit/net/webhook_test_server.h) that records every delivery. What
// a user of the cluster would notice:
//  - each event is delivered once, by one node (the one holding the delivery lease, shown by
//    GET /v2/admin/cluster), whichever node took the lead, and every delivery's signature
//    verifies with the endpoint's secret (HMAC-SHA256 computed here with OpenSSL);
//  - the delivery log is the same on every node;
//  - SIGKILLing the delivering node in the middle of a burst loses no event: another node takes
//    the lease and delivers the rest (an event may arrive twice, under the same webhook-id);
//  - a replay asked of a node that does not deliver is sent by the one that does.

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/json_helpers.h"
#include "tests/support/leadgate_cluster.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/wait_until.h"
#include "tests/unit/net/webhook_test_server.h"

namespace cluster_webhooks_test {

namespace {

using lg::test::HttpClient;
using lg::test::HttpResult;
using lg::test::LeadgateCluster;
using lg::test::Member;
using lg::test::NatsCluster;
using lg::test::WaitUntil;
using lg::webhook_test::Always;
using lg::webhook_test::Recorded;
using lg::webhook_test::Response;
using lg::webhook_test::TestServer;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string Header(const Recorded& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

std::string Base64(const unsigned char* bytes, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Standard Webhooks: "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>" among the header's
// space-separated signatures, the key being the base64 after "whsec_".
bool SignatureVerifies(const Recorded& request, const std::string& secret) {
  const std::string encoded = secret.substr(std::string("whsec_").size());
  std::string key(3 * encoded.size() / 4, '\0');
  int key_size =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                      reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (key_size < 0) return false;
  key_size -= static_cast<int>(std::count(encoded.end() - 2, encoded.end(), '='));  // padding decodes as zeros
  const std::string signed_text =
      Header(request, "webhook-id") + "." + Header(request, "webhook-timestamp") + "." + request.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), key_size, reinterpret_cast<const unsigned char*>(signed_text.data()),
       signed_text.size(), mac, &mac_size);
  const std::string expected = "v1," + Base64(mac, mac_size);
  const std::string header = " " + Header(request, "webhook-signature") + " ";
  return header.find(" " + expected + " ") != std::string::npos;
}

// The receiver's requests by webhook-id: how often each came.
std::map<std::string, int> CountById(const std::vector<Recorded>& requests) {
  std::map<std::string, int> count;
  for (const auto& request : requests) ++count[Header(request, "webhook-id")];
  return count;
}

struct Fixture {
  NatsCluster nats{3};
  LeadgateCluster nodes{nats, 3, {"webhooks.allowed_networks=127.0.0.1/32", "webhooks.allow_http=true"}};
  TestServer receiver{Always(Response(200, "ok"))};
  std::string endpoint_id;
  std::string secret;

  Fixture() {
    HttpClient first = nodes.Client(0);
    HttpResult campaign = first.Request("POST", "/v2/campaigns", R"({"name": "Hooks",
        "fields": [{"slug": "name", "type": "text"}], "selects": [{"slug": "source", "options": [{"slug": "a"}]}],
        "statuses": [{"slug": "new", "default": true}]})",
                                        nodes.admin());
    BOOST_REQUIRE_MESSAGE(campaign.status == 201, campaign.body);
    HttpClient second = nodes.Client(1);
    HttpResult endpoint =
        second.Request("POST", "/v2/webhooks",
                       R"({"url": ")" + receiver.Url("/hook") +
                           R"(", "event_types": ["lead.created"], "campaign_id": 1, "description": "CRM"})",
                       nodes.admin(), {{"Leadgate-Min-Position", campaign.Header("leadgate-position")}});
    BOOST_REQUIRE_MESSAGE(endpoint.status == 201, endpoint.body);
    endpoint_id = Member(endpoint.body, "id");
    secret = Member(endpoint.body, "secret");
    BOOST_REQUIRE(secret.rfind("whsec_", 0) == 0);
  }

  // Writes leads `prefix`0.. through the nodes in turn (each retried elsewhere while a node is
  // down or the log elects; never through `skip_node`): their ids.
  std::set<std::string> WriteLeads(const std::string& prefix, int count, std::optional<int> skip_node = {}) {
    std::set<std::string> ids;
    for (int i = 0; i < count; ++i) {
      const std::string key = prefix + std::to_string(i);
      HttpResult res;
      const auto deadline = Clock::now() + 60s;
      for (int attempt = 0; res.status != 201 && Clock::now() < deadline; ++attempt) {
        int node = (i + attempt) % nodes.size();
        if (skip_node && node == *skip_node) node = (node + 1) % nodes.size();
        if (attempt > 0) std::this_thread::sleep_for(100ms);
        try {
          res = nodes.Client(node).Request(
              "POST", "/v2/campaigns/1/leads",
              R"({"field_values": {"name": ")" + key + R"("}, "select_field_values": {"source": "a"}})", nodes.admin(),
              {{"Idempotency-Key", key}});
        } catch (const std::exception&) {
          res = {};
        }
      }
      BOOST_REQUIRE_MESSAGE(res.status == 201, key << ": " << res.status << " " << res.body);
      ids.insert(Member(res.body, "id"));
    }
    return ids;
  }

  // The lead ids the receiver got a lead.created for, from the bodies.
  std::set<std::string> DeliveredLeads() {
    std::set<std::string> leads;
    for (const auto& request : receiver.requests()) {
      simdjson::dom::parser parser;
      uint64_t id = 0;
      if (!parser.parse(request.body)["data"]["lead"]["id"].get(id)) leads.insert(std::to_string(id));
    }
    return leads;
  }

  // The node that says it delivers (GET /v2/admin/cluster), if exactly one does.
  std::optional<int> Deliverer(std::optional<int> down = {}) {
    std::optional<int> found;
    int count = 0;
    for (int i = 0; i < nodes.size(); ++i) {
      if (down && i == *down) continue;
      HttpResult status = nodes.Client(i).Request("GET", "/v2/admin/cluster", "", nodes.admin());
      if (status.status == 200 && status.body.find(R"("delivers_webhooks":true)") != std::string::npos) {
        found = i;
        ++count;
      }
    }
    return count == 1 ? found : std::nullopt;
  }
};

// How many deliveries `node`'s log holds in `state` (nullopt: no answer).
std::optional<uint64_t> LogCount(const LeadgateCluster& nodes, int node, const std::string& endpoint_id,
                                 const std::string& state) {
  HttpResult log = nodes.Client(node).Request(
      "GET", "/v2/webhooks/" + endpoint_id + "/deliveries?limit=200&state=" + state, "", nodes.admin());
  if (log.status != 200) return std::nullopt;
  simdjson::dom::parser parser;
  uint64_t count = 0;
  if (parser.parse(log.body)["meta"]["count"].get(count)) return std::nullopt;
  return count;
}

bool Includes(const std::set<std::string>& all, const std::set<std::string>& part) {
  return std::includes(all.begin(), all.end(), part.begin(), part.end());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_webhooks)

BOOST_FIXTURE_TEST_CASE(one_node_delivers_each_event_once_and_a_killed_deliverer_is_replaced, Fixture) {
  // Leads taken by every node: each is delivered once, signed.
  const std::set<std::string> first = WriteLeads("calm-", 30);
  BOOST_REQUIRE_MESSAGE(WaitUntil([&] { return Includes(DeliveredLeads(), first); }, 60s),
                        "delivered " << DeliveredLeads().size() << " of " << first.size());
  std::this_thread::sleep_for(1s);  // a second delivery of one of them would have come by now
  auto requests = receiver.requests();
  BOOST_TEST(requests.size() == first.size());
  for (const auto& [id, times] : CountById(requests)) BOOST_TEST(times == 1, id << " came " << times << " times");
  for (const auto& request : requests) BOOST_TEST(SignatureVerifies(request, secret), request.body);

  std::optional<int> deliverer;
  BOOST_REQUIRE(WaitUntil([&] { return (deliverer = Deliverer()).has_value(); }, 20s));

  // The delivery log is the same on every node: every event succeeded.
  for (int i = 0; i < nodes.size(); ++i) {
    BOOST_TEST_CONTEXT("node " << i + 1) {
      BOOST_TEST(WaitUntil([&] { return LogCount(nodes, i, endpoint_id, "succeeded") == first.size(); }, 20s));
    }
  }

  // A burst, and the delivering node SIGKILLed in its middle: the others write on, one of them
  // takes over, and every event arrives (some perhaps twice).
  std::thread killer([&] {
    std::this_thread::sleep_for(300ms);
    nodes.Kill(*deliverer);
  });
  const std::set<std::string> burst = WriteLeads("burst-", 40, deliverer);
  killer.join();
  std::optional<int> next;
  BOOST_REQUIRE_MESSAGE(WaitUntil([&] { return (next = Deliverer(deliverer)).has_value(); }, 40s),
                        "no node took over delivering");
  BOOST_TEST(*next != *deliverer);
  BOOST_REQUIRE_MESSAGE(WaitUntil([&] { return Includes(DeliveredLeads(), burst); }, 60s),
                        "delivered " << DeliveredLeads().size() << " of " << first.size() + burst.size());
  const auto counts = CountById(receiver.requests());
  int again = 0;
  for (const auto& [id, times] : counts) again += times - 1;
  BOOST_TEST_MESSAGE("after the kill: " << again << " deliveries came twice");
  BOOST_TEST(again <= 40);  // at most what was in flight or unrecorded when it died
  for (const auto& request : receiver.requests()) BOOST_TEST(SignatureVerifies(request, secret));

  // A replay asked of a node that does not deliver is sent by the one that does.
  int other = 0;
  while (other == *next || other == *deliverer) ++other;
  HttpResult page =
      nodes.Client(other).Request("GET", "/v2/webhooks/" + endpoint_id + "/deliveries?limit=1", "", nodes.admin());
  BOOST_REQUIRE_EQUAL(page.status, 200);
  simdjson::dom::parser parser;
  std::string_view newest;
  BOOST_REQUIRE(!parser.parse(page.body)["data"].at(0)["id"].get(newest));
  const std::string delivery_id(newest);
  const size_t before = counts.count(delivery_id) ? static_cast<size_t>(counts.at(delivery_id)) : 0;
  BOOST_REQUIRE_EQUAL(before, 1u);
  HttpResult replay = nodes.Client(other).Request(
      "POST", "/v2/webhooks/" + endpoint_id + "/deliveries/" + delivery_id + "/replay", "", nodes.admin());
  BOOST_REQUIRE_MESSAGE(replay.status == 202, replay.body);
  const bool resent = WaitUntil([&] { return CountById(receiver.requests())[delivery_id] == 2; }, 20s);
  BOOST_TEST(resent);
  if (!resent) {
    for (int i = 0; i < nodes.size(); ++i) {
      if (i == *deliverer) continue;
      HttpResult now =
          nodes.Client(i).Request("GET", "/v2/webhooks/" + endpoint_id + "/deliveries?limit=1", "", nodes.admin());
      HttpResult status = nodes.Client(i).Request("GET", "/v2/admin/cluster", "", nodes.admin());
      BOOST_TEST_MESSAGE("node " << i + 1 << ": " << now.body << "\n" << status.body << "\n" << nodes.LogTail(i));
    }
  }

  // The killed node comes back as a follower with the same log.
  nodes.Start(*deliverer);
  BOOST_TEST(WaitUntil([&] { return LogCount(nodes, *deliverer, endpoint_id, "pending") == uint64_t{0}; }, 30s));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace cluster_webhooks_test
