// Token lifecycle and secrets: reveal, rotate, expiry, last used, rate limits, auth-failure
// limiting, the audit log, secrets at rest, and one indistinguishable 401.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/time_util.h"
#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace token_lifecycle_test {

using namespace lg;
using namespace lg::test;
namespace fs = std::filesystem;

namespace {

struct Minted {
  uint64_t id = 0;
  std::string secret;
  std::string docs_url;
};

Minted Mint(HttpClient& client, const std::string& admin, const std::string& body) {
  auto res = client.Request("POST", "/v2/tokens", body, admin);
  BOOST_REQUIRE_EQUAL(res.status, 201);
  return {std::stoull(Member(res.body, "id")), Member(res.body, "token"), Member(res.body, "docs_url")};
}

int Status(HttpClient& client, const std::string& token) {
  return client.Request("GET", "/v2/campaigns", "", token).status;
}

// Every regular file under `dir`, concatenated.
std::string ReadTree(const fs::path& dir) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(token_lifecycle)

BOOST_FIXTURE_TEST_CASE(reveal_returns_the_secret_and_is_audited, ApiFixture) {
  Minted t = Mint(client, server.admin_token(), R"({"name": "Vendor", "permission": "read"})");
  auto revealed = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/reveal", "", server.admin_token());
  BOOST_REQUIRE_EQUAL(revealed.status, 200);
  BOOST_TEST(Member(revealed.body, "token") == t.secret);
  // No cache may keep an answer that carries a secret: minting, showing or rotating.
  BOOST_TEST(revealed.Header("cache-control") == "no-store");
  auto minted =
      client.Request("POST", "/v2/tokens", R"({"name": "Other", "permission": "read"})", server.admin_token());
  BOOST_TEST(minted.Header("cache-control") == "no-store");
  auto rotated = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/rotate", "", server.admin_token());
  BOOST_REQUIRE_EQUAL(rotated.status, 200);
  BOOST_TEST(rotated.Header("cache-control") == "no-store");
  t.secret = Member(rotated.body, "token");
  // Only admins may reveal.
  BOOST_TEST(client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/reveal", "", t.secret).status == 403);
  auto audit = client.Request("GET", "/v2/audit?kind=token_revealed", "", server.admin_token());
  BOOST_REQUIRE_EQUAL(audit.status, 200);
  BOOST_TEST(audit.body.find("\"token " + std::to_string(t.id) + "\"") != std::string::npos);
  BOOST_TEST(audit.body.find(t.secret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(with_reveal_off_no_secret_is_kept_or_shown) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.reveal_tokens = false;
  Minted t;
  {
    TestServer server(config);
    auto client = server.Client();
    t = Mint(client, server.admin_token(), R"({"name": "Show once", "permission": "read"})");
    auto revealed = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/reveal", "", server.admin_token());
    BOOST_TEST(revealed.status == 403);
    BOOST_TEST(Member(revealed.body, "code") == "reveal_disabled");
    BOOST_TEST(Status(client, t.secret) == 200);
  }
  // Neither the store nor the key file holds the secret in any form.
  BOOST_TEST(ReadTree(dir.path()).find(t.secret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_store_copy_without_the_key_file_starts_only_with_a_new_key_and_reveals_nothing) {
  TempDir dir, copy;
  Minted t;
  std::string admin;
  {
    TestServer server(TestConfig(dir.path()));
    auto client = server.Client();
    admin = server.admin_token();
    t = Mint(client, admin, R"({"name": "Vendor", "permission": "read_write"})");
  }
  std::string store_bytes = ReadTree(fs::path(dir.path()) / "db");
  BOOST_TEST(store_bytes.find(t.secret) == std::string::npos);
  BOOST_TEST(store_bytes.find(admin) == std::string::npos);
  // The body of a token (after the prefix) must not appear either, in any case.
  BOOST_TEST(store_bytes.find(t.secret.substr(3, 20)) == std::string::npos);

  fs::copy(fs::path(dir.path()) / "db", fs::path(copy.path()) / "db", fs::copy_options::recursive);
  // The key file is missing next to tokens made with it: the server refuses to start, naming it,
  // and makes no key (a lost key file is put back, not silently replaced).
  try {
    TestServer refused(TestConfig(copy.path()));
    BOOST_ERROR("the server started without its key file");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("key file " + copy.Sub("secret.key") + " is missing") != std::string::npos,
               e.what());
    BOOST_TEST(std::string(e.what()).find("--new-key") != std::string::npos, e.what());
  }
  BOOST_TEST(!fs::exists(copy.Sub("secret.key")));
  BOOST_TEST(!fs::exists(copy.Sub("admin-token")));

  // Told to make a new key (serve --new-key), it does, with a new admin token: still no stored
  // token authenticates, and no stored secret can be revealed.
  std::string fresh_admin;
  {
    TestServer thief(TestConfig(copy.path()), lg::app::MissingKeyFile::kMakeNew);
    fresh_admin = thief.admin_token();
    BOOST_TEST(!fresh_admin.empty());
    auto client = thief.Client();
    BOOST_TEST(Status(client, t.secret) == 401);
    BOOST_TEST(Status(client, admin) == 401);
    BOOST_TEST(Status(client, fresh_admin) == 200);
    auto revealed = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/reveal", "", fresh_admin);
    BOOST_TEST(revealed.status != 200);
    BOOST_TEST(revealed.body.find(t.secret) == std::string::npos);
  }
  // From then on the new key file is the key file: a restart needs nothing more.
  TestServer again(TestConfig(copy.path()));
  BOOST_TEST(again.admin_token() == fresh_admin);
  auto client = again.Client();
  BOOST_TEST(Status(client, fresh_admin) == 200);
}

BOOST_FIXTURE_TEST_CASE(rotate_invalidates_the_old_secret_at_once_and_keeps_the_docs_link, ApiFixture) {
  Minted t = Mint(client, server.admin_token(), R"({"name": "Vendor", "permission": "read"})");
  BOOST_TEST(Status(client, t.secret) == 200);
  auto rotated = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/rotate", "", server.admin_token());
  BOOST_REQUIRE_EQUAL(rotated.status, 200);
  std::string fresh = Member(rotated.body, "token");
  BOOST_TEST(fresh != t.secret);
  BOOST_TEST(Member(rotated.body, "docs_url") == t.docs_url);
  BOOST_TEST(Status(client, t.secret) == 401);
  BOOST_TEST(Status(client, fresh) == 200);
  auto revealed = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/reveal", "", server.admin_token());
  BOOST_TEST(Member(revealed.body, "token") == fresh);
  // Rotating the docs link leaves the secret alone.
  auto relinked =
      client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/docs-link/rotate", "", server.admin_token());
  BOOST_REQUIRE_EQUAL(relinked.status, 200);
  BOOST_TEST(Member(relinked.body, "docs_url") != t.docs_url);
  BOOST_TEST(Status(client, fresh) == 200);
  // Revoke: 401 from the next request on.
  BOOST_TEST(client.Request("DELETE", "/v2/tokens/" + std::to_string(t.id), "", server.admin_token()).status == 200);
  BOOST_TEST(Status(client, fresh) == 401);
}

BOOST_FIXTURE_TEST_CASE(expires_at_is_honoured, ApiFixture) {
  auto expiry = std::chrono::system_clock::now() + std::chrono::milliseconds(1500);
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(expiry.time_since_epoch()).count();
  std::string when = lg::core::FormatTimestamp(ms);
  Minted t =
      Mint(client, server.admin_token(), R"({"name": "Short", "permission": "read", "expires_at": ")" + when + "\"}");
  BOOST_TEST(Status(client, t.secret) == 200);
  std::this_thread::sleep_until(expiry + std::chrono::milliseconds(50));
  BOOST_TEST(Status(client, t.secret) == 401);
  auto shown = client.Request("GET", "/v2/tokens/" + std::to_string(t.id), "", server.admin_token());
  BOOST_TEST(Member(shown.body, "state") == "expired");
  // Its secret is not shown again: it authenticates nobody.
  auto revealed = client.Request("POST", "/v2/tokens/" + std::to_string(t.id) + "/reveal", "", server.admin_token());
  CheckProblem(revealed, 409, "token_expired");
  BOOST_TEST(revealed.body.find(t.secret) == std::string::npos);
  // In the past is refused.
  auto past = client.Request("POST", "/v2/tokens",
                             R"({"name": "x", "permission": "read", "expires_at": "2001-01-01T00:00:00Z"})",
                             server.admin_token());
  BOOST_TEST(past.status == 422);
}

BOOST_AUTO_TEST_CASE(last_used_is_recorded_coarsely_and_survives_restart) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  Minted t;
  std::string first;
  {
    auto client = server.Client();
    t = Mint(client, server.admin_token(), R"({"name": "Vendor", "permission": "read"})");
    auto before = client.Request("GET", "/v2/tokens/" + std::to_string(t.id), "", server.admin_token());
    BOOST_TEST(Member(before.body, "last_used_at") == "null");
    BOOST_TEST(Status(client, t.secret) == 200);
    first = Member(client.Request("GET", "/v2/tokens/" + std::to_string(t.id), "", server.admin_token()).body,
                   "last_used_at");
    BOOST_TEST(first != "null");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_TEST(Status(client, t.secret) == 200);
    // Within the minute the value does not move.
    BOOST_TEST(Member(client.Request("GET", "/v2/tokens/" + std::to_string(t.id), "", server.admin_token()).body,
                      "last_used_at") == first);
  }
  std::string admin = server.admin_token();
  server.Restart();
  auto client = server.Client();
  BOOST_TEST(Member(client.Request("GET", "/v2/tokens/" + std::to_string(t.id), "", admin).body, "last_used_at") ==
             first);
}

BOOST_AUTO_TEST_CASE(rate_limit_answers_429_with_headers_and_recovers) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  auto admin_client = server.Client();
  Minted t = Mint(admin_client, server.admin_token(),
                  R"({"name": "Slow", "permission": "read", "rate_limit": {"per_second": 2, "burst": 2}})");
  // Two connections share one bucket.
  auto a = server.Client();
  auto b = server.Client();
  auto r1 = a.Request("GET", "/v2/campaigns", "", t.secret);
  auto r2 = b.Request("GET", "/v2/campaigns", "", t.secret);
  auto r3 = a.Request("GET", "/v2/campaigns", "", t.secret);
  BOOST_TEST(r1.status == 200);
  BOOST_TEST(r2.status == 200);
  BOOST_TEST(r1.Header("ratelimit-policy") == R"("token";q=2;w=1)");
  BOOST_TEST(r1.Header("ratelimit").find(R"("token";r=1;)") == 0);
  BOOST_REQUIRE_EQUAL(r3.status, 429);
  BOOST_TEST(Member(r3.body, "code") == "rate_limited");
  int retry = std::stoi(r3.Header("retry-after"));
  BOOST_TEST(retry >= 1);
  BOOST_TEST(r3.Header("ratelimit").find(R"("token";r=0;)") == 0);
  std::this_thread::sleep_for(std::chrono::seconds(retry));
  BOOST_TEST(b.Request("GET", "/v2/campaigns", "", t.secret).status == 200);
  // Another token is not affected.
  BOOST_TEST(admin_client.Request("GET", "/v2/campaigns", "", server.admin_token()).status == 200);
}

BOOST_AUTO_TEST_CASE(failed_authentications_from_one_address_are_limited_but_a_valid_token_proceeds) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.auth_failure_burst = 3;
  config.auth_failures_per_minute = 60;
  TestServer server(config);
  auto client = server.Client();
  for (int i = 0; i < 3; ++i) BOOST_TEST(Status(client, "lg_guess" + std::to_string(i)) == 401);
  auto limited = client.Request("GET", "/v2/campaigns", "", "lg_guess4");
  BOOST_TEST(limited.status == 429);
  BOOST_TEST(Member(limited.body, "code") == "too_many_failed_authentications");
  BOOST_TEST(!limited.Header("retry-after").empty());
  // Only failures are limited: a valid token from the same address (another client behind the
  // same NAT, say) still proceeds, and the next wrong guess is still refused.
  BOOST_TEST(Status(client, server.admin_token()) == 200);
  BOOST_TEST(Status(client, "lg_guess5") == 429);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  BOOST_TEST(Status(client, "lg_guess6") == 401);
  BOOST_TEST(Status(client, server.admin_token()) == 200);
}

// The clients of the audit log's auth_failed events, oldest first.
std::vector<std::string> FailedAuthClients(HttpClient& client, const std::string& admin) {
  auto page = client.Request("GET", "/v2/audit?kind=auth_failed", "", admin);
  BOOST_REQUIRE_EQUAL(page.status, 200);
  simdjson::dom::parser parser;
  simdjson::dom::array data;
  BOOST_REQUIRE(parser.parse(page.body)["data"].get_array().get(data) == simdjson::SUCCESS);
  std::vector<std::string> out;
  for (auto event : data) out.emplace(out.begin(), std::string(event["client"].get_string().value()));
  return out;
}

BOOST_AUTO_TEST_CASE(x_forwarded_for_names_the_client_only_behind_a_trusted_proxy) {
  for (bool trusted : {false, true}) {
    BOOST_TEST_CONTEXT("127.0.0.1 trusted: " << trusted) {
      TempDir dir;
      auto config = TestConfig(dir.path());
      config.auth_failure_burst = 1;
      config.auth_failures_per_minute = 1;
      if (trusted) config.trusted_proxies = "127.0.0.1, ::1";
      TestServer server(config);
      auto client = server.Client();
      auto wrong_token_from = [&](const std::string& forwarded) {
        return client.Request("GET", "/v2/campaigns", "", "lg_wrong", {{"X-Forwarded-For", forwarded}}).status;
      };
      BOOST_TEST(wrong_token_from("203.0.113.1") == 401);
      // Believed, the second address has a bucket of its own; spoofed, it shares the peer's.
      BOOST_TEST(wrong_token_from("198.51.100.9, 203.0.113.2") == (trusted ? 401 : 429));
      std::vector<std::string> expected =
          trusted ? std::vector<std::string>{"203.0.113.1", "203.0.113.2"} : std::vector<std::string>{"127.0.0.1"};
      BOOST_TEST(FailedAuthClients(client, server.admin_token()) == expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_trusted_proxy_that_is_not_an_address_stops_the_start_before_the_data_directory_is_touched) {
  TempDir dir;
  auto config = TestConfig(dir.path());
  config.trusted_proxies = "127.0.0.1,proxy.internal";
  try {
    TestServer server(config);
    BOOST_ERROR("the server started");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("'server.trusted_proxies' holds \"proxy.internal\"") != std::string::npos,
               e.what());
  }
  // No store, no key file, no admin token: nothing to clean up before starting again.
  BOOST_TEST(fs::is_empty(dir.path()));
}

BOOST_FIXTURE_TEST_CASE(every_401_is_the_same, ApiFixture) {
  Minted revoked = Mint(client, server.admin_token(), R"({"name": "Gone", "permission": "read"})");
  BOOST_REQUIRE_EQUAL(
      client.Request("DELETE", "/v2/tokens/" + std::to_string(revoked.id), "", server.admin_token()).status, 200);
  auto soon = std::chrono::system_clock::now() + std::chrono::milliseconds(300);
  Minted expired =
      Mint(client, server.admin_token(),
           R"({"name": "Old", "permission": "read", "expires_at": ")" +
               lg::core::FormatTimestamp(
                   std::chrono::duration_cast<std::chrono::milliseconds>(soon.time_since_epoch()).count()) +
               "\"}");
  std::this_thread::sleep_until(soon + std::chrono::milliseconds(20));
  std::string typo = revoked.secret;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  std::string unknown = Mint(client, server.admin_token(), R"({"name": "Tmp", "permission": "read"})").secret;
  // An unknown but well-formed token: take a real one's shape from another server's key.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> cases = {
      {"missing", {}},
      {"malformed", {{"Authorization", "Bearer nonsense"}}},
      {"bad checksum", {{"Authorization", "Bearer " + typo}}},
      {"revoked", {{"Authorization", "Bearer " + revoked.secret}}},
      {"expired", {{"Authorization", "Bearer " + expired.secret}}},
      {"basic scheme", {{"Authorization", "Basic dXNlcjpwYXNz"}}},
  };
  std::string reference;
  for (const auto& [name, headers] : cases) {
    auto res = client.Request("GET", "/v2/campaigns/1/leads", "", "", headers);
    BOOST_TEST(res.status == 401, name);
    if (reference.empty()) reference = res.body;
    BOOST_TEST(res.body == reference, name);
    BOOST_TEST(res.Header("www-authenticate") == R"(Bearer realm="leadgate")", name);
  }
  // Response time does not tell an existing (revoked) token from a malformed one: medians of
  // interleaved runs stay within a loose factor (the machine is shared and noisy).
  std::vector<double> t_revoked, t_malformed;
  for (int i = 0; i < 150; ++i) {
    for (auto* which : {&t_revoked, &t_malformed}) {
      auto start = std::chrono::steady_clock::now();
      client.Request("GET", "/v2/campaigns", "", which == &t_revoked ? revoked.secret : "lg_nonsense");
      which->push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(t_revoked.begin(), t_revoked.end());
  std::sort(t_malformed.begin(), t_malformed.end());
  double a = t_revoked[t_revoked.size() / 2], b = t_malformed[t_malformed.size() / 2];
  BOOST_TEST(std::max(a, b) / std::min(a, b) < 2.0, "median revoked " << a << " us vs malformed " << b << " us");
  (void)unknown;
}

BOOST_FIXTURE_TEST_CASE(the_audit_log_records_actions_without_secrets, ApiFixture) {
  const std::string& admin = server.admin_token();
  auto campaign = client.Request("POST", "/v2/campaigns", R"({"name": "A", "selects": [{"slug": "source",
      "options": [{"slug": "x"}, {"slug": "y"}]}], "statuses": [{"slug": "new", "default": true}]})",
                                 admin);
  BOOST_REQUIRE_EQUAL(campaign.status, 201);
  auto filter =
      client.Request("POST", "/v2/campaigns/1/filters",
                     R"({"name": "X", "conditions": [{"field": "source", "op": "eq", "value": "x"}]})", admin);
  BOOST_REQUIRE_EQUAL(filter.status, 201);
  Minted vendor = Mint(client, admin, R"({"name": "X", "permission": "read_write", "filter_id": 1})");
  auto y_lead = client.Request("POST", "/v2/campaigns/1/leads", R"({"select_field_values": {"source": "y"}})", admin);
  BOOST_REQUIRE_EQUAL(y_lead.status, 201);
  BOOST_TEST(client.Request("GET", "/v2/campaigns/1/leads/" + Member(y_lead.body, "id"), "", vendor.secret).status ==
             404);
  BOOST_TEST(client.Request("POST", "/v2/tokens/" + std::to_string(vendor.id) + "/reveal", "", admin).status == 200);
  auto rotated = client.Request("POST", "/v2/tokens/" + std::to_string(vendor.id) + "/rotate", "", admin);
  BOOST_TEST(Status(client, "lg_wrong") == 401);
  BOOST_TEST(client.Request("DELETE", "/v2/tokens/" + std::to_string(vendor.id), "", admin).status == 200);

  auto all = client.Request("GET", "/v2/audit?limit=500", "", admin);
  BOOST_REQUIRE_EQUAL(all.status, 200);
  for (const char* kind : {"campaign_created", "filter_created", "token_created", "out_of_scope", "token_revealed",
                           "token_rotated", "auth_failed", "token_revoked"}) {
    BOOST_TEST(all.body.find(R"("kind":")" + std::string(kind) + "\"") != std::string::npos, kind);
  }
  for (const std::string& secret : {admin, vendor.secret, Member(rotated.body, "token")}) {
    BOOST_TEST(all.body.find(secret) == std::string::npos);
  }
  // Filter by kind; actor and client are recorded.
  auto reveals = client.Request("GET", "/v2/audit?kind=token_revealed", "", admin);
  simdjson::dom::parser parser;
  simdjson::dom::array data;
  BOOST_REQUIRE(parser.parse(reveals.body)["data"].get_array().get(data) == simdjson::SUCCESS);
  BOOST_TEST(data.size() == 1u);
  for (auto event : data) {
    uint64_t actor = 0;
    std::string_view client_address;
    BOOST_TEST(event["actor_token_id"].get_uint64().get(actor) == simdjson::SUCCESS);
    BOOST_TEST(actor == 1u);
    BOOST_TEST(event["client"].get_string().get(client_address) == simdjson::SUCCESS);
    BOOST_TEST(client_address == "127.0.0.1");
  }
  // Paging: limit 2 with the cursor walks everything once, newest first.
  std::string next = "/v2/audit?limit=2";
  std::vector<uint64_t> ids;
  for (int guard = 0; guard < 100 && !next.empty(); ++guard) {
    auto page = client.Request("GET", next, "", admin);
    BOOST_REQUIRE_EQUAL(page.status, 200);
    simdjson::dom::parser p;
    simdjson::dom::element doc;
    BOOST_REQUIRE(p.parse(page.body).get(doc) == simdjson::SUCCESS);
    for (auto e : doc["data"].get_array()) ids.push_back(e["id"].get_uint64().value());
    std::string_view cursor;
    next = doc["meta"]["next_cursor"].get_string().get(cursor) == simdjson::SUCCESS
               ? "/v2/audit?limit=2&cursor=" + std::string(cursor)
               : "";
  }
  BOOST_TEST(std::is_sorted(ids.rbegin(), ids.rend()));
  BOOST_TEST((std::adjacent_find(ids.begin(), ids.end()) == ids.end()));
  // Only admins read the audit log.
  BOOST_TEST(client.Request("GET", "/v2/audit", "", Member(rotated.body, "token")).status == 401);
}

