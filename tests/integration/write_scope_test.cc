// Writes by filtered read_write tokens: pinned values are stamped on create, contradictions and
// PATCHes that leave the filter are refused with nothing stored, server-owned attributes stay
// read-only, and filter edits and revocations take effect on the very next request.

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/integration/scope_fixture.h"

namespace write_scope_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign = R"({"name": "Solar",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "note", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]},
              {"slug": "region", "options": [{"slug": "north"}, {"slug": "south"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"}]})";

struct World {
  TempDir dir;
  TestServer server{TestConfig(dir.path())};
  HttpClient client = server.Client();
  std::string admin = server.admin_token();
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  uint64_t filter_a = CreateFilter(client, admin, campaign, EqFilter("Vendor A", "source", "vendor-a"));
  Token vendor_a = CreateToken(client, admin, "vendor a rw", "read_write", std::nullopt, filter_a);
  LeadInfo a1 = CreateLead(client, admin, campaign,
                           R"({"field_values": {"marker": "A1"}, "select_field_values": {"source": "vendor-a"}})");
  LeadInfo b1 = CreateLead(client, admin, campaign,
                           R"({"field_values": {"marker": "B1"}, "select_field_values": {"source": "vendor-b"}})");

  // Markers of all leads of the campaign, as the admin sees them.
  std::vector<std::string> AdminMarkers() {
    std::vector<std::string> out;
    for (const auto& lead : ListAll(client, admin, LeadsPath(campaign) + "?limit=500")) {
      auto it = lead.fields.find("marker");
      out.push_back(it == lead.fields.end() ? "" : it->second);
    }
    return out;
  }
  bool AdminSeesMarker(const std::string& marker) {
    for (const auto& m : AdminMarkers()) {
      if (m == "\"" + marker + "\"") return true;
    }
    return false;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(write_scope)

BOOST_AUTO_TEST_CASE(create_stamps_the_filters_select) {
  World w;
  auto res =
      w.client.Request("POST", LeadsPath(w.campaign), R"({"field_values": {"marker": "stamped"}})", w.vendor_a.secret);
  BOOST_REQUIRE_MESSAGE(res.status == 201, res.body);
  LeadInfo lead = LeadOf(res.body);
  BOOST_TEST(lead.Select("source") == "vendor-a");
  BOOST_TEST(lead.status == "new");
  // Stored as such: the admin sees it, and it stays in the vendor's own view.
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, lead.id).Select("source") == "vendor-a");
  auto own = IdSet(ListAll(w.client, w.vendor_a.secret, LeadsPath(w.campaign)));
  BOOST_TEST(own.count(lead.id) == 1u);
  BOOST_TEST(own.count(w.a1.id) == 1u);
  BOOST_TEST(own.size() == 2u);
  // An explicit matching value is accepted as well; other selects are the vendor's to set.
  LeadInfo explicit_lead =
      CreateLead(w.client, w.vendor_a.secret, w.campaign,
                 R"({"select_field_values": {"source": "vendor-a", "region": "south"}, "status": "contacted"})");
  BOOST_TEST(explicit_lead.Select("source") == "vendor-a");
  BOOST_TEST(explicit_lead.Select("region") == "south");
  BOOST_TEST(explicit_lead.status == "contacted");
}

BOOST_AUTO_TEST_CASE(filter_pinning_status_and_source_stamps_both) {
  World w;
  for (const char* pinned_status : {"new", "contacted"}) {
    BOOST_TEST_CONTEXT("status eq " << pinned_status) {
      uint64_t filter = CreateFilter(w.client, w.admin, w.campaign,
                                     std::string(R"({"name": "A )") + pinned_status + R"(", "match": "all",
                                       "conditions": [{"field": "status", "op": "eq", "value": ")" +
                                         pinned_status + R"("},
                                                      {"field": "source", "op": "in", "value": ["vendor-a"]}]})");
      Token token = CreateToken(w.client, w.admin, "pinned", "read_write", w.campaign, filter);
      LeadInfo lead = CreateLead(w.client, token.secret, w.campaign, R"({"field_values": {"marker": "pinned"}})");
      BOOST_TEST(lead.status == pinned_status);
      BOOST_TEST(lead.Select("source") == "vendor-a");
      LeadInfo stored = GetLead(w.client, w.admin, w.campaign, lead.id);
      BOOST_TEST(stored.json == lead.json);
      // Contradicting the pinned status is refused too.
      const char* other = std::string(pinned_status) == "new" ? "won" : "new";
      auto res = w.client.Request("POST", LeadsPath(w.campaign),
                                  std::string(R"({"field_values": {"marker": "nope"}, "status": ")") + other + "\"}",
                                  token.secret);
      CheckFirstError(res, 422, "validation_failed", "status", "unknown_status");
      // And so is moving its status away.
      res = w.client.Request("PATCH", LeadPath(w.campaign, lead.id), std::string(R"({"status": ")") + other + "\"}",
                             token.secret);
      CheckFirstError(res, 422, "validation_failed", "status", "unknown_status");
      BOOST_TEST(GetLead(w.client, w.admin, w.campaign, lead.id).json == lead.json);
    }
  }
  BOOST_TEST(!w.AdminSeesMarker("nope"));
}

BOOST_AUTO_TEST_CASE(contradicting_create_is_422_and_stores_nothing) {
  World w;
  auto before = w.AdminMarkers();
  auto res = w.client.Request(
      "POST", LeadsPath(w.campaign),
      R"({"field_values": {"marker": "SMUGGLED"}, "select_field_values": {"source": "vendor-b"}})", w.vendor_a.secret);
  // Another vendor's option is unknown to this token.
  CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
  // Clearing the stamped value explicitly is a contradiction as well.
  res = w.client.Request("POST", LeadsPath(w.campaign),
                         R"({"field_values": {"marker": "SMUGGLED"}, "select_field_values": {"source": null}})",
                         w.vendor_a.secret);
  CheckFirstError(res, 422, "outside_token_scope", "source", "outside_token_scope");
  // The same through /v2/leads with the campaign implied by the token.
  res = w.client.Request("POST", "/v2/leads",
                         R"({"field_values": {"marker": "SMUGGLED"}, "select_field_values": {"source": "vendor-b"}})",
                         w.vendor_a.secret);
  CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
  // A schema error and a scope error together: the schema error is reported, nothing stored.
  res = w.client.Request("POST", LeadsPath(w.campaign),
                         R"({"field_values": {"marker": "SMUGGLED"}, "select_field_values": {"source": "vendor-zz"}})",
                         w.vendor_a.secret);
  BOOST_TEST(res.status == 422);
  BOOST_TEST(w.AdminMarkers() == before, boost::test_tools::per_element());
  BOOST_TEST(!w.AdminSeesMarker("SMUGGLED"));
}

BOOST_AUTO_TEST_CASE(patch_leaving_the_filter_is_422_and_changes_nothing) {
  World w;
  LeadInfo before = GetLead(w.client, w.admin, w.campaign, w.a1.id);
  SleepMs(3);  // a stored change would get a later updated_at
  auto res = w.client.Request("PATCH", LeadPath(w.campaign, w.a1.id),
                              R"({"field_values": {"note": "moving"}, "select_field_values": {"source": "vendor-b"}})",
                              w.vendor_a.secret);
  CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
  res = w.client.Request("PATCH", LeadPath(w.campaign, w.a1.id), R"({"select_field_values": {"source": null}})",
                         w.vendor_a.secret);
  CheckFirstError(res, 422, "outside_token_scope", "source", "outside_token_scope");
  LeadInfo after = GetLead(w.client, w.admin, w.campaign, w.a1.id);
  BOOST_TEST(after.json == before.json);
  // Still visible to the vendor, and absent from vendor-b's listing.
  BOOST_TEST(GetLead(w.client, w.vendor_a.secret, w.campaign, w.a1.id).json == CreatorMasked(before.json));
  auto b_ids = IdSet(ListAll(w.client, w.admin, LeadsPath(w.campaign) + "?source=vendor-b"));
  BOOST_TEST(b_ids == (std::set<uint64_t>{w.b1.id}), boost::test_tools::per_element());
  // A harmless change inside the filter is fine.
  LeadInfo patched =
      PatchLead(w.client, w.vendor_a.secret, w.campaign, w.a1.id, R"({"field_values": {"note": "fine"}})");
  BOOST_TEST(patched.Select("source") == "vendor-a");
  BOOST_TEST(patched.fields["note"] == "\"fine\"");
  BOOST_TEST(patched.updated_at >= before.updated_at);
  // The admin (unfiltered) may move it; afterwards the vendor no longer sees it.
  PatchLead(w.client, w.admin, w.campaign, w.a1.id, R"({"select_field_values": {"source": "vendor-b"}})");
  CheckProblem(w.client.Request("GET", LeadPath(w.campaign, w.a1.id), "", w.vendor_a.secret), 404, "not_found");
  CheckProblem(w.client.Request("PATCH", LeadPath(w.campaign, w.a1.id),
                                R"({"select_field_values": {"source": "vendor-a"}})", w.vendor_a.secret),
               404, "not_found");
}

BOOST_AUTO_TEST_CASE(server_owned_attributes_stay_read_only_for_filtered_tokens) {
  World w;
  for (const char* attr :
       {R"("id": 42)", R"("created_at": "2020-01-01T00:00:00Z")", R"("updated_at": "2020-01-01T00:00:00Z")",
        R"("created_by": {"token_id": 1, "name": "x"})"}) {
    std::string key(attr);
    key = key.substr(1, key.find('"', 1) - 1);
    BOOST_TEST_CONTEXT(key) {
      auto res =
          w.client.Request("POST", LeadsPath(w.campaign),
                           std::string(R"({"field_values": {"marker": "RO"}, )") + attr + "}", w.vendor_a.secret);
      CheckFirstError(res, 422, "validation_failed", key, "read_only");
      res = w.client.Request("PATCH", LeadPath(w.campaign, w.a1.id), std::string("{") + attr + "}", w.vendor_a.secret);
      CheckFirstError(res, 422, "validation_failed", key, "read_only");
    }
  }
  auto res = w.client.Request("PATCH", LeadPath(w.campaign, w.a1.id), R"({"campaign_id": 2})", w.vendor_a.secret);
  CheckFirstError(res, 422, "validation_failed", "campaign_id", "read_only");
  BOOST_TEST(!w.AdminSeesMarker("RO"));
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, w.a1.id).json == w.a1.json);
}

BOOST_AUTO_TEST_CASE(filter_edit_takes_effect_on_the_next_request) {
  World w;
  auto ids = [&] { return IdSet(ListAll(w.client, w.vendor_a.secret, LeadsPath(w.campaign))); };
  BOOST_TEST(ids() == (std::set<uint64_t>{w.a1.id}), boost::test_tools::per_element());
  auto res = w.client.Request("PATCH",
                              "/v2/campaigns/" + std::to_string(w.campaign) + "/filters/" + std::to_string(w.filter_a),
                              R"({"conditions": [{"field": "source", "op": "eq", "value": "vendor-b"}]})", w.admin);
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
  BOOST_TEST(ids() == (std::set<uint64_t>{w.b1.id}), boost::test_tools::per_element());
  CheckProblem(w.client.Request("GET", LeadPath(w.campaign, w.a1.id), "", w.vendor_a.secret), 404, "not_found");
  BOOST_TEST(GetLead(w.client, w.vendor_a.secret, w.campaign, w.b1.id).json == CreatorMasked(w.b1.json));
  // Writes follow the new filter too: stamping and the scope check.
  LeadInfo lead = CreateLead(w.client, w.vendor_a.secret, w.campaign, R"({"field_values": {"marker": "after"}})");
  BOOST_TEST(lead.Select("source") == "vendor-b");
  res = w.client.Request("POST", LeadsPath(w.campaign), R"({"select_field_values": {"source": "vendor-a"}})",
                         w.vendor_a.secret);
  CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
  // Listing by source under the new filter: vendor-a is now as unknown to it as a made-up source.
  CheckProblem(w.client.Request("GET", LeadsPath(w.campaign) + "?source=vendor-a", "", w.vendor_a.secret), 400,
               "invalid_parameter");

  // A schema change (new option) keeps the edited filter in force.
  res = w.client.Request("POST", "/v2/campaigns/" + std::to_string(w.campaign) + "/selects/source/options",
                         R"({"slug": "vendor-c", "label": "Vendor C"})", w.admin);
  BOOST_REQUIRE_MESSAGE(res.status == 201 || res.status == 200, res.status << " " << res.body);
  BOOST_TEST(ids() == (std::set<uint64_t>{w.b1.id, lead.id}), boost::test_tools::per_element());

  // Widening to `any` of two sources: both visible, nothing is stamped (no single pinned value).
  res = w.client.Request("PATCH",
                         "/v2/campaigns/" + std::to_string(w.campaign) + "/filters/" + std::to_string(w.filter_a),
                         R"({"match": "any", "conditions": [{"field": "source", "op": "eq", "value": "vendor-a"},
                                                            {"field": "source", "op": "eq", "value": "vendor-b"}]})",
                         w.admin);
  BOOST_REQUIRE_MESSAGE(res.status == 200, res.body);
  BOOST_TEST(ids() == (std::set<uint64_t>{w.a1.id, w.b1.id, lead.id}), boost::test_tools::per_element());
  res = w.client.Request("POST", LeadsPath(w.campaign), R"({"field_values": {"marker": "unstamped"}})",
                         w.vendor_a.secret);
  CheckFirstError(res, 422, "outside_token_scope", "filter", "outside_token_scope");
  BOOST_TEST(CreateLead(w.client, w.vendor_a.secret, w.campaign, R"({"select_field_values": {"source": "vendor-a"}})")
                 .Select("source") == "vendor-a");
  res = w.client.Request("POST", LeadsPath(w.campaign), R"({"select_field_values": {"source": "vendor-c"}})",
                         w.vendor_a.secret);
  CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
}

