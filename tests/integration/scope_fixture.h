#pragma once
// Shared helpers for the scoped-vendor-access integration tests: timestamps, query encoding,
// problem checks, and small clients for campaigns, filters, tokens and leads over HTTP (JSON
// access and the basic problem+json checks come from tests/support/json_helpers.h).
// Header-only; everything is inline.

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/percent_encoding.h"
#include "core/time_util.h"
#include "tests/support/http_client.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace lg::scope_test {

using test::HttpClient;
using test::HttpResult;
// JSON and problem+json helpers, shared with the other integration tests.
using test::Arr;
using test::Bool;
using test::CheckProblem;
using test::Describe;
using test::Element;
using test::ErrorsOf;
using test::FieldCode;
using test::Json;
using test::Str;
using test::U64;

inline int64_t Millis(const std::string& rfc3339) {
  auto t = core::ParseTimestamp(rfc3339);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "not a timestamp: " << rfc3339);
  return *t;
}

// "YYYY-MM-DD HH:MM:SS" of `millis` (whole seconds, truncated), in UTC: the test server's
// account zone is UTC (core::Config's default).
inline std::string LocalSeconds(int64_t millis) {
  std::string rfc = core::FormatTimestamp(millis);  // 2026-11-28T10:00:00.123Z
  return rfc.substr(0, 10) + " " + rfc.substr(11, 8);
}

// Percent-encodes a query value (RFC 3986 unreserved characters kept).
inline std::string Enc(const std::string& value) { return core::PercentEncode(value); }

// The origin-form part ("/v2/...") of an absolute URL from links.next or Link.
inline std::string PathOf(const std::string& url) {
  auto pos = url.find("/v2/");
  BOOST_REQUIRE_MESSAGE(pos != std::string::npos, "not an API URL: " << url);
  return url.substr(pos);
}

inline void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// A 422/400 problem with `code` whose first error names `field` with `error_code`.
inline void CheckFirstError(const HttpResult& res, int status, const std::string& code, const std::string& field,
                            const std::string& error_code) {
  CheckProblem(res, status, code);
  auto errors = ErrorsOf(res);
  BOOST_TEST_CONTEXT("body: " << res.body) {
    BOOST_REQUIRE(!errors.empty());
    BOOST_TEST(errors[0].first == field);
    BOOST_TEST(errors[0].second == error_code);
  }
}

// A 400 invalid_parameter naming `param`.
inline void CheckBadParameter(const HttpResult& res, const std::string& param) {
  CheckFirstError(res, 400, "invalid_parameter", param, "invalid_parameter");
}

inline uint64_t CreateCampaign(HttpClient& client, const std::string& admin, const std::string& doc) {
  auto res = client.Request("POST", "/v2/campaigns", doc, admin);
  BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
  Json body(res.body);
  return U64(body["id"]);
}

inline uint64_t CreateFilter(HttpClient& client, const std::string& admin, uint64_t campaign_id,
                             const std::string& body) {
  auto res = client.Request("POST", "/v2/campaigns/" + std::to_string(campaign_id) + "/filters", body, admin);
  BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
  Json json(res.body);
  return U64(json["id"]);
}

// `{"field": slug, "op": "eq", "value": option}` as the only condition of an `all` filter.
inline std::string EqFilter(const std::string& name, const std::string& field, const std::string& value) {
  return R"({"name": ")" + name + R"(", "match": "all", "conditions": [{"field": ")" + field +
         R"(", "op": "eq", "value": ")" + value + R"("}]})";
}

struct Token {
  uint64_t id = 0;
  std::string secret;
};

inline Token CreateToken(HttpClient& client, const std::string& admin, const std::string& name,
                         const std::string& permission, std::optional<uint64_t> campaign_id = std::nullopt,
                         std::optional<uint64_t> filter_id = std::nullopt) {
  std::string body = R"({"name": ")" + name + R"(", "permission": ")" + permission + "\"";
  if (campaign_id) body += R"(, "campaign_id": )" + std::to_string(*campaign_id);
  if (filter_id) body += R"(, "filter_id": )" + std::to_string(*filter_id);
  body += "}";
  auto res = client.Request("POST", "/v2/tokens", body, admin);
  BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
  Json json(res.body);
  return Token{U64(json["id"]), Str(json["token"])};
}

inline void RevokeToken(HttpClient& client, const std::string& admin, uint64_t token_id) {
  auto res = client.Request("DELETE", "/v2/tokens/" + std::to_string(token_id), "", admin);
  BOOST_REQUIRE_MESSAGE(res.status == 200 || res.status == 204, res.status << " " << res.body);
}

// The parts of a lead the tests reason about.
struct LeadInfo {
  uint64_t id = 0;
  uint64_t campaign_id = 0;
  std::string status;
  std::map<std::string, std::string> selects;  // select slug -> option slug
  std::map<std::string, std::string> fields;   // field slug -> minified JSON
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string json;  // minified

  std::string Select(const std::string& slug) const {
    auto it = selects.find(slug);
    return it == selects.end() ? "" : it->second;
  }
};

