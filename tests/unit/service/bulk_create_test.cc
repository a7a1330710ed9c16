// A bulk create with an Idempotency-Key cut short (a crash, a client gone) and sent again: the
// retry resumes after the batches the first attempt committed, answers the items it created with
// their ids and "replayed": true, creates the rest, and every lead is stored once; a retry whose
// items differ is refused; a second attempt while the first runs is 409. Without a key a body fed
// in pieces is one bulk all the same.

#include "service/bulk_create.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/service/service_fixture.h"

namespace bulk_create_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

struct Bulks : ServiceFixture {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.leads.bulk_batch_size = 2;  // a commit every two leads
    return options;
  }
  Bulks() : ServiceFixture(Options()) { campaign = NewCampaign(); }

  service::IdempotentRequest Key(std::string_view key) const {
    return service::IdempotentRequest{key, "POST", "/v2/campaigns/1/leads/bulk"};
  }
  // `count` NDJSON lines with markers prefix0, prefix1, ...
  static std::string Lines(size_t count, const std::string& prefix = "m") {
    std::string body;
    for (size_t i = 0; i < count; ++i) body += LeadBody(prefix + std::to_string(i)) + "\n";
    return body;
  }
  // How many stored leads carry each marker.
  std::map<std::string, size_t> Markers() {
    std::map<std::string, size_t> out;
    for (const auto& lead : ListAll(admin, campaign, {{"limit", "500"}})) ++out[MarkerOf(lead)];
    return out;
  }

  uint64_t campaign = 0;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(bulk_create, Bulks)

BOOST_AUTO_TEST_CASE(a_bulk_cut_short_by_a_crash_resumes_after_its_committed_batches_and_stores_each_lead_once) {
  const std::string body = Lines(7);
  {
    // The first attempt gets five lines in (two batches commit, the fifth waits for a sixth),
    // then the process dies: nothing of it is finished, and memory is gone.
    auto first = leads->BeginBulk(admin, campaign, core::BulkFormat::kNdjson, Key("import-9"));
    BOOST_REQUIRE_MESSAGE(first.has_value(), Why(first));
    BOOST_REQUIRE((*first)->Feed(Lines(5)).ok());
  }
  Reopen();
  std::map<std::string, size_t> stored = Markers();
  BOOST_TEST(stored.size() == 4u);  // m0..m3: two batches

  auto retry = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, body, Key("import-9"));
  BOOST_REQUIRE_MESSAGE(retry.has_value(), Why(retry));
  BOOST_TEST(!retry->replayed);  // not all of it was answered before
  service::BulkCounts counts;
  auto results = ItemsOf(retry->body, &counts);
  BOOST_REQUIRE(results.size() == 7u);
  BOOST_TEST(counts.replayed == 4u);
  BOOST_TEST(retry->counts.created == 7u);
  std::set<uint64_t> ids;
  for (size_t i = 0; i < results.size(); ++i) {
    BOOST_TEST_CONTEXT("line " << i) {
      BOOST_TEST(results[i].status == 201);
      BOOST_TEST(results[i].replayed == (i < 4));  // the lines created earlier say so
      BOOST_TEST(MarkerOf(GetLead(admin, campaign, results[i].id)) == "\"m" + std::to_string(i) + "\"");
      ids.insert(results[i].id);
    }
  }
  BOOST_TEST(ids.size() == 7u);
  for (const auto& [marker, count] : Markers()) BOOST_TEST(count == 1u, marker << " stored " << count << " times");
  BOOST_TEST(Markers().size() == 7u);

  // Finished now: the same request is answered whole, again.
  auto again = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, body, Key("import-9"));
  BOOST_REQUIRE_MESSAGE(again.has_value(), Why(again));
  BOOST_TEST(again->replayed);
  BOOST_TEST(again->body == retry->body);
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, Lines(8), Key("import-9")),
             ErrorKind::kInvalid, "idempotency_key_reused");
  BOOST_TEST(Markers().size() == 7u);
}