BOOST_AUTO_TEST_CASE(revoke_takes_effect_on_the_next_request) {
  World w;
  Token reader = CreateToken(w.client, w.admin, "vendor a read", "read", w.campaign, w.filter_a);
  BOOST_TEST(w.client.Request("GET", LeadsPath(w.campaign), "", w.vendor_a.secret).status == 200);
  BOOST_TEST(w.client.Request("GET", LeadPath(w.campaign, w.a1.id), "", reader.secret).status == 200);
  RevokeToken(w.client, w.admin, w.vendor_a.id);
  for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", LeadsPath(w.campaign), ""},
           {"GET", LeadPath(w.campaign, w.a1.id), ""},
           {"POST", LeadsPath(w.campaign), R"({"field_values": {"marker": "late"}})"},
           {"PATCH", LeadPath(w.campaign, w.a1.id), R"({"field_values": {"note": "late"}})"},
           {"GET", "/v2/campaigns", ""},
       }) {
    BOOST_TEST_CONTEXT(method << " " << target) {
      CheckProblem(w.client.Request(method, target, body, w.vendor_a.secret), 401, "unauthorized");
    }
  }
  // The other token on the same filter is unaffected; nothing was written.
  BOOST_TEST(w.client.Request("GET", LeadPath(w.campaign, w.a1.id), "", reader.secret).status == 200);
  BOOST_TEST(!w.AdminSeesMarker("late"));
  BOOST_TEST(GetLead(w.client, w.admin, w.campaign, w.a1.id).json == w.a1.json);
  // Still revoked after a restart.
  w.server.Restart();
  HttpClient client2 = w.server.Client();
  CheckProblem(client2.Request("GET", LeadsPath(w.campaign), "", w.vendor_a.secret), 401, "unauthorized");
  BOOST_TEST(client2.Request("GET", LeadPath(w.campaign, w.a1.id), "", reader.secret).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace write_scope_test
