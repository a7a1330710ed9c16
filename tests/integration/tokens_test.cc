// Authentication, the tokens API, permissions (403) and campaign scope (404) over HTTP.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace tokens_test {

namespace {

using namespace lg::test;

constexpr const char* kCampaign = R"({"name": "Solar DK",
  "fields": [{"slug": "name", "type": "text", "required": true}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-xyz"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

constexpr const char* kLead = R"({"field_values": {"name": "Jane"}})";

struct Minted {
  uint64_t id = 0;
  std::string token;
};

struct Fixture : ApiFixture {
  uint64_t CreateCampaign(const std::string& name = "Solar DK") {
    std::string doc = kCampaign;
    doc.replace(doc.find("Solar DK"), 8, name);
    auto res = client.Request("POST", "/v2/campaigns", doc, admin);
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    return U64(Json(res.body)["id"]);
  }
  Minted Mint(const std::string& permission, std::optional<uint64_t> campaign_id = std::nullopt,
              const std::string& name = "Vendor XYZ") {
    std::string body = R"({"name": ")" + name + R"(", "permission": ")" + permission + "\"";
    if (campaign_id) body += R"(, "campaign_id": )" + std::to_string(*campaign_id);
    body += "}";
    auto res = client.Request("POST", "/v2/tokens", body, admin);
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    Json json(res.body);
    return {U64(json["id"]), Str(json["token"])};
  }
  static std::string LeadsPath(uint64_t campaign_id) {
    return "/v2/campaigns/" + std::to_string(campaign_id) + "/leads";
  }
  uint64_t CreateLead(uint64_t campaign_id) {
    auto res = client.Request("POST", LeadsPath(campaign_id), kLead, admin);
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    return U64(Json(res.body)["id"]);
  }
};

// A token of the right shape ("lg_" + 40 base62 + 6 checksum) whose checksum does not match.
std::string WithWrongChecksum(std::string token) {
  char& last = token.back();
  last = last == 'A' ? 'B' : 'A';
  return token;
}

// RFC 3339 UTC with milliseconds, `from_now` from now.
std::string TimestampFromNow(std::chrono::milliseconds from_now) {
  auto t = std::chrono::system_clock::now() + from_now;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  auto secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tokens)

BOOST_FIXTURE_TEST_CASE(an_expired_token_gets_the_same_401, Fixture) {
  uint64_t campaign = CreateCampaign();
  auto reference = client.Request("GET", LeadsPath(campaign));
  CheckProblem(reference, 401, "unauthorized");
  constexpr auto kLifetime = std::chrono::milliseconds(400);
  auto minted_at = std::chrono::steady_clock::now();
  auto created = client.Request(
      "POST", "/v2/tokens",
      R"({"name": "Short", "permission": "read", "expires_at": ")" + TimestampFromNow(kLifetime) + "\"}", admin);
  BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
  Json body(created.body);
  std::string token = Str(body["token"]);
  BOOST_TEST(!body["expires_at"].is_null());
  auto early = client.Request("GET", LeadsPath(campaign), "", token);
  if (std::chrono::steady_clock::now() - minted_at < kLifetime / 2) BOOST_TEST(early.status == 200);
  std::this_thread::sleep_until(minted_at + kLifetime + std::chrono::milliseconds(50));
  auto late = client.Request("GET", LeadsPath(campaign), "", token);
  CheckProblem(late, 401, "unauthorized");
  BOOST_TEST(late.body == reference.body);
  auto shown = client.Request("GET", "/v2/tokens/" + std::to_string(U64(body["id"])), "", admin);
  BOOST_TEST(Str(Json(shown.body)["state"]) == "expired");
}