// Following the audit log's next link asks the same question again: from a query for one kind
// after a time, every page holds that kind only, after that time, and each event comes once.
BOOST_FIXTURE_TEST_CASE(the_audit_logs_next_link_keeps_the_query, ApiFixture) {
  auto patch = [&](const std::string& name) {
    BOOST_REQUIRE_EQUAL(client.Request("PATCH", "/v2/campaigns/1", R"({"name": ")" + name + "\"}", admin).status, 200);
  };
  BOOST_REQUIRE_EQUAL(
      client.Request("POST", "/v2/campaigns", R"({"name": "A", "statuses": [{"slug": "new", "default": true}]})", admin)
          .status,
      201);
  patch("before");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::string after = core::FormatTimestamp(core::NowMillis());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (const char* name : {"one", "two", "three"}) {
    Mint(client, admin, std::string(R"({"name": ")") + name + R"(", "permission": "read"})");
    patch(name);
  }
  std::string next = "/v2/audit?kind=campaign_changed&after=" + after + "&limit=1";
  std::vector<std::string> targets;
  for (int guard = 0; guard < 20 && !next.empty(); ++guard) {
    auto page = client.Request("GET", next, "", admin);
    BOOST_REQUIRE_EQUAL(page.status, 200);
    Json json(page.body);
    for (Element event : Arr(json["data"])) {
      BOOST_TEST(Str(Json::At(event, "kind")) == "campaign_changed");
      BOOST_TEST(Str(Json::At(event, "at")) >= after);
      targets.push_back(Str(Json::At(event, "target")));
    }
    Element link = Json::At(json["links"], "next");
    if (link.is_null()) {
      BOOST_TEST(page.Header("link").empty());
      next.clear();
    } else {
      const std::string url = Str(link);
      BOOST_TEST(page.Header("link") == "<" + url + ">; rel=\"next\"");
      next = url.substr(url.find("/v2/audit"));
    }
  }
  BOOST_TEST(targets == (std::vector<std::string>{"campaign 1", "campaign 1", "campaign 1"}),
             boost::test_tools::per_element());
}

