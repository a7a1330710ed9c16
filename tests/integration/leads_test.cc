// The lead API over HTTP: create (three paths), get, list with cursor paging, PATCH, validation.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/api_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace leads_test {

namespace {

using namespace lg::test;

constexpr const char* kCampaign = R"({"name": "Solar DK",
  "fields": [{"slug": "name", "label": "Name", "type": "text", "required": true},
             {"slug": "email", "label": "E-mail", "type": "email"},
             {"slug": "phone", "type": "phone"},
             {"slug": "kwh", "type": "number"},
             {"slug": "visit", "type": "date"},
             {"slug": "call_at", "type": "datetime"},
             {"slug": "consent", "type": "checkbox"},
             {"slug": "extra", "type": "json"},
             {"slug": "comment", "type": "text"}],
  "selects": [{"slug": "source", "label": "Source",
               "options": [{"slug": "vendor-xyz", "label": "Vendor XYZ"}, {"slug": "leadpartner"}]}],
  "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true},
               {"slug": "contacted", "type": "active"}, {"slug": "won", "type": "won"}]})";

constexpr const char* kJane = R"({"field_values": {"name": "Jane Doe", "email": "jane@example.com"},
  "select_field_values": {"source": "vendor-xyz"}})";

struct Fixture : ApiFixture {
  explicit Fixture(const std::function<void(lg::core::Config&)>& tweak = {}) : ApiFixture(tweak) {}

  uint64_t campaign = CreateCampaign();
  std::string leads = LeadsPath(campaign);

  uint64_t CreateCampaign() {
    auto res = client.Request("POST", "/v2/campaigns", kCampaign, admin);
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    return U64(Json(res.body)["id"]);
  }
  static std::string LeadsPath(uint64_t campaign_id) {
    return "/v2/campaigns/" + std::to_string(campaign_id) + "/leads";
  }
  // Creates a lead and returns the 201 response.
  HttpResult Create(const std::string& body = kJane) {
    auto res = client.Request("POST", leads, body, admin);
    BOOST_REQUIRE_MESSAGE(res.status == 201, res.status << " " << res.body);
    return res;
  }
  uint64_t CreateId(const std::string& body = kJane) { return U64(Json(Create(body).body)["id"]); }
  HttpResult Get(uint64_t id) { return client.Request("GET", leads + "/" + std::to_string(id), "", admin); }
};

// The path and query of an absolute URL (http://host:port/path?query).
std::string PathOf(const std::string& url) {
  auto scheme = url.find("://");
  BOOST_REQUIRE(scheme != std::string::npos);
  auto slash = url.find('/', scheme + 3);
  BOOST_REQUIRE(slash != std::string::npos);
  return url.substr(slash);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(leads)

BOOST_FIXTURE_TEST_CASE(all_three_create_paths_answer_201_with_location_and_the_lead, Fixture) {
  const std::string with_campaign = R"({"campaign_id": )" + std::to_string(campaign) +
                                    R"(, "field_values": {"name": "Jane Doe", "email": "jane@example.com"},
                                    "select_field_values": {"source": "vendor-xyz"}})";
  std::vector<HttpResult> created = {client.Request("POST", leads, kJane, admin),
                                     client.Request("POST", "/v2/leads", with_campaign, admin),
                                     client.Request("POST", "/leads", with_campaign, admin)};
  std::set<uint64_t> ids;
  for (const auto& res : created) {
    BOOST_TEST_CONTEXT(res.body) {
      BOOST_REQUIRE_EQUAL(res.status, 201);
      Json body(res.body);
      uint64_t id = U64(body["id"]);
      ids.insert(id);
      BOOST_TEST(id <= (uint64_t{1} << 53) - 1, "lead ids fit in a JavaScript number");
      BOOST_TEST(U64(body["campaign_id"]) == campaign);
      BOOST_TEST(Str(body["status"]) == "new");
      BOOST_TEST(Str(Json::At(body["field_values"], "name")) == "Jane Doe");
      BOOST_TEST(Str(Json::At(body["field_values"], "email")) == "jane@example.com");
      BOOST_TEST(Str(Json::At(body["select_field_values"], "source")) == "vendor-xyz");
      BOOST_TEST(U64(Json::At(body["created_by"], "token_id")) > 0u);
      BOOST_TEST(Str(body["created_at"]) == Str(body["updated_at"]));
      BOOST_TEST(Str(body["created_at"]).back() == 'Z');

      std::string location = res.Header("location");
      BOOST_TEST(PathOf(location) == leads + "/" + std::to_string(id));
      // GET on the Location answers exactly the created lead.
      auto got = client.Request("GET", PathOf(location), "", admin);
      BOOST_REQUIRE_EQUAL(got.status, 200);
      BOOST_TEST(got.body == res.body);
    }
  }
  BOOST_TEST(ids.size() == 3u);
  // The token that created them is the admin token: its id matches the one in /v2/tokens.
  auto tokens = client.Request("GET", "/v2/tokens", "", admin);
  BOOST_REQUIRE_EQUAL(tokens.status, 200);
  Json token_list(tokens.body);
  BOOST_REQUIRE_EQUAL(Arr(token_list["data"]).size(), 1u);
  uint64_t admin_id = U64(Json::At(Arr(token_list["data"]).at(0).value(), "id"));
  BOOST_TEST(U64(Json::At(Json(created[0].body)["created_by"], "token_id")) == admin_id);
}