BOOST_FIXTURE_TEST_CASE(missing_invalid_and_revoked_tokens_all_get_the_same_401, Fixture) {
  uint64_t campaign = CreateCampaign();
  Minted minted = Mint("read_write");
  BOOST_REQUIRE_EQUAL(client.Request("GET", "/v2/campaigns", "", minted.token).status, 200);
  auto revoked = client.Request("DELETE", "/v2/tokens/" + std::to_string(minted.id), "", admin);
  BOOST_REQUIRE_EQUAL(revoked.status, 200);
  BOOST_TEST(Str(Json(revoked.body)["state"]) == "revoked");
  BOOST_TEST(!Json(revoked.body)["revoked_at"].is_null());

  auto reference = client.Request("GET", "/v2/campaigns");
  CheckProblem(reference, 401, "unauthorized");
  BOOST_TEST(reference.Header("www-authenticate").rfind("Bearer", 0) == 0u);

  struct Case {
    const char* what;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  std::string typo = WithWrongChecksum(minted.token);
  BOOST_REQUIRE(typo != minted.token);
  std::string unknown = WithWrongChecksum(admin);
  std::vector<Case> cases = {
      {"no header", {}},
      {"garbage", {{"Authorization", "Bearer garbage"}}},
      {"empty bearer", {{"Authorization", "Bearer "}}},
      {"basic scheme", {{"Authorization", "Basic " + admin}}},
      {"bare token", {{"Authorization", admin}}},
      {"wrong checksum", {{"Authorization", "Bearer " + typo}}},
      {"wrong checksum of the admin token", {{"Authorization", "Bearer " + unknown}}},
      {"revoked", {{"Authorization", "Bearer " + minted.token}}},
  };
  for (const auto& c : cases) {
    for (const std::string& target : {std::string("/v2/campaigns"), LeadsPath(campaign), std::string("/v2/tokens")}) {
      BOOST_TEST_CONTEXT(c.what << " on GET " << target) {
        auto res = client.Request("GET", target, "", "", c.headers);
        CheckProblem(res, 401, "unauthorized");
        BOOST_TEST(res.body == reference.body);
      }
    }
    BOOST_TEST_CONTEXT(c.what << " on POST") {
      auto res = client.Request("POST", LeadsPath(campaign), kLead, "", c.headers);
      BOOST_TEST(res.status == 401);
      BOOST_TEST(res.body == reference.body);
    }
  }
  // The revoked token wrote nothing and the admin token still works.
  auto list = client.Request("GET", LeadsPath(campaign), "", admin);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  BOOST_TEST(Arr(Json(list.body)["data"]).size() == 0u);
  // Revoking twice is harmless; an unknown token id is 404.
  BOOST_TEST(client.Request("DELETE", "/v2/tokens/" + std::to_string(minted.id), "", admin).status == 200);
  CheckProblem(client.Request("DELETE", "/v2/tokens/999999", "", admin), 404, "not_found");
}

BOOST_FIXTURE_TEST_CASE(tokens_api_mints_lists_and_shows_tokens_without_their_secret, Fixture) {
  uint64_t campaign = CreateCampaign();
  auto created = client.Request(
      "POST", "/v2/tokens",
      R"({"name": "Vendor XYZ – read only", "permission": "read", "campaign_id": )" + std::to_string(campaign) + "}",
      admin);
  BOOST_REQUIRE_EQUAL(created.status, 201);
  Json body(created.body);
  uint64_t id = U64(body["id"]);
  std::string secret = Str(body["token"]);
  BOOST_TEST(secret.rfind("lg_", 0) == 0u);
  BOOST_TEST(secret.size() == 49u);
  BOOST_TEST(Str(body["permission"]) == "read");
  BOOST_TEST(Str(body["name"]) == "Vendor XYZ – read only");
  BOOST_TEST(U64(body["campaign_id"]) == campaign);
  std::string docs_url = Str(body["docs_url"]);
  BOOST_TEST(docs_url.rfind("http", 0) == 0u);
  BOOST_TEST(docs_url.find(secret) == std::string::npos);

  auto account = client.Request("POST", "/v2/tokens", R"({"name": "CRM sync", "permission": "read_write"})", admin);
  BOOST_REQUIRE_EQUAL(account.status, 201);
  Json account_body(account.body);
  BOOST_TEST(account_body["campaign_id"].is_null());
  BOOST_TEST(Str(account_body["permission"]) == "read_write");
  BOOST_TEST(Str(account_body["docs_url"]) != docs_url);
  std::string account_secret = Str(account_body["token"]);

  auto list = client.Request("GET", "/v2/tokens", "", admin);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  BOOST_TEST(list.body.find(secret) == std::string::npos);
  BOOST_TEST(list.body.find(account_secret) == std::string::npos);
  BOOST_TEST(list.body.find(admin) == std::string::npos);
  Json listed(list.body);
  std::vector<uint64_t> ids;
  for (Element t : Arr(listed["data"])) {
    ids.push_back(U64(Json::At(t, "id")));
    Element ignored;
    BOOST_TEST(t.at_key("token").get(ignored) == simdjson::NO_SUCH_FIELD);
  }
  std::sort(ids.begin(), ids.end());
  BOOST_TEST(ids.size() == 3u);  // the initial admin token and the two minted ones
  BOOST_TEST(std::count(ids.begin(), ids.end(), id) == 1);

  auto one = client.Request("GET", "/v2/tokens/" + std::to_string(id), "", admin);
  BOOST_REQUIRE_EQUAL(one.status, 200);
  BOOST_TEST(one.body.find(secret) == std::string::npos);
  Json shown(one.body);
  BOOST_TEST(U64(shown["id"]) == id);
  BOOST_TEST(Str(shown["name"]) == "Vendor XYZ – read only");
  BOOST_TEST(Str(shown["permission"]) == "read");
  BOOST_TEST(Str(shown["docs_url"]) == docs_url);
  BOOST_TEST(Str(shown["state"]) == "active");
  Element ignored;
  BOOST_TEST(shown.root.at_key("token").get(ignored) == simdjson::NO_SUCH_FIELD);
  CheckProblem(client.Request("GET", "/v2/tokens/999999", "", admin), 404, "not_found");

  // The minted secret authenticates.
  BOOST_TEST(client.Request("GET", LeadsPath(campaign), "", secret).status == 200);
}

BOOST_FIXTURE_TEST_CASE(invalid_token_requests_are_422, Fixture) {
  uint64_t campaign = CreateCampaign();
  auto bad_permission =
      ValidationErrorsOf(client.Request("POST", "/v2/tokens", R"({"name": "x", "permission": "write"})", admin));
  BOOST_TEST(Same(bad_permission, {{"permission", "invalid_permission"}}), Describe(bad_permission));
  auto missing = ValidationErrorsOf(client.Request("POST", "/v2/tokens", R"({})", admin));
  BOOST_TEST_CONTEXT(Describe(missing)) {
    BOOST_TEST(missing.size() == 2u);
    BOOST_TEST(HasError(missing, "name", "required"));
    BOOST_TEST(HasError(missing, "permission", "required"));
  }
  auto unknown_campaign = ValidationErrorsOf(
      client.Request("POST", "/v2/tokens", R"({"name": "x", "permission": "read", "campaign_id": 999999})", admin));
  BOOST_TEST(Same(unknown_campaign, {{"campaign_id", "unknown_campaign"}}), Describe(unknown_campaign));
  auto scoped_admin = ValidationErrorsOf(client.Request(
      "POST", "/v2/tokens", R"({"name": "x", "permission": "admin", "campaign_id": )" + std::to_string(campaign) + "}",
      admin));
  BOOST_TEST(Same(scoped_admin, {{"permission", "admin_is_account_level"}}), Describe(scoped_admin));
  auto past = ValidationErrorsOf(client.Request(
      "POST", "/v2/tokens", R"({"name": "x", "permission": "read", "expires_at": "2000-01-01T00:00:00Z"})", admin));
  BOOST_TEST(Same(past, {{"expires_at", "in_the_past"}}), Describe(past));
  CheckProblem(client.Request("POST", "/v2/tokens", "not json", admin), 400, "invalid_json");
  // Only the initial admin token exists.
  BOOST_TEST(Arr(Json(client.Request("GET", "/v2/tokens", "", admin).body)["data"]).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(permissions_too_low_get_403_insufficient_permission, Fixture) {
  uint64_t campaign = CreateCampaign();
  uint64_t lead = CreateLead(campaign);
  std::string campaign_path = "/v2/campaigns/" + std::to_string(campaign);
  std::string lead_path = LeadsPath(campaign) + "/" + std::to_string(lead);
  Minted reader = Mint("read");
  Minted writer = Mint("read_write");

  // A read token reads...
  auto list = client.Request("GET", LeadsPath(campaign), "", reader.token);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  BOOST_TEST(Arr(Json(list.body)["data"]).size() == 1u);
  auto got = client.Request("GET", lead_path, "", reader.token);
  BOOST_REQUIRE_EQUAL(got.status, 200);
  BOOST_TEST(U64(Json(got.body)["id"]) == lead);
  BOOST_TEST(client.Request("GET", campaign_path, "", reader.token).status == 200);
  // ...but never writes.
  CheckProblem(client.Request("POST", LeadsPath(campaign), kLead, reader.token), 403, "insufficient_permission");
  CheckProblem(
      client.Request("POST", "/v2/leads", R"({"campaign_id": )" + std::to_string(campaign) + "}", reader.token), 403,
      "insufficient_permission");
  CheckProblem(client.Request("PATCH", lead_path, R"({"status": "won"})", reader.token), 403,
               "insufficient_permission");
  BOOST_TEST(Str(Json(client.Request("GET", lead_path, "", admin).body)["status"]) == "new");

  // A read_write token writes leads...
  auto created = client.Request("POST", LeadsPath(campaign), kLead, writer.token);
  BOOST_REQUIRE_EQUAL(created.status, 201);
  BOOST_TEST(U64(Json::At(Json(created.body)["created_by"], "token_id")) == writer.id);
  BOOST_TEST(Str(Json::At(Json(created.body)["created_by"], "name")) == "Vendor XYZ");
  BOOST_TEST(client.Request("PATCH", lead_path, R"({"status": "won"})", writer.token).status == 200);
  // ...but manages neither schema nor tokens.
  for (const auto& token : {reader.token, writer.token}) {
    BOOST_TEST_CONTEXT((token == reader.token ? "read" : "read_write")) {
      CheckProblem(client.Request("POST", "/v2/campaigns", kCampaign, token), 403, "insufficient_permission");
      CheckProblem(client.Request("PATCH", campaign_path, R"({"name": "Mine"})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("POST", campaign_path + "/fields", R"({"slug": "zip", "type": "text"})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("PATCH", campaign_path + "/fields/name", R"({"label": "N"})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("POST", campaign_path + "/selects", R"({"slug": "s", "options": []})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("POST", campaign_path + "/selects/source/options", R"({"slug": "me"})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("POST", campaign_path + "/statuses", R"({"slug": "x"})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("POST", "/v2/tokens", R"({"name": "mine", "permission": "admin"})", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("GET", "/v2/tokens", "", token), 403, "insufficient_permission");
      CheckProblem(client.Request("GET", "/v2/tokens/" + std::to_string(reader.id), "", token), 403,
                   "insufficient_permission");
      CheckProblem(client.Request("DELETE", "/v2/tokens/" + std::to_string(reader.id), "", token), 403,
                   "insufficient_permission");
    }
  }
  // None of the refused requests changed anything.
  auto campaigns = client.Request("GET", "/v2/campaigns", "", admin);
  Json campaigns_body(campaigns.body);
  BOOST_REQUIRE_EQUAL(Arr(campaigns_body["data"]).size(), 1u);
  Element only = Arr(campaigns_body["data"]).at(0).value();
  BOOST_TEST(Str(Json::At(only, "name")) == "Solar DK");
  BOOST_TEST(Arr(Json::At(only, "fields")).size() == 1u);
  BOOST_TEST(Arr(Json::At(only, "statuses")).size() == 2u);
  BOOST_TEST(Arr(Json(client.Request("GET", "/v2/tokens", "", admin).body)["data"]).size() == 3u);
  BOOST_TEST(client.Request("GET", LeadsPath(campaign), "", reader.token).status == 200);  // not revoked
}

BOOST_FIXTURE_TEST_CASE(a_campaign_scoped_token_sees_only_its_campaign, Fixture) {
  uint64_t mine = CreateCampaign("Mine");
  uint64_t theirs = CreateCampaign("Theirs");
  uint64_t their_lead = CreateLead(theirs);
  uint64_t my_lead = CreateLead(mine);
  Minted vendor = Mint("read_write", mine);

  auto list = client.Request("GET", "/v2/campaigns", "", vendor.token);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  Json listed(list.body);
  BOOST_REQUIRE_EQUAL(Arr(listed["data"]).size(), 1u);
  BOOST_TEST(U64(Json::At(Arr(listed["data"]).at(0).value(), "id")) == mine);
  BOOST_TEST(client.Request("GET", "/v2/campaigns/" + std::to_string(mine), "", vendor.token).status == 200);
  BOOST_TEST(client.Request("GET", LeadsPath(mine) + "/" + std::to_string(my_lead), "", vendor.token).status == 200);

  // The other campaign answers exactly like one that does not exist.
  auto absent = client.Request("GET", LeadsPath(999999), "", vendor.token);
  CheckProblem(absent, 404, "not_found");
  std::string their_lead_path = LeadsPath(theirs) + "/" + std::to_string(their_lead);
  for (const auto& res :
       {client.Request("GET", "/v2/campaigns/" + std::to_string(theirs), "", vendor.token),
        client.Request("GET", LeadsPath(theirs), "", vendor.token),
        client.Request("GET", their_lead_path, "", vendor.token),
        client.Request("PATCH", their_lead_path, R"({"status": "won"})", vendor.token),
        client.Request("POST", LeadsPath(theirs), kLead, vendor.token),
        client.Request("POST", "/v2/leads",
                       R"({"campaign_id": )" + std::to_string(theirs) + R"(, "field_values": {"name": "J"}})",
                       vendor.token)}) {
    BOOST_TEST_CONTEXT(res.body) {
      BOOST_TEST(res.status == 404);
      BOOST_TEST(Str(Json(res.body)["code"]) == "not_found");
    }
  }
  // Their campaign is untouched.
  auto their_leads = client.Request("GET", LeadsPath(theirs), "", admin);
  BOOST_TEST(Arr(Json(their_leads.body)["data"]).size() == 1u);
  BOOST_TEST(Str(Json(client.Request("GET", their_lead_path, "", admin).body)["status"]) == "new");

  // Without campaign_id, /v2/leads and /leads use the token's campaign.
  for (const char* path : {"/v2/leads", "/leads"}) {
    auto created = client.Request("POST", path, kLead, vendor.token);
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    BOOST_TEST(U64(Json(created.body)["campaign_id"]) == mine);
  }
  BOOST_TEST(Arr(Json(client.Request("GET", LeadsPath(mine), "", vendor.token).body)["data"]).size() == 3u);
}

// "Anything outside its scope answers exactly as if it did not exist (404), never 403": a
// campaign-scoped token that may not write (or manage schema) still gets 404 for other campaigns.
BOOST_FIXTURE_TEST_CASE(writes_outside_a_scoped_tokens_campaign_are_404_not_403, Fixture) {
  uint64_t mine = CreateCampaign("Mine");
  uint64_t theirs = CreateCampaign("Theirs");
  uint64_t their_lead = CreateLead(theirs);
  Minted reader = Mint("read", mine);
  Minted writer = Mint("read_write", mine);
  std::string their_campaign = "/v2/campaigns/" + std::to_string(theirs);
  std::string their_lead_path = LeadsPath(theirs) + "/" + std::to_string(their_lead);
  struct Case {
    std::string what, method, target, body, token;
  };
  for (const auto& c : std::vector<Case>{
           {"read token creating a lead", "POST", LeadsPath(theirs), kLead, reader.token},
           {"read token patching a lead", "PATCH", their_lead_path, R"({"status": "won"})", reader.token},
           {"read token creating via /v2/leads", "POST", "/v2/leads",
            R"({"campaign_id": )" + std::to_string(theirs) + "}", reader.token},
           {"scoped token renaming a campaign", "PATCH", their_campaign, R"({"name": "x"})", writer.token},
           {"scoped token adding a field", "POST", their_campaign + "/fields", R"({"slug": "zip", "type": "text"})",
            writer.token},
       }) {
    auto res = client.Request(c.method, c.target, c.body, c.token);
    BOOST_TEST_CONTEXT(c.what << ": " << c.method << " " << c.target << " -> " << res.body) {
      BOOST_TEST(res.status == 404);
    }
  }
  BOOST_TEST(Str(Json(client.Request("GET", their_lead_path, "", admin).body)["status"]) == "new");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace tokens_test