BOOST_AUTO_TEST_CASE(a_retry_whose_items_differ_from_the_first_attempts_is_refused_and_stores_nothing) {
  {
    auto first = leads->BeginBulk(admin, campaign, core::BulkFormat::kJsonArray, Key("k"));
    BOOST_REQUIRE(first.has_value());
    BOOST_REQUIRE((*first)->Feed("[" + LeadBody("a0") + "," + LeadBody("a1") + "," + LeadBody("a2") + ",").ok());
  }
  Reopen();
  BOOST_TEST(Markers().size() == 2u);
  // Another first line: not the request the key was used for.
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray,
                               "[" + LeadBody("zz") + "," + LeadBody("a1") + "," + LeadBody("a2") + "]", Key("k")),
             ErrorKind::kInvalid, "idempotency_key_reused");
  // Fewer lines than the first attempt committed: not it either.
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[" + LeadBody("a0") + "]", Key("k")),
             ErrorKind::kInvalid, "idempotency_key_reused");
  BOOST_TEST(Markers().size() == 2u);
  // The same items, laid out otherwise, are the same request.
  auto same = leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray,
                                "[\n  " + LeadBody("a0") + ",\n  " + LeadBody("a1") + ",\n  " + LeadBody("a2") + "\n]",
                                Key("k"));
  BOOST_REQUIRE_MESSAGE(same.has_value(), Why(same));
  BOOST_TEST(same->counts.replayed == 2u);
  BOOST_TEST(Markers() == (std::map<std::string, size_t>{{"\"a0\"", 1}, {"\"a1\"", 1}, {"\"a2\"", 1}}));
}

BOOST_AUTO_TEST_CASE(a_client_gone_mid_body_leaves_its_progress_for_the_retry) {
  {
    auto first = leads->BeginBulk(admin, campaign, core::BulkFormat::kNdjson, Key("gone"));
    BOOST_REQUIRE(first.has_value());
    BOOST_REQUIRE((*first)->Feed(Lines(3)).ok());
    BOOST_TEST((*first)->Cut({ErrorKind::kUnavailable, "body_incomplete", "gone"}, /*answered=*/false).ok());
    BOOST_TEST((*first)->done());
    auto answer = (*first)->Finish();  // nobody hears it; the third line is committed as progress
    BOOST_REQUIRE(answer.has_value());
  }
  BOOST_TEST(Markers().size() == 3u);
  auto retry = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, Lines(4), Key("gone"));
  BOOST_REQUIRE_MESSAGE(retry.has_value(), Why(retry));
  BOOST_TEST(retry->counts.replayed == 3u);
  BOOST_TEST(retry->counts.created == 4u);
  BOOST_TEST(Markers().size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_second_attempt_while_the_first_runs_is_409) {
  auto first = leads->BeginBulk(admin, campaign, core::BulkFormat::kNdjson, Key("busy"));
  BOOST_REQUIRE(first.has_value());
  CheckError(leads->BeginBulk(admin, campaign, core::BulkFormat::kNdjson, Key("busy")), ErrorKind::kConflict,
             "idempotency_key_in_flight");
  BOOST_REQUIRE((*first)->Feed(Lines(1)).ok());
  BOOST_REQUIRE((*first)->Finish().has_value());
}

BOOST_AUTO_TEST_CASE(a_body_fed_in_small_pieces_is_one_bulk) {
  const std::string body = "[" + LeadBody("p0") + ", " + LeadBody("p1") + ", 42, " + LeadBody("p2") + "]";
  auto bulk = leads->BeginBulk(admin, campaign, core::BulkFormat::kJsonArray, std::nullopt);
  BOOST_REQUIRE(bulk.has_value());
  for (size_t at = 0; at < body.size(); at += 3) BOOST_REQUIRE((*bulk)->Feed(body.substr(at, 3)).ok());
  auto result = (*bulk)->Finish();
  BOOST_REQUIRE_MESSAGE(result.has_value(), Why(result));
  auto results = ItemsOf(result->body);
  BOOST_REQUIRE(results.size() == 4u);
  BOOST_TEST(results[0].status == 201);
  BOOST_TEST(results[2].status == 400);
  BOOST_TEST(results[3].status == 201);
  BOOST_TEST(Markers().size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace bulk_create_test