BOOST_FIXTURE_TEST_CASE(field_values_of_every_type_round_trip, Fixture) {
  auto res = Create(R"({"field_values": {"name": "Jane", "phone": "+45 12 34 56 78", "kwh": 12.5,
      "visit": "2026-12-01", "call_at": "2026-11-28T11:00:00.25+01:00", "consent": true, "extra": {"a": [1, "b"]}},
      "status": "contacted"})");
  Json body(res.body);
  Element values = body["field_values"];
  BOOST_TEST(Str(Json::At(values, "phone")) == "+45 12 34 56 78");
  double kwh = 0;
  BOOST_TEST((Json::At(values, "kwh").get_double().get(kwh) == simdjson::SUCCESS && kwh == 12.5));
  BOOST_TEST(Str(Json::At(values, "visit")) == "2026-12-01");
  // Datetimes are stored in UTC and come back as RFC 3339.
  BOOST_TEST(Str(Json::At(values, "call_at")) == "2026-11-28T10:00:00.250Z");
  BOOST_TEST(Bool(Json::At(values, "consent")) == true);
  BOOST_TEST(simdjson::minify(Json::At(values, "extra")) == R"({"a":[1,"b"]})");
  BOOST_TEST(Str(body["status"]) == "contacted");
  BOOST_TEST(Get(U64(body["id"])).body == res.body);

  // The local form "YYYY-MM-DD HH:MM:SS" is accepted and answered as RFC 3339 (UTC). Its offset
  // depends on the account time zone, so only the shape is checked here.
  auto local = Create(R"({"field_values": {"name": "Jo", "call_at": "2026-11-28 10:00:00"}})");
  std::string call_at = Str(Json::At(Json(local.body)["field_values"], "call_at"));
  BOOST_TEST(call_at.size() == 24u);
  BOOST_TEST(call_at.substr(10, 1) == "T");
  BOOST_TEST(call_at.back() == 'Z');
}

