// A seeded random mix of creates, PATCHes (some refused) and lists over HTTP, with server
// restarts in between; afterwards the store's select, status, updated-time and option-updated
// indexes must describe exactly the stored lead records.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/lead_json.h"
#include "store/campaign_repo.h"
#include "store/db.h"
#include "store/lead_repo.h"
#include "tests/integration/scope_fixture.h"
#include "tests/support/index_entries.h"
#include "tests/support/must.h"

namespace index_property_test {

using namespace lg;
using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign1 = R"({"name": "Props 1",
  "fields": [{"slug": "n", "type": "number"}, {"slug": "name", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}, {"slug": "c"}]},
              {"slug": "region", "options": [{"slug": "north"}, {"slug": "south"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"},
               {"slug": "lost", "type": "lost"}]})";

constexpr const char* kCampaign2 = R"({"name": "Props 2",
  "fields": [{"slug": "n", "type": "number"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
  "statuses": [{"slug": "open", "default": true}, {"slug": "closed", "type": "won"}]})";

struct Schema {
  uint64_t id = 0;
  std::map<std::string, std::vector<std::string>> selects;
  std::vector<std::string> statuses;
};

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[rng() % v.size()];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_property)

BOOST_AUTO_TEST_CASE(indexes_match_records_after_random_operations_and_restarts) {
  TempDir dir;
  std::vector<Schema> schemas(2);
  std::map<uint64_t, LeadInfo> model;  // lead id -> last state answered by the server
  size_t creates = 0, patches = 0, refused = 0, lists = 0, restarts = 0;
  {
    TestServer server(TestConfig(dir.path()));
    auto client = std::make_unique<HttpClient>(server.port());
    const std::string admin = server.admin_token();
    schemas[0].id = CreateCampaign(*client, admin, kCampaign1);
    schemas[0].selects = {{"source", {"a", "b", "c"}}, {"region", {"north", "south"}}};
    schemas[0].statuses = {"new", "contacted", "won", "lost"};
    schemas[1].id = CreateCampaign(*client, admin, kCampaign2);
    schemas[1].selects = {{"source", {"a", "b"}}};
    schemas[1].statuses = {"open", "closed"};
    uint64_t filter_a = CreateFilter(*client, admin, schemas[0].id, EqFilter("A", "source", "a"));
    Token vendor_a = CreateToken(*client, admin, "vendor a", "read_write", schemas[0].id, filter_a);

    std::mt19937 rng(424242);
    std::vector<uint64_t> ids;
    for (int op = 0; op < 300; ++op) {
      if (op == 90 || op == 180 || op == 260) {
        server.Restart();
        client = std::make_unique<HttpClient>(server.port());
        ++restarts;
      }
      unsigned roll = rng() % 100;
      if (ids.empty() || roll < 35) {
        // Create, mostly in campaign 1, with random (or absent) select values and status.
        const Schema& s = schemas[rng() % 5 == 0 ? 1 : 0];
        std::string selects;
        for (const auto& [slug, options] : s.selects) {
          if (rng() % 4 == 0) continue;
          selects += std::string(selects.empty() ? "" : ", ") + "\"" + slug + "\": \"" + Pick(rng, options) + "\"";
        }
        std::string body = R"({"field_values": {"n": )" + std::to_string(op) + "}";
        if (!selects.empty()) body += R"(, "select_field_values": {)" + selects + "}";
        if (rng() % 3) body += R"(, "status": ")" + Pick(rng, s.statuses) + "\"";
        body += "}";
        bool as_vendor = s.id == schemas[0].id && rng() % 4 == 0;
        auto res = client->Request("POST", LeadsPath(s.id), body, as_vendor ? vendor_a.secret : admin);
        if (res.status == 201) {
          LeadInfo lead = LeadOf(res.body);
          model[lead.id] = lead;
          ids.push_back(lead.id);
          ++creates;
          if (as_vendor) BOOST_TEST(lead.Select("source") == "a");
        } else {
          BOOST_TEST_REQUIRE(as_vendor, "admin create failed: " << res.status << " " << res.body << " for " << body);
          CheckFirstError(res, 422, "validation_failed", "source", "unknown_option");
          ++refused;
        }
      } else if (roll < 80) {
        // PATCH a random lead: select changes (including clearing), status, fields; sometimes
        // an invalid value or a filtered token pushing the lead out of its filter.
        uint64_t id = Pick(rng, ids);
        const LeadInfo& before = model.at(id);
        const Schema& s = before.campaign_id == schemas[0].id ? schemas[0] : schemas[1];
        std::string body = R"({"field_values": {"n": )" + std::to_string(1000 + op) + "}";
        std::string selects;
        const bool invalid = rng() % 12 == 0;  // then `source` is a value no select has (given once)
        for (const auto& [slug, options] : s.selects) {
          unsigned r = rng() % 6;
          if (r < 3 || (invalid && slug == "source")) continue;
          std::string value = r == 3 ? "null" : "\"" + Pick(rng, options) + "\"";
          selects += std::string(selects.empty() ? "" : ", ") + "\"" + slug + "\": " + value;
        }
        if (invalid) selects += std::string(selects.empty() ? "" : ", ") + R"("source": "zzz")";
        if (!selects.empty()) body += R"(, "select_field_values": {)" + selects + "}";
        if (rng() % 2) body += R"(, "status": ")" + Pick(rng, s.statuses) + "\"";
        body += "}";
        bool as_vendor = s.id == schemas[0].id && before.Select("source") == "a" && rng() % 3 == 0;
        auto res = client->Request("PATCH", LeadPath(s.id, id), body, as_vendor ? vendor_a.secret : admin);
        if (res.status == 200) {
          BOOST_TEST(!invalid);
          LeadInfo lead = LeadOf(res.body);
          BOOST_TEST(lead.updated_at >= before.updated_at);
          BOOST_TEST(lead.created_at == before.created_at);
          if (as_vendor) BOOST_TEST(lead.Select("source") == "a");
          model[id] = lead;
          ++patches;
        } else {
          BOOST_TEST_REQUIRE(res.status == 422, res.status << " " << res.body);
          BOOST_TEST_REQUIRE((invalid || as_vendor), "unexpected 422: " << res.body << " for " << body);
          ++refused;
        }
      } else {
        // List by a random select value or status; compare with the model.
        const Schema& s = schemas[rng() % 3 == 0 ? 1 : 0];
        std::string query;
        std::function<bool(const LeadInfo&)> pred;
        if (rng() % 2) {
          auto it = s.selects.begin();
          std::advance(it, rng() % s.selects.size());
          std::string slug = it->first, option = Pick(rng, it->second);
          query = slug + "=" + option;
          pred = [slug, option](const LeadInfo& l) { return l.Select(slug) == option; };
        } else {
          std::string status = Pick(rng, s.statuses);
          query = "status=" + status;
          pred = [status](const LeadInfo& l) { return l.status == status; };
        }
        if (rng() % 2) query += "&limit=" + std::to_string(1 + rng() % 7);
        std::vector<uint64_t> expected;
        for (const auto& [id, lead] : model) {
          if (lead.campaign_id == s.id && pred(lead)) expected.push_back(id);
        }
        std::reverse(expected.begin(), expected.end());  // newest first
        BOOST_TEST_CONTEXT("op " << op << " list " << query) {
          auto got = ListAll(*client, admin, LeadsPath(s.id) + "?" + query);
          BOOST_TEST(IdsOf(got) == expected, boost::test_tools::per_element());
          for (const auto& lead : got) BOOST_TEST(CreatorMasked(lead.json) == CreatorMasked(model.at(lead.id).json));
        }
        ++lists;
      }
    }
    BOOST_TEST_MESSAGE("creates " << creates << ", patches " << patches << ", refused " << refused << ", lists "
                                  << lists << ", restarts " << restarts);
    BOOST_TEST(creates > 50u);
    BOOST_TEST(patches > 50u);
    BOOST_TEST(refused > 3u);
    BOOST_TEST(lists > 20u);
    BOOST_TEST(restarts == 3u);
    server.Stop();
  }

  auto db = store::Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  store::CampaignRepo campaigns(**db);
  store::LeadRepo leads(**db);
  for (const Schema& s : schemas) {
    BOOST_TEST_CONTEXT("campaign " << s.id) {
      auto campaign = test::Must(campaigns.Get(s.id));
      BOOST_REQUIRE(campaign.has_value());
      // Every stored record of the campaign, decoded.
      std::map<uint64_t, core::Lead> stored;
      test::Must(leads.ScanNewestFirst({.campaign_id = s.id}, [&](uint64_t id, std::string_view json) {
        auto lead = core::DecodeLead(json);
        BOOST_REQUIRE(lead.has_value());
        stored[id] = *lead;
        return true;
      }));
      // The records are exactly the model's leads of this campaign, in the state last answered.
      std::set<uint64_t> model_ids;
      for (const auto& [id, lead] : model) {
        if (lead.campaign_id != s.id) continue;
        model_ids.insert(id);
        auto json = test::Must(leads.GetJson(core::CampaignId(s.id), core::LeadId(id)));
        BOOST_REQUIRE(json.has_value());
        BOOST_TEST(CreatorMasked(*json) == CreatorMasked(lead.json));
      }
      std::set<uint64_t> stored_ids;
      for (const auto& [id, lead] : stored) stored_ids.insert(id);
      BOOST_TEST(stored_ids == model_ids, boost::test_tools::per_element());

      for (const auto& select : campaign->selects) {
        for (const auto& option : select.options) {
          std::vector<uint64_t> expected;
          for (const auto& [id, lead] : stored) {
            auto it = lead.select_values.find(select.slug);
            if (it != lead.select_values.end() && it->second == option.slug) expected.push_back(id);
          }
          std::vector<std::pair<int64_t, uint64_t>> expected_updated;
          for (uint64_t id : expected) expected_updated.emplace_back(stored.at(id).updated_at, id);
          std::sort(expected_updated.begin(), expected_updated.end());
          BOOST_TEST_CONTEXT("select " << select.slug << "=" << option.slug) {
            BOOST_TEST(test::IdsWithOption(**db, s.id, select.id, option.id) == expected,
                       boost::test_tools::per_element());
            BOOST_TEST((test::OptionUpdatedEntries(**db, s.id, select.id, option.id) == expected_updated));
          }
        }
      }
      for (const auto& status : campaign->statuses) {
        std::vector<uint64_t> expected;
        for (const auto& [id, lead] : stored) {
          if (lead.status == status.slug) expected.push_back(id);
        }
        BOOST_TEST_CONTEXT("status " << status.slug) {
          BOOST_TEST(test::IdsWithStatus(**db, s.id, status.id) == expected, boost::test_tools::per_element());
        }
      }
      std::vector<std::pair<int64_t, uint64_t>> expected_updated;
      for (const auto& [id, lead] : stored) expected_updated.emplace_back(lead.updated_at, id);
      std::sort(expected_updated.begin(), expected_updated.end());
      auto updated = test::UpdatedEntries(**db, s.id);
      BOOST_TEST(updated.size() == expected_updated.size());
      BOOST_TEST((updated == expected_updated));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace index_property_test
