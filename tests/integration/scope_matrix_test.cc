// Every kind of token against every lead and schema endpoint: the full expected-status table,
// and, for every response, that nothing of a lead outside the token's scope leaks into it.

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace scope_matrix_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign1 = R"({"name": "Solar",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "note", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a", "label": "Vendor A"},
                                            {"slug": "vendor-b", "label": "Vendor B"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

constexpr const char* kCampaign2 = R"({"name": "Heat pumps",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "note", "type": "text"}],
  "selects": [{"slug": "channel", "options": [{"slug": "web"}]}],
  "statuses": [{"slug": "open", "default": true}]})";

constexpr const char* kMarkA1 = "ALPHA-A1-MARK";
constexpr const char* kMarkB1 = "BRAVO-B1-MARK";
constexpr const char* kMarkC2 = "CHARLIE-C2-MARK";

enum Col {
  kListC1,
  kGetA1,
  kGetB1,
  kGetC2,
  kCreateC1,
  kPostC2,
  kPatchA1,
  kPatchB1,
  kCampaigns,
  kCampaign1Get,
  kCampaign2Get,
  kCols
};
constexpr const char* kColNames[kCols] = {"list c1",       "get A1",         "get B1",        "get C2",
                                          "create in c1",  "POST c2",        "patch A1",      "patch B1",
                                          "GET campaigns", "GET campaign 1", "GET campaign 2"};

struct Row {
  std::string name;
  std::string secret;
  int expected[kCols];
  std::set<std::string> visible;         // markers of the seeded leads this token may see
  std::set<uint64_t> visible_campaigns;  // what GET /v2/campaigns lists (when 200)
};

struct Seeded {
  uint64_t c1 = 0, c2 = 0;
  uint64_t a1 = 0, b1 = 0, c2lead = 0;
};

Seeded Seed(HttpClient& client, const std::string& admin) {
  Seeded s;
  s.c1 = CreateCampaign(client, admin, kCampaign1);
  s.c2 = CreateCampaign(client, admin, kCampaign2);
  s.a1 = CreateLead(client, admin, s.c1,
                    std::string(R"({"field_values": {"marker": ")") + kMarkA1 +
                        R"("}, "select_field_values": {"source": "vendor-a"}})")
             .id;
  s.b1 = CreateLead(client, admin, s.c1,
                    std::string(R"({"field_values": {"marker": ")") + kMarkB1 +
                        R"("}, "select_field_values": {"source": "vendor-b"}})")
             .id;
  s.c2lead = CreateLead(client, admin, s.c2,
                        std::string(R"({"field_values": {"marker": ")") + kMarkC2 +
                            R"("}, "select_field_values": {"channel": "web"}})")
                 .id;
  return s;
}