BOOST_FIXTURE_TEST_CASE(concurrent_creates_get_unique_ids_and_all_are_listed, Fixture) {
  constexpr int kThreads = 4, kPerThread = 20;
  std::vector<std::vector<uint64_t>> ids(kThreads);
  std::vector<int> failures(kThreads, 0);
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        HttpClient own = server.Client();
        for (int i = 0; i < kPerThread; ++i) {
          auto res = own.Request("POST", leads, kJane, admin);
          simdjson::dom::parser parser;
          uint64_t id = 0;
          if (res.status != 201 || parser.parse(res.body).get_object()["id"].get_uint64().get(id)) {
            ++failures[t];
            continue;
          }
          ids[t].push_back(id);
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  std::vector<uint64_t> all;
  for (int t = 0; t < kThreads; ++t) {
    BOOST_TEST(failures[t] == 0);
    BOOST_TEST(std::is_sorted(ids[t].begin(), ids[t].end()), "one client's leads get growing ids");
    all.insert(all.end(), ids[t].begin(), ids[t].end());
  }
  std::sort(all.begin(), all.end(), std::greater<>());
  BOOST_TEST((std::adjacent_find(all.begin(), all.end()) == all.end()), "ids are unique");

  auto list = client.Request("GET", leads + "?limit=500", "", admin);
  BOOST_REQUIRE_EQUAL(list.status, 200);
  std::vector<uint64_t> listed;
  Json list_body(list.body);
  for (Element lead : Arr(list_body["data"])) listed.push_back(U64(Json::At(lead, "id")));
  BOOST_TEST(listed == all, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(unknown_and_out_of_campaign_leads_are_404, Fixture) {
  uint64_t id = CreateId();
  uint64_t other = CreateCampaign();
  std::string other_leads = LeadsPath(other);
  CheckProblem(client.Request("GET", leads + "/" + std::to_string(id + 1000), "", admin), 404, "not_found");
  CheckProblem(client.Request("GET", leads + "/abc", "", admin), 404, "not_found");
  CheckProblem(client.Request("GET", leads + "/0", "", admin), 404, "not_found");
  // Campaign A's lead under campaign B's path does not exist, for GET and PATCH.
  CheckProblem(client.Request("GET", other_leads + "/" + std::to_string(id), "", admin), 404, "not_found");
  CheckProblem(client.Request("PATCH", other_leads + "/" + std::to_string(id), R"({"status": "won"})", admin), 404,
               "not_found");
  CheckProblem(client.Request("GET", LeadsPath(999999) + "/" + std::to_string(id), "", admin), 404, "not_found");
  CheckProblem(client.Request("GET", LeadsPath(999999), "", admin), 404, "not_found");
  CheckProblem(client.Request("POST", LeadsPath(999999), kJane, admin), 404, "not_found");
  // The lead is untouched and still in its own campaign.
  auto got = Get(id);
  BOOST_REQUIRE_EQUAL(got.status, 200);
  BOOST_TEST(Str(Json(got.body)["status"]) == "new");
  BOOST_TEST(Arr(Json(client.Request("GET", other_leads, "", admin).body)["data"]).size() == 0u);
}

BOOST_FIXTURE_TEST_CASE(campaign_id_in_the_body_is_checked, Fixture) {
  auto missing = ValidationErrorsOf(client.Request("POST", "/v2/leads", kJane, admin));
  BOOST_TEST(Same(missing, {{"campaign_id", "required"}}), Describe(missing));
  auto missing_short = ValidationErrorsOf(client.Request("POST", "/leads", kJane, admin));
  BOOST_TEST(Same(missing_short, {{"campaign_id", "required"}}), Describe(missing_short));
  auto bad = ValidationErrorsOf(
      client.Request("POST", "/v2/leads", R"({"campaign_id": "x", "field_values": {"name": "J"}})", admin));
  BOOST_TEST(Same(bad, {{"campaign_id", "invalid_type"}}), Describe(bad));
  CheckProblem(client.Request("POST", "/v2/leads", R"({"campaign_id": 999999, "field_values": {"name": "J"}})", admin),
               404, "not_found");
  uint64_t other = CreateCampaign();
  auto mismatch = ValidationErrorsOf(client.Request(
      "POST", leads, R"({"campaign_id": )" + std::to_string(other) + R"(, "field_values": {"name": "J"}})", admin));
  BOOST_TEST(Same(mismatch, {{"campaign_id", "campaign_mismatch"}}), Describe(mismatch));
  BOOST_TEST(Arr(Json(client.Request("GET", leads, "", admin).body)["data"]).size() == 0u);
}

BOOST_FIXTURE_TEST_CASE(cursor_paging_sees_every_lead_once_newest_first, Fixture) {
  std::vector<uint64_t> created;
  for (int i = 0; i < 23; ++i) {
    created.push_back(CreateId(R"({"field_values": {"name": "Lead )" + std::to_string(i) + R"("}})"));
  }
  BOOST_TEST(std::is_sorted(created.begin(), created.end()), "lead ids grow in creation order");

  std::vector<uint64_t> seen;
  std::string target = leads + "?limit=5";
  std::vector<size_t> page_sizes;
  for (int pages = 0; pages < 10; ++pages) {
    auto res = client.Request("GET", target, "", admin);
    BOOST_TEST_CONTEXT(target << " -> " << res.body) {
      BOOST_REQUIRE_EQUAL(res.status, 200);
      Json body(res.body);
      auto data = Arr(body["data"]);
      page_sizes.push_back(data.size());
      for (Element lead : data) {
        seen.push_back(U64(Json::At(lead, "id")));
        BOOST_TEST(U64(Json::At(lead, "campaign_id")) == campaign);
      }
      Element meta = body["meta"];
      BOOST_TEST(U64(Json::At(meta, "limit")) == 5u);
      bool has_more = Bool(Json::At(meta, "has_more"));
      Element next_link = Json::At(body["links"], "next");
      if (!has_more) {
        BOOST_TEST(Json::At(meta, "next_cursor").is_null());
        BOOST_TEST(next_link.is_null());
        BOOST_TEST(res.Header("link").empty());
        break;
      }
      std::string cursor = Str(Json::At(meta, "next_cursor"));
      BOOST_TEST(!cursor.empty());
      std::string next = Str(next_link);
      BOOST_TEST(res.Header("link") == "<" + next + ">; rel=\"next\"");
      BOOST_TEST(next.find("cursor=" + cursor) != std::string::npos);
      target = PathOf(next);
    }
  }
  BOOST_TEST(page_sizes == (std::vector<size_t>{5, 5, 5, 5, 3}), boost::test_tools::per_element());
  std::vector<uint64_t> expected(created.rbegin(), created.rend());
  BOOST_TEST(seen == expected, boost::test_tools::per_element());

  // Default limit is 50: everything on one page.
  auto all = client.Request("GET", leads, "", admin);
  Json all_body(all.body);
  BOOST_TEST(Arr(all_body["data"]).size() == 23u);
  BOOST_TEST(U64(Json::At(all_body["meta"], "limit")) == 50u);
  BOOST_TEST(Bool(Json::At(all_body["meta"], "has_more")) == false);

  // An exact multiple: the last full page must not promise another.
  auto exact = client.Request("GET", leads + "?limit=23", "", admin);
  Json exact_body(exact.body);
  BOOST_TEST(Arr(exact_body["data"]).size() == 23u);
  BOOST_TEST(Bool(Json::At(exact_body["meta"], "has_more")) == false);
}

BOOST_FIXTURE_TEST_CASE(bad_list_parameters_are_400_invalid_parameter, Fixture) {
  CreateId();
  for (const char* query : {"?limit=0", "?limit=501", "?limit=-1", "?limit=abc", "?limit=", "?cursor=zz",
                            "?cursor=6331", "?cursor=not-a-cursor", "?colour=red", "?limit=5&limit=6"}) {
    BOOST_TEST_CONTEXT(query) {
      CheckProblem(client.Request("GET", leads + query, "", admin), 400, "invalid_parameter");
    }
  }
  auto max = client.Request("GET", leads + "?limit=500", "", admin);
  BOOST_TEST(max.status == 200);
  auto min = client.Request("GET", leads + "?limit=1", "", admin);
  BOOST_TEST(min.status == 200);
}

BOOST_FIXTURE_TEST_CASE(patch_changes_status_select_and_field_values, Fixture) {
  auto created = Create();
  Json before(created.body);
  uint64_t id = U64(before["id"]);
  std::string path = leads + "/" + std::to_string(id);
  // Timestamps have millisecond resolution: make sure the clock moves past the create.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));

  auto patched = client.Request("PATCH", path,
                                R"({"status": "contacted", "select_field_values": {"source": "leadpartner"},
                                    "field_values": {"comment": "call back", "email": null}})",
                                admin);
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  Json after(patched.body);
  BOOST_TEST(U64(after["id"]) == id);
  BOOST_TEST(Str(after["status"]) == "contacted");
  BOOST_TEST(Str(Json::At(after["select_field_values"], "source")) == "leadpartner");
  BOOST_TEST(Str(Json::At(after["field_values"], "comment")) == "call back");
  BOOST_TEST(Str(Json::At(after["field_values"], "name")) == "Jane Doe");  // untouched members stay
  Element email;
  BOOST_TEST(after["field_values"].at_key("email").get(email) == simdjson::NO_SUCH_FIELD);  // null clears
  BOOST_TEST(Str(after["created_at"]) == Str(before["created_at"]));
  BOOST_TEST(Str(after["updated_at"]) > Str(before["updated_at"]));
  BOOST_TEST(U64(Json::At(after["created_by"], "token_id")) == U64(Json::At(before["created_by"], "token_id")));

  auto got = client.Request("GET", path, "", admin);
  BOOST_REQUIRE_EQUAL(got.status, 200);
  BOOST_TEST(got.body == patched.body);

  // A rejected PATCH changes nothing, not even the members that were valid.
  auto rejected = ValidationErrorsOf(client.Request(
      "PATCH", path,
      R"({"status": "won", "select_field_values": {"source": "nobody"}, "field_values": {"comment": "x"}})", admin));
  BOOST_TEST(Same(rejected, {{"source", "unknown_option"}}), Describe(rejected));
  BOOST_TEST(client.Request("GET", path, "", admin).body == patched.body);

  auto unknown_status = ValidationErrorsOf(client.Request("PATCH", path, R"({"status": "archived"})", admin));
  BOOST_TEST(Same(unknown_status, {{"status", "unknown_status"}}), Describe(unknown_status));
  auto server_owned = ValidationErrorsOf(client.Request(
      "PATCH", path, R"({"created_at": "2020-01-01T00:00:00Z", "campaign_id": 99, "created_by": {}})", admin));
  BOOST_TEST_CONTEXT(Describe(server_owned)) {
    BOOST_TEST(server_owned.size() == 3u);
    BOOST_TEST(HasError(server_owned, "created_at", "read_only"));
    BOOST_TEST(HasError(server_owned, "campaign_id", "read_only"));
    BOOST_TEST(HasError(server_owned, "created_by", "read_only"));
  }
  // Clearing a required field is refused.
  auto cleared = ValidationErrorsOf(client.Request("PATCH", path, R"({"field_values": {"name": null}})", admin));
  BOOST_TEST(Same(cleared, {{"name", "required"}}), Describe(cleared));
  BOOST_TEST(client.Request("GET", path, "", admin).body == patched.body);

  CheckProblem(client.Request("PATCH", leads + "/" + std::to_string(id + 1000), R"({"status": "won"})", admin), 404,
               "not_found");
  CheckProblem(client.Request("PATCH", path, "{", admin), 400, "invalid_json");
}

BOOST_FIXTURE_TEST_CASE(validation_reports_every_bad_member_at_once, Fixture) {
  auto errors = ValidationErrorsOf(client.Request("POST", leads,
                                                  R"({"id": 5, "field_values": {"name": "Jane", "email": "not-an-email",
                                            "shoe_size": 44}, "select_field_values": {"source": "nobody"}})",
                                                  admin));
  BOOST_TEST_CONTEXT(Describe(errors)) {
    BOOST_TEST(errors.size() == 4u);
    BOOST_TEST(HasError(errors, "id", "read_only"));
    BOOST_TEST(HasError(errors, "email", "invalid_email"));
    BOOST_TEST(HasError(errors, "shoe_size", "unknown_field"));
    BOOST_TEST(HasError(errors, "source", "unknown_option"));
  }
  {
    Json body(client.Request("POST", leads, R"({"id": 5})", admin).body);
    for (Element e : Arr(body["errors"])) BOOST_TEST(!Str(Json::At(e, "message")).empty());
  }

  auto required =
      ValidationErrorsOf(client.Request("POST", leads, R"({"field_values": {"email": "jane@example.com"}})", admin));
  BOOST_TEST(Same(required, {{"name", "required"}}), Describe(required));
  auto empty = ValidationErrorsOf(client.Request("POST", leads, R"({})", admin));
  BOOST_TEST(Same(empty, {{"name", "required"}}), Describe(empty));
  auto blank = ValidationErrorsOf(client.Request("POST", leads, R"({"field_values": {"name": ""}})", admin));
  BOOST_TEST(Same(blank, {{"name", "required"}}), Describe(blank));
  auto too_long = ValidationErrorsOf(client.Request(
      "POST", leads, R"({"field_values": {"name": "Jane", "comment": ")" + std::string(10001, 'x') + "\"}}", admin));
  BOOST_TEST(Same(too_long, {{"comment", "too_long"}}), Describe(too_long));
  auto not_objects = ValidationErrorsOf(
      client.Request("POST", leads, R"({"field_values": [], "select_field_values": "x", "status": 1})", admin));
  BOOST_TEST_CONTEXT(Describe(not_objects)) {
    BOOST_TEST(HasError(not_objects, "field_values", "invalid_type"));
    BOOST_TEST(HasError(not_objects, "select_field_values", "invalid_type"));
    BOOST_TEST(HasError(not_objects, "status", "invalid_type"));
  }

  auto types = ValidationErrorsOf(client.Request("POST", leads,
                                                 R"({"field_values": {"name": 7, "phone": "call me", "kwh": "12",
                                           "visit": "2026-13-01", "call_at": "yesterday", "consent": "yes"},
                                           "status": "archived", "colour": "red", "select_field_values": {"size": "xl"}})",
                                                 admin));
  BOOST_TEST_CONTEXT(Describe(types)) {
    BOOST_TEST(types.size() == 9u);
    BOOST_TEST(HasError(types, "name", "invalid_type"));
    BOOST_TEST(HasError(types, "phone", "invalid_phone"));
    BOOST_TEST(HasError(types, "kwh", "invalid_number"));
    BOOST_TEST(HasError(types, "visit", "invalid_date"));
    BOOST_TEST(HasError(types, "call_at", "invalid_datetime"));
    BOOST_TEST(HasError(types, "consent", "invalid_checkbox"));
    BOOST_TEST(HasError(types, "status", "unknown_status"));
    BOOST_TEST(HasError(types, "colour", "unknown_attribute"));
    BOOST_TEST(HasError(types, "size", "unknown_select"));
  }

  CheckProblem(client.Request("POST", leads, R"({"field_values": {"name": "Jane"})", admin), 400, "invalid_json");
  CheckProblem(client.Request("POST", leads, R"([{"field_values": {"name": "Jane"}}])", admin), 400, "invalid_json");
  CheckProblem(client.Request("POST", leads, R"("just a string")", admin), 400, "invalid_json");
  CheckProblem(client.Request("POST", leads, "", admin), 400, "invalid_json");

  // Nothing was stored by any of the rejected requests.
  BOOST_TEST(Arr(Json(client.Request("GET", leads, "", admin).body)["data"]).size() == 0u);
}