inline LeadInfo LeadOf(Element e) {
  LeadInfo lead;
  lead.id = U64(Json::At(e, "id"));
  lead.campaign_id = U64(Json::At(e, "campaign_id"));
  lead.status = Str(Json::At(e, "status"));
  simdjson::dom::object selects, fields;
  BOOST_REQUIRE(Json::At(e, "select_field_values").get_object().get(selects) == simdjson::SUCCESS);
  for (auto [k, v] : selects) lead.selects[std::string(k)] = Str(v);
  // A deleted lead's tombstone (sort=updated_at) has no field values.
  if (auto values = Json::Find(e, "field_values")) {
    BOOST_REQUIRE(values->get_object().get(fields) == simdjson::SUCCESS);
    for (auto [k, v] : fields) lead.fields[std::string(k)] = simdjson::minify(v);
  }
  lead.created_at = Millis(Str(Json::At(e, "created_at")));
  lead.updated_at = Millis(Str(Json::At(e, "updated_at")));
  lead.json = simdjson::minify(e);
  return lead;
}

inline LeadInfo LeadOf(const std::string& body) {
  Json json(body);
  return LeadOf(json.root);
}

inline std::string LeadsPath(uint64_t campaign_id) { return "/v2/campaigns/" + std::to_string(campaign_id) + "/leads"; }
inline std::string LeadPath(uint64_t campaign_id, uint64_t lead_id) {
  return LeadsPath(campaign_id) + "/" + std::to_string(lead_id);
}

inline LeadInfo CreateLead(HttpClient& client, const std::string& token, uint64_t campaign_id,
                           const std::string& body) {
  auto res = client.Request("POST", LeadsPath(campaign_id), body, token);
  BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body << " for " << body);
  return LeadOf(res.body);
}

inline LeadInfo PatchLead(HttpClient& client, const std::string& token, uint64_t campaign_id, uint64_t lead_id,
                          const std::string& body) {
  auto res = client.Request("PATCH", LeadPath(campaign_id, lead_id), body, token);
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body << " for " << body);
  return LeadOf(res.body);
}

inline LeadInfo GetLead(HttpClient& client, const std::string& token, uint64_t campaign_id, uint64_t lead_id) {
  auto res = client.Request("GET", LeadPath(campaign_id, lead_id), "", token);
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
  return LeadOf(res.body);
}

// One list page, parsed.
struct Page {
  std::vector<LeadInfo> leads;
  bool has_more = false;
  std::optional<std::string> next_cursor;
  std::optional<std::string> poll_cursor;  // sort=updated_at pages
  std::optional<std::string> next_link;    // links.next
  uint64_t limit = 0;
  std::optional<uint64_t> page, per_page;
  std::string link_header;
  std::string body;
};

inline Page ParsePage(const HttpResult& res) {
  Page page;
  page.body = res.body;
  page.link_header = res.Header("link");
  Json json(res.body);
  for (Element e : Arr(json["data"])) page.leads.push_back(LeadOf(e));
  Element meta = json["meta"];
  page.has_more = Bool(Json::At(meta, "has_more"));
  page.limit = U64(Json::At(meta, "limit"));
  Element cursor = Json::At(meta, "next_cursor");
  if (!cursor.is_null()) page.next_cursor = Str(cursor);
  if (auto p = Json::Find(meta, "poll_cursor")) page.poll_cursor = Str(*p);
  if (auto p = Json::Find(meta, "page")) page.page = U64(*p);
  if (auto p = Json::Find(meta, "per_page")) page.per_page = U64(*p);
  Element next = Json::At(json["links"], "next");
  if (!next.is_null()) page.next_link = Str(next);
  return page;
}

inline Page GetPage(HttpClient& client, const std::string& token, const std::string& target) {
  auto res = client.Request("GET", target, "", token);
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body << " for " << target);
  return ParsePage(res);
}

// Every lead of a listing, following links.next until it is null.
inline std::vector<LeadInfo> ListAll(HttpClient& client, const std::string& token, const std::string& target,
                                     size_t max_pages = 1000) {
  std::vector<LeadInfo> out;
  std::string next = target;
  for (size_t i = 0; i < max_pages; ++i) {
    Page page = GetPage(client, token, next);
    out.insert(out.end(), page.leads.begin(), page.leads.end());
    BOOST_REQUIRE_EQUAL(page.has_more, page.next_link.has_value());
    if (!page.next_link) return out;
    next = PathOf(*page.next_link);
  }
  BOOST_FAIL("listing did not end after " << max_pages << " pages: " << target);
  return out;
}

inline std::vector<uint64_t> IdsOf(const std::vector<LeadInfo>& leads) {
  std::vector<uint64_t> out;
  for (const auto& l : leads) out.push_back(l.id);
  return out;
}

inline std::set<uint64_t> IdSet(const std::vector<LeadInfo>& leads) {
  std::set<uint64_t> out;
  for (const auto& l : leads) out.insert(l.id);
  return out;
}

}  // namespace lg::scope_test