// Bytes a client puts in a path or a query name end up in the audit log and in problem
// documents; those bytes need not be UTF-8, but what the server writes is always valid JSON.
BOOST_FIXTURE_TEST_CASE(paths_and_parameters_that_are_not_utf8_still_give_valid_json, ApiFixture) {
  const std::string replacement = "\xEF\xBF\xBD";
  BOOST_TEST(Status(client, "lg_wrong") == 401);
  BOOST_TEST(client.Request("GET", "/v2/campaigns/caf%E9%FF/leads", "", "lg_wrong").status == 401);
  auto audit = client.Request("GET", "/v2/audit?kind=auth_failed", "", admin);
  BOOST_REQUIRE_EQUAL(audit.status, 200);
  Json events(audit.body);  // fails the test unless the body is valid JSON (and so valid UTF-8)
  std::vector<std::string> targets;
  for (auto event : Arr(events["data"])) targets.push_back(Str(Json::At(event, "target")));
  BOOST_REQUIRE_EQUAL(targets.size(), 2u);
  BOOST_TEST(targets[0].starts_with("GET /v2/campaigns/caf"));
  BOOST_TEST(targets[1] == "GET /v2/campaigns");

  auto bad = client.Request("GET", "/v2/audit?caf%E9=1", "", admin);
  CheckProblem(bad, 400, "invalid_parameter");
  Json problem(bad.body);
  BOOST_TEST(Str(problem["detail"]) == "Query parameter 'caf" + replacement + "' is not a known parameter");
  BOOST_TEST((ErrorsOf(bad) == std::vector<FieldCode>{{"caf" + replacement, "invalid_parameter"}}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace token_lifecycle_test