// `levels` arrays nested in turn around 1: [[1]] is 2 levels.
std::string NestedArrays(int levels) { return std::string(levels, '[') + "1" + std::string(levels, ']'); }

// A json field's value may nest limits.json_max_depth levels (default 32), so that a page holding
// the lead stays readable by common clients; deeper is refused on every write path, nothing stored.
BOOST_AUTO_TEST_CASE(json_values_nested_deeper_than_the_limit_are_refused_everywhere) {
  for (int limit : {32, 4}) {
    BOOST_TEST_CONTEXT("limits.json_max_depth " << limit) {
      Fixture f([&](lg::core::Config& config) {
        if (limit != 32) config.json_max_depth = limit;  // 32: the default, not set
      });
      auto with_extra = [](int levels) {
        return R"({"field_values": {"name": "Deep", "extra": )" + NestedArrays(levels) + "}}";
      };
      auto deep = ValidationErrorsOf(f.client.Request("POST", f.leads, with_extra(limit + 1), f.admin));
      BOOST_TEST(Same(deep, {{"extra", "too_deep"}}), Describe(deep));
      auto via_body = ValidationErrorsOf(f.client.Request("POST", "/v2/leads",
                                                          R"({"campaign_id": )" + std::to_string(f.campaign) +
                                                              R"(, "field_values": {"name": "Deep", "extra": )" +
                                                              NestedArrays(limit + 1) + "}}",
                                                          f.admin));
      BOOST_TEST(Same(via_body, {{"extra", "too_deep"}}), Describe(via_body));

      auto bulk = f.client.Request("POST", f.leads + "/bulk",
                                   "[" + with_extra(limit) + "," + with_extra(limit + 1) + "]", f.admin);
      BOOST_REQUIRE_EQUAL(bulk.status, 200);
      Json outcomes(bulk.body);
      BOOST_TEST(U64(outcomes["created"]) == 1u);
      Element refused = Arr(outcomes["results"]).at(1).value();
      BOOST_TEST(U64(Json::At(refused, "status")) == 422u);
      Element error = Arr(Json::At(refused, "errors")).at(0).value();
      BOOST_TEST(Str(Json::At(error, "field")) == "extra");
      BOOST_TEST(Str(Json::At(error, "code")) == "too_deep");
      // A vendor's token, which sees the schema cut down to its filter, is held to the same limit.
      auto filter = f.client.Request(
          "POST", "/v2/campaigns/" + std::to_string(f.campaign) + "/filters",
          R"({"name": "XYZ", "conditions": [{"field": "source", "op": "eq", "value": "vendor-xyz"}]})", f.admin);
      BOOST_REQUIRE_EQUAL(filter.status, 201);
      auto vendor = f.client.Request(
          "POST", "/v2/tokens",
          R"({"name": "XYZ", "permission": "read_write", "filter_id": )" + Member(filter.body, "id") + "}", f.admin);
      BOOST_REQUIRE_EQUAL(vendor.status, 201);
      auto by_vendor =
          ValidationErrorsOf(f.client.Request("POST", f.leads, with_extra(limit + 1), Member(vendor.body, "token")));
      BOOST_TEST(Same(by_vendor, {{"extra", "too_deep"}}), Describe(by_vendor));

      // Only the lead at the limit was stored; a PATCH deeper than the limit changes nothing.
      Json list(f.client.Request("GET", f.leads, "", f.admin).body);
      BOOST_REQUIRE_EQUAL(Arr(list["data"]).size(), 1u);
      const uint64_t id = U64(Json::At(Arr(list["data"]).at(0).value(), "id"));
      const std::string path = f.leads + "/" + std::to_string(id);
      const std::string stored = f.client.Request("GET", path, "", f.admin).body;
      BOOST_TEST(simdjson::minify(Json::At(Json(stored)["field_values"], "extra")) == NestedArrays(limit));
      auto patched = ValidationErrorsOf(
          f.client.Request("PATCH", path, R"({"field_values": {"extra": )" + NestedArrays(limit + 1) + "}}", f.admin));
      BOOST_TEST(Same(patched, {{"extra", "too_deep"}}), Describe(patched));
      BOOST_TEST(f.client.Request("GET", path, "", f.admin).body == stored);
      BOOST_TEST(f.client.Request("PATCH", path, R"({"field_values": {"extra": {"a": [1]}}})", f.admin).status == 200);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace leads_test