std::set<std::string> MarkersIn(const std::string& body) {
  std::set<std::string> out;
  for (const char* m : {kMarkA1, kMarkB1, kMarkC2}) {
    if (body.find(m) != std::string::npos) out.insert(m);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scope_matrix)

BOOST_FIXTURE_TEST_CASE(every_token_against_every_endpoint, ApiFixture) {
  Seeded s = Seed(client, admin);
  uint64_t filter_a = CreateFilter(client, admin, s.c1, EqFilter("Vendor A", "source", "vendor-a"));
  uint64_t filter_b = CreateFilter(client, admin, s.c1, EqFilter("Vendor B", "source", "vendor-b"));

  Token account_read = CreateToken(client, admin, "account read", "read");
  Token account_rw = CreateToken(client, admin, "account rw", "read_write");
  Token c1_rw = CreateToken(client, admin, "campaign 1 rw", "read_write", s.c1);
  Token vendor_a_read = CreateToken(client, admin, "vendor a read", "read", s.c1, filter_a);
  Token vendor_a_rw = CreateToken(client, admin, "vendor a rw", "read_write", std::nullopt, filter_a);
  Token vendor_b_rw = CreateToken(client, admin, "vendor b rw", "read_write", s.c1, filter_b);
  Token c2_rw = CreateToken(client, admin, "campaign 2 rw", "read_write", s.c2);
  Token revoked = CreateToken(client, admin, "revoked", "read_write");
  BOOST_REQUIRE_EQUAL(client.Request("GET", LeadsPath(s.c1), "", revoked.secret).status, 200);
  RevokeToken(client, admin, revoked.id);

  const std::set<std::string> all = {kMarkA1, kMarkB1, kMarkC2};
  const std::set<uint64_t> both = {s.c1, s.c2};
  // clang-format off
  std::vector<Row> rows = {
    //                                    list  A1   B1   C2   crt  c2   pA1  pB1  cmps c1   c2
    {"account read",  account_read.secret, {200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200}, all, both},
    {"account rw",    account_rw.secret,   {200, 200, 200, 200, 201, 201, 200, 200, 200, 200, 200}, all, both},
    {"admin",         admin,               {200, 200, 200, 200, 201, 201, 200, 200, 200, 200, 200}, all, both},
    {"campaign 1 rw", c1_rw.secret,        {200, 200, 200, 404, 201, 404, 200, 200, 200, 200, 404}, {kMarkA1, kMarkB1}, {s.c1}},
    {"vendor a read", vendor_a_read.secret,{200, 200, 404, 404, 403, 404, 403, 404, 200, 200, 404}, {kMarkA1}, {s.c1}},
    {"vendor a rw",   vendor_a_rw.secret,  {200, 200, 404, 404, 201, 404, 200, 404, 200, 200, 404}, {kMarkA1}, {s.c1}},
    {"vendor b rw",   vendor_b_rw.secret,  {200, 404, 200, 404, 422, 404, 404, 200, 200, 200, 404}, {kMarkB1}, {s.c1}},
    {"campaign 2 rw", c2_rw.secret,        {404, 404, 404, 200, 404, 201, 404, 404, 200, 404, 200}, {kMarkC2}, {s.c2}},
    {"revoked",       revoked.secret,      {401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401}, {}, {}},
    {"malformed",     "lg_nope",           {401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401}, {}, {}},
    {"no token",      "",                  {401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401}, {}, {}},
  };
  // clang-format on

  struct Call {
    std::string method, target, body;
  };
  const std::string c1 = std::to_string(s.c1), c2 = std::to_string(s.c2);
  const Call calls[kCols] = {
      {"GET", LeadsPath(s.c1), ""},
      {"GET", LeadPath(s.c1, s.a1), ""},
      {"GET", LeadPath(s.c1, s.b1), ""},
      {"GET", LeadPath(s.c2, s.c2lead), ""},
      {"POST", LeadsPath(s.c1), R"({"field_values": {"note": "new"}, "select_field_values": {"source": "vendor-a"}})"},
      {"POST", "/v2/leads", R"({"campaign_id": )" + c2 + R"(, "field_values": {"note": "new"}})"},
      {"PATCH", LeadPath(s.c1, s.a1), R"({"field_values": {"note": "touched"}})"},
      {"PATCH", LeadPath(s.c1, s.b1), R"({"field_values": {"note": "touched"}})"},
      {"GET", "/v2/campaigns", ""},
      {"GET", "/v2/campaigns/" + c1, ""},
      {"GET", "/v2/campaigns/" + c2, ""},
  };
  const std::set<std::string> c1_markers = {kMarkA1, kMarkB1};

  for (const Row& row : rows) {
    for (int col = 0; col < kCols; ++col) {
      const Call& call = calls[col];
      auto res = client.Request(call.method, call.target, call.body, row.secret);
      BOOST_TEST_CONTEXT(row.name << " / " << kColNames[col] << ": " << call.method << " " << call.target << " -> "
                                  << res.status << " " << res.body) {
        BOOST_TEST(res.status == row.expected[col]);
        // Nothing outside the token's scope in any body, whatever the status.
        for (const auto& marker : MarkersIn(res.body)) BOOST_TEST(row.visible.count(marker) == 1u, marker);
        if (res.status != row.expected[col]) continue;
        switch (res.status) {
          case 401:
            CheckProblem(res, 401, "unauthorized");
            break;
          case 403:
            CheckProblem(res, 403, "insufficient_permission");
            break;
          case 404:
            CheckProblem(res, 404, "not_found");
            break;
          case 422:
            CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
            break;
          default:
            break;
        }
        if (col == kListC1 && res.status == 200) {
          std::set<std::string> expected;
          for (const auto& m : row.visible) {
            if (c1_markers.count(m)) expected.insert(m);
          }
          BOOST_TEST(MarkersIn(res.body) == expected, boost::test_tools::per_element());
          for (const auto& lead : ParsePage(res).leads) BOOST_TEST(lead.campaign_id == s.c1);
        }
        if ((col == kGetA1 || col == kPatchA1) && res.status == 200) BOOST_TEST(MarkersIn(res.body).count(kMarkA1));
        if ((col == kGetB1 || col == kPatchB1) && res.status == 200) BOOST_TEST(MarkersIn(res.body).count(kMarkB1));
        if (col == kGetC2 && res.status == 200) BOOST_TEST(MarkersIn(res.body).count(kMarkC2));
        if (col == kCreateC1 && res.status == 201) {
          LeadInfo lead = LeadOf(res.body);
          BOOST_TEST(lead.campaign_id == s.c1);
          BOOST_TEST(lead.Select("source") == "vendor-a");
        }
        if (col == kPostC2 && res.status == 201) BOOST_TEST(LeadOf(res.body).campaign_id == s.c2);
        if (col == kCampaigns && res.status == 200) {
          Json body(res.body);
          std::set<uint64_t> ids;
          for (Element e : Arr(body["data"])) ids.insert(U64(Json::At(e, "id")));
          BOOST_TEST(ids == row.visible_campaigns, boost::test_tools::per_element());
        }
        if (col == kCampaign1Get && res.status == 200) BOOST_TEST(U64(Json(res.body)["id"]) == s.c1);
        if (col == kCampaign2Get && res.status == 200) BOOST_TEST(U64(Json(res.body)["id"]) == s.c2);
      }
    }
  }

  // The seeded leads kept their markers and sources; refused writes stored nothing. Creates:
  // account rw, admin, campaign 1 rw, vendor a rw in c1; account rw, admin, campaign 2 rw in c2.
  auto c1_leads = ListAll(client, admin, LeadsPath(s.c1) + "?limit=500");
  auto c2_leads = ListAll(client, admin, LeadsPath(s.c2) + "?limit=500");
  BOOST_TEST(c1_leads.size() == 2u + 4u);
  BOOST_TEST(c2_leads.size() == 1u + 3u);
  for (const auto& lead : c1_leads) {
    if (lead.id == s.a1 || lead.id == s.b1) continue;
    BOOST_TEST(lead.Select("source") == "vendor-a");
  }
  LeadInfo a1 = GetLead(client, admin, s.c1, s.a1), b1 = GetLead(client, admin, s.c1, s.b1);
  BOOST_TEST(a1.Select("source") == "vendor-a");
  BOOST_TEST(b1.Select("source") == "vendor-b");
  BOOST_TEST(a1.fields["note"] == "\"touched\"");
  BOOST_TEST(b1.fields["note"] == "\"touched\"");
}

// An out-of-scope lead answers byte for byte like a lead that does not exist, and an
// invisible campaign like a campaign that does not exist: scope cannot be probed.
BOOST_FIXTURE_TEST_CASE(out_of_scope_answers_like_absent, ApiFixture) {
  Seeded s = Seed(client, admin);
  uint64_t filter_a = CreateFilter(client, admin, s.c1, EqFilter("Vendor A", "source", "vendor-a"));
  Token vendor_a_read = CreateToken(client, admin, "vendor a read", "read", s.c1, filter_a);
  Token vendor_a_rw = CreateToken(client, admin, "vendor a rw", "read_write", s.c1, filter_a);
  Token c2_rw = CreateToken(client, admin, "campaign 2 rw", "read_write", s.c2);
  const uint64_t absent_lead = s.c2lead + 1000000;
  const uint64_t absent_campaign = 9999;

  for (const Token* token : {&vendor_a_read, &vendor_a_rw}) {
    for (const char* method : {"GET", "PATCH"}) {
      std::string body = std::string(method) == "PATCH" ? R"({"field_values": {"note": "x"}})" : "";
      auto hidden = client.Request(method, LeadPath(s.c1, s.b1), body, token->secret);
      auto absent = client.Request(method, LeadPath(s.c1, absent_lead), body, token->secret);
      BOOST_TEST_CONTEXT(method << " B1 as vendor a " << token->id) {
        BOOST_TEST(hidden.status == 404);
        BOOST_TEST(hidden.status == absent.status);
        BOOST_TEST(hidden.body == absent.body);
        BOOST_TEST(hidden.Header("content-type") == absent.Header("content-type"));
      }
    }
  }
  for (const auto& [method, suffix, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/leads", ""},
           {"GET", "/leads/" + std::to_string(s.a1), ""},
           {"PATCH", "/leads/" + std::to_string(s.a1), R"({"field_values": {"note": "x"}})"},
           {"POST", "/leads", R"({"field_values": {"note": "x"}})"},
           {"GET", "", ""},
       }) {
    auto hidden = client.Request(method, "/v2/campaigns/" + std::to_string(s.c1) + suffix, body, c2_rw.secret);
    auto absent =
        client.Request(method, "/v2/campaigns/" + std::to_string(absent_campaign) + suffix, body, c2_rw.secret);
    BOOST_TEST_CONTEXT(method << " campaign 1" << suffix << " as campaign 2 token") {
      BOOST_TEST(hidden.status == 404);
      BOOST_TEST(hidden.status == absent.status);
      BOOST_TEST(hidden.body == absent.body);
    }
  }
  // Creating through /v2/leads into an invisible campaign is the same 404 as an absent one.
  auto hidden = client.Request("POST", "/v2/leads", R"({"campaign_id": )" + std::to_string(s.c1) + "}", c2_rw.secret);
  auto absent =
      client.Request("POST", "/v2/leads", R"({"campaign_id": )" + std::to_string(absent_campaign) + "}", c2_rw.secret);
  BOOST_TEST(hidden.status == 404);
  BOOST_TEST(hidden.body == absent.body);
  // A read token probing with a write gets 404 outside its scope, 403 only inside it.
  CheckProblem(client.Request("PATCH", LeadPath(s.c1, s.b1), R"({"status": "won"})", vendor_a_read.secret), 404,
               "not_found");
  CheckProblem(client.Request("PATCH", LeadPath(s.c1, s.a1), R"({"status": "won"})", vendor_a_read.secret), 403,
               "insufficient_permission");
}

// Without a path campaign, a campaign-scoped token's create lands in its own campaign.
BOOST_FIXTURE_TEST_CASE(create_without_campaign_uses_the_tokens_campaign, ApiFixture) {
  Seeded s = Seed(client, admin);
  uint64_t filter_a = CreateFilter(client, admin, s.c1, EqFilter("Vendor A", "source", "vendor-a"));
  Token vendor_a_rw = CreateToken(client, admin, "vendor a rw", "read_write", std::nullopt, filter_a);
  Token account_rw = CreateToken(client, admin, "account rw", "read_write");
  for (const char* path : {"/v2/leads", "/leads"}) {
    auto res = client.Request("POST", path, R"({"field_values": {"note": "implied"}})", vendor_a_rw.secret);
    BOOST_REQUIRE_MESSAGE(res.status == 201, path << " " << res.body);
    LeadInfo lead = LeadOf(res.body);
    BOOST_TEST(lead.campaign_id == s.c1);
    BOOST_TEST(lead.Select("source") == "vendor-a");
  }
  // An account token must name the campaign.
  auto res = client.Request("POST", "/v2/leads", R"({"field_values": {"note": "x"}})", account_rw.secret);
  CheckFirstError(res, 422, "validation_failed", "campaign_id", "required");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scope_matrix_test
