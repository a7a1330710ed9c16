// LeadService over a real store, without HTTP: creates, reads, PATCHes and lists within what the
// calling token may see; a vendor's scope stamps and refuses writes and hides other vendors'
// leads as if they did not exist; lists page without repeats or gaps; the update feed shows a
// lead again after it changes; Create resumes its coroutine on its own io_context after the
// commit; bulk creates report one outcome per item.

#include "service/lead_service.h"

#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>
#include <simdjson.h>

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/service/service_fixture.h"

namespace lead_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

// A lead's JSON as a token that did not create it (token `token_id` named `name` did) sees it.
std::string WithoutCreator(std::string json, uint64_t token_id, const std::string& name) {
  const std::string creator = R"("created_by":{"token_id":)" + std::to_string(token_id) + R"(,"name":")" + name + "\"}";
  size_t at = json.find(creator);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, json);
  return json.replace(at, creator.size(), R"("created_by":null)");
}

struct FsyncVendors : VendorFixture {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.durability = store::Durability::kFsync;
    return options;
  }
  FsyncVendors() : VendorFixture(Options()) {}
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lead_service, VendorFixture)

BOOST_AUTO_TEST_CASE(an_admin_creates_a_lead_and_gets_it_back) {
  const std::string body =
      R"({"field_values": {"marker": "hello", "email": "jane@example.com"},
          "select_field_values": {"source": "vendor-b", "region": "south"}, "status": "contacted"})";
  auto created = Create(admin, campaign, body);
  BOOST_REQUIRE_MESSAGE(created.has_value(), Why(created));
  BOOST_TEST(!created->replayed);
  auto lead = core::DecodeLead(created->json);
  BOOST_REQUIRE(lead.has_value());
  BOOST_TEST(created->location == service::LeadPath(core::CampaignId(campaign), core::LeadId(lead->id)));
  BOOST_TEST(created->location == "/v2/campaigns/" + std::to_string(campaign) + "/leads/" + std::to_string(lead->id));
  BOOST_TEST(lead->campaign_id == campaign);
  BOOST_TEST(lead->status == "contacted");
  BOOST_TEST(MarkerOf(*lead) == "\"hello\"");
  BOOST_TEST(lead->select_values.at("source") == "vendor-b");
  BOOST_TEST(lead->select_values.at("region") == "south");
  BOOST_TEST(lead->created_by.token_id == admin.token_id);
  BOOST_TEST(lead->created_by.name == admin.name);
  BOOST_TEST(lead->created_at == lead->updated_at);
  BOOST_TEST(!lead->doublet_of.has_value());
  BOOST_TEST(lead->id > b1.id);  // ids grow in creation order

  // Read back: the very bytes the create answered with.
  auto json = leads->Get(admin, core::CampaignId(campaign), core::LeadId(lead->id));
  BOOST_REQUIRE(json.has_value());
  BOOST_TEST(*json == created->json);
  // Through /v2/leads: the campaign comes from the body.
  auto via_body = Create(admin, std::nullopt,
                         R"({"campaign_id": )" + std::to_string(campaign) + R"(, "field_values": {"marker": "v2"}})");
  BOOST_REQUIRE_MESSAGE(via_body.has_value(), Why(via_body));
  BOOST_TEST(core::DecodeLead(via_body->json)->campaign_id == campaign);
  BOOST_TEST(CountLeads(campaign) == 4u);
}

BOOST_AUTO_TEST_CASE(a_new_lead_without_a_status_gets_the_default_one) {
  core::Lead lead = CreateLead(admin, campaign, LeadBody("plain"));
  BOOST_TEST(lead.status == "new");
  BOOST_TEST(lead.select_values.count("source") == 0u);
}

BOOST_AUTO_TEST_CASE(an_invalid_lead_is_422_and_stores_nothing) {
  CheckFieldError(Create(admin, campaign, R"({"field_values": {"email": "not an e-mail"}})"), "validation_failed",
                  "email");
  CheckFieldError(Create(admin, campaign, R"({"select_field_values": {"source": "vendor-zz"}})"), "validation_failed",
                  "source");
  CheckFieldError(Create(admin, std::nullopt, LeadBody("no campaign")), "validation_failed", "campaign_id");
  CheckError(Create(admin, campaign, "{not json"), ErrorKind::kMalformed, "invalid_json");
  BOOST_TEST(CountLeads(campaign) == 2u);
}

BOOST_AUTO_TEST_CASE(a_vendor_gets_its_source_stamped_when_it_omits_it) {
  core::Lead lead = CreateLead(vendor_a.principal, campaign, LeadBody("stamped"));
  BOOST_TEST(lead.select_values.at("source") == "vendor-a");
  BOOST_TEST(lead.created_by.token_id == vendor_a.id);
  // Stored so: the admin reads it with the stamp, and the vendor sees its own lead.
  BOOST_TEST(GetLead(admin, campaign, lead.id).select_values.at("source") == "vendor-a");
  BOOST_TEST(GetLead(vendor_a.principal, campaign, lead.id).id == lead.id);
  // Naming its own vendor explicitly, and other selects, is fine; the campaign is implied by the token.
  auto implied =
      Create(vendor_a.principal, std::nullopt, R"({"select_field_values": {"source": "vendor-a", "region": "north"}})");
  BOOST_REQUIRE_MESSAGE(implied.has_value(), Why(implied));
  auto decoded = core::DecodeLead(implied->json);
  BOOST_TEST(decoded->campaign_id == campaign);
  BOOST_TEST(decoded->select_values.at("region") == "north");
}

BOOST_AUTO_TEST_CASE(a_vendor_naming_another_vendor_is_refused_and_nothing_is_stored) {
  // Another vendor's option is unknown to this token, as a made-up one is.
  CheckFieldError(Create(vendor_a.principal, campaign, LeadBody("smuggled", "vendor-b")), "validation_failed",
                  "source");
  // Clearing the stamped value is a contradiction too.
  CheckFieldError(Create(vendor_a.principal, campaign, R"({"select_field_values": {"source": null}})"),
                  "outside_token_scope", "source");
  auto all = ListAll(admin, campaign);
  BOOST_TEST(all.size() == 2u);
  for (const auto& lead : all) BOOST_TEST(MarkerOf(lead) != "\"smuggled\"");
}

BOOST_AUTO_TEST_CASE(a_vendor_creating_in_a_campaign_it_does_not_see_gets_404) {
  uint64_t wind = NewCampaign(kWindCampaign);
  CheckError(Create(vendor_a.principal, wind, LeadBody("elsewhere")), ErrorKind::kNotFound, "not_found");
  CheckError(Create(vendor_a.principal, 999, LeadBody("nowhere")), ErrorKind::kNotFound, "not_found");
  BOOST_TEST(CountLeads(wind) == 0u);
}

BOOST_AUTO_TEST_CASE(a_vendor_reading_another_vendors_lead_gets_the_same_404_as_an_unknown_id_and_it_is_audited) {
  auto other = leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(b1.id));
  auto unknown = leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(b1.id + 1000));
  CheckError(other, ErrorKind::kNotFound, "not_found");
  CheckError(unknown, ErrorKind::kNotFound, "not_found");
  BOOST_TEST(other.error().detail() == unknown.error().detail());
  BOOST_TEST(other.error().errors().empty());
  // Both attempts are in the audit log alike, with who and what (the audit path is one more
  // thing the two must not differ in).
  auto events = AuditEvents("out_of_scope");
  BOOST_REQUIRE(events.size() == 2u);
  BOOST_TEST(events[1].actor.value_or(0) == vendor_a.id);
  BOOST_TEST(events[1].target == "lead " + std::to_string(b1.id) + " of campaign " + std::to_string(campaign));
  BOOST_TEST(events[0].target == "lead " + std::to_string(b1.id + 1000) + " of campaign " + std::to_string(campaign));
  BOOST_TEST(events[1].json.find(vendor_a.secret) == std::string::npos);
  // A lead of its slice it reads as stored, but for the name of the token that created it (the
  // admin's here): see the created_by case below.
  BOOST_TEST(
      *leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id)) ==
      WithoutCreator(*leads->Get(admin, core::CampaignId(campaign), core::LeadId(a1.id)), admin.token_id, admin.name));
}

BOOST_AUTO_TEST_CASE(another_vendors_lead_and_an_absent_one_cost_a_vendor_the_same_store_reads) {
  // Counted by RocksDB on this thread: what the store read to answer each 404.
  auto reads_of = [&](uint64_t lead_id) {
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableTimeExceptForMutex);
    rocksdb::get_perf_context()->Reset();
    auto answer = leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(lead_id));
    const auto* perf = rocksdb::get_perf_context();
    std::vector<uint64_t> reads{perf->seek_on_memtable_count, perf->next_on_memtable_count,
                                perf->get_from_memtable_count, perf->seek_child_seek_count, perf->block_read_count};
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    CheckError(answer, ErrorKind::kNotFound, "not_found");
    return reads;
  };
  const auto theirs = reads_of(b1.id);
  // An id no lead has, with a record after it (the vendor's own, even) and past the last one.
  const auto absent = reads_of(a1.id - 1);
  const auto past_the_last = reads_of(b1.id + 1000);
  BOOST_TEST(theirs == absent, boost::test_tools::per_element());
  BOOST_TEST(theirs == past_the_last, boost::test_tools::per_element());
  BOOST_TEST(theirs[0] > 0u);  // it did read
  BOOST_TEST(AuditEvents("out_of_scope").size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_vendor_sees_who_created_a_lead_only_when_it_did_itself) {
  // An account token moves vendor b's lead into vendor a's slice: vendor a must not learn vendor
  // b's token from it.
  core::Lead theirs = CreateLead(vendor_b.principal, campaign, LeadBody("B2"));
  auto moved = leads->Patch(admin, core::CampaignId(campaign), core::LeadId(theirs.id),
                            R"({"select_field_values": {"source": "vendor-a"}})");
  BOOST_REQUIRE_MESSAGE(moved.has_value(), Why(moved));
  BOOST_TEST(moved->find(R"("created_by":{"token_id":)" + std::to_string(vendor_b.id)) != std::string::npos);
  auto seen = leads->Get(vendor_a.principal, core::CampaignId(campaign), core::LeadId(theirs.id));
  BOOST_REQUIRE_MESSAGE(seen.has_value(), Why(seen));
  BOOST_TEST(seen->find(R"("created_by":null)") != std::string::npos);
  BOOST_TEST(seen->find(vendor_b.principal.name) == std::string::npos);
  // The same in lists and in the answer to its own PATCH.
  bool listed = false;
  for (const auto& lead : ListAll(vendor_a.principal, campaign)) {
    if (lead.id != theirs.id) continue;
    listed = true;
    BOOST_TEST(lead.created_by.token_id == 0u);
    BOOST_TEST(lead.created_by.name.empty());
  }
  BOOST_TEST(listed);
  auto patched = leads->Patch(vendor_a.principal, core::CampaignId(campaign), core::LeadId(theirs.id),
                              R"({"field_values": {"note": "mine"}})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  BOOST_TEST(patched->find(R"("created_by":null)") != std::string::npos);
  // A lead it created itself names it.
  core::Lead mine = CreateLead(vendor_a.principal, campaign, LeadBody("A2"));
  BOOST_TEST(mine.created_by.token_id == vendor_a.id);
  BOOST_TEST(GetLead(vendor_a.principal, campaign, mine.id).created_by.token_id == vendor_a.id);
}

BOOST_AUTO_TEST_CASE(a_read_token_creating_gets_403_for_a_campaign_it_sees_and_404_for_one_it_does_not) {
  uint64_t wind = NewCampaign(kWindCampaign);
  Minted reader = Mint("reader", "read", campaign);
  CheckError(Create(reader.principal, campaign, LeadBody("r")), ErrorKind::kNotPermitted, "insufficient_permission");
  CheckError(Create(reader.principal, std::nullopt, LeadBody("r")), ErrorKind::kNotPermitted,
             "insufficient_permission");  // the token's campaign
  CheckError(Create(reader.principal, wind, LeadBody("r")), ErrorKind::kNotFound, "not_found");
  CheckError(Create(reader.principal, 999, LeadBody("r")), ErrorKind::kNotFound, "not_found");
  // The same for bulk creates, before anything is read from the body.
  CheckError(leads->CreateBulk(reader.principal, campaign, core::BulkFormat::kJsonArray, "[]", std::nullopt),
             ErrorKind::kNotPermitted, "insufficient_permission");
  CheckError(leads->CreateBulk(reader.principal, wind, core::BulkFormat::kJsonArray, "[]", std::nullopt),
             ErrorKind::kNotFound, "not_found");
  // An account-level read token sees both campaigns, and may write to neither.
  Minted account_reader = Mint("account reader", "read");
  CheckError(Create(account_reader.principal, wind, LeadBody("r")), ErrorKind::kNotPermitted,
             "insufficient_permission");
  BOOST_TEST(CountLeads(campaign) == 2u);
  BOOST_TEST(CountLeads(wind) == 0u);
  // Reading is what it may do.
  BOOST_TEST(leads->Get(reader.principal, core::CampaignId(campaign), core::LeadId(a1.id)).has_value());
}

BOOST_AUTO_TEST_CASE(a_patch_by_a_vendor_that_leaves_its_filter_is_refused_and_changes_nothing) {
  const std::string before = *leads->Get(admin, core::CampaignId(campaign), core::LeadId(a1.id));
  CheckFieldError(
      leads->Patch(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id),
                   R"({"field_values": {"note": "moving"}, "select_field_values": {"source": "vendor-b"}})"),
      "validation_failed", "source");
  CheckFieldError(leads->Patch(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id),
                               R"({"select_field_values": {"source": null}})"),
                  "outside_token_scope", "source");
  BOOST_TEST(*leads->Get(admin, core::CampaignId(campaign), core::LeadId(a1.id)) == before);
  BOOST_TEST(ListAll(vendor_b.principal, campaign).size() == 1u);  // not moved into vendor b's slice

  // Another vendor's lead is not there for it at all, and stays as it was.
  const std::string b_before = *leads->Get(admin, core::CampaignId(campaign), core::LeadId(b1.id));
  CheckError(leads->Patch(vendor_a.principal, core::CampaignId(campaign), core::LeadId(b1.id),
                          R"({"field_values": {"note": "mine now"}})"),
             ErrorKind::kNotFound, "not_found");
  BOOST_TEST(*leads->Get(admin, core::CampaignId(campaign), core::LeadId(b1.id)) == b_before);

  // A change within the filter is fine.
  auto patched = leads->Patch(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id),
                              R"({"field_values": {"note": "fine"}})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  auto lead = core::DecodeLead(*patched);
  BOOST_TEST(lead->field_values.at("note") == "\"fine\"");
  BOOST_TEST(lead->select_values.at("source") == "vendor-a");
  BOOST_TEST(lead->updated_at >= a1.updated_at);
  BOOST_TEST(lead->created_at == a1.created_at);
  BOOST_TEST(WithoutCreator(*leads->Get(admin, core::CampaignId(campaign), core::LeadId(a1.id)), admin.token_id,
                            admin.name) == *patched);
}

BOOST_AUTO_TEST_CASE(a_read_token_patching_a_lead_it_sees_gets_403_and_one_it_does_not_see_404) {
  uint64_t filter = NewFilter(campaign, EqFilter("A readers", "source", "vendor-a"));
  Minted reader = Mint("reader a", "read", std::nullopt, filter);
  CheckError(leads->Patch(reader.principal, core::CampaignId(campaign), core::LeadId(a1.id),
                          R"({"field_values": {"note": "x"}})"),
             ErrorKind::kNotPermitted, "insufficient_permission");
  CheckError(leads->Patch(reader.principal, core::CampaignId(campaign), core::LeadId(b1.id),
                          R"({"field_values": {"note": "x"}})"),
             ErrorKind::kNotFound, "not_found");
  BOOST_TEST(GetLead(admin, campaign, a1.id).field_values.count("note") == 0u);
}

BOOST_AUTO_TEST_CASE(a_patch_cannot_move_a_lead_to_another_campaign) {
  CheckFieldError(leads->Patch(admin, core::CampaignId(campaign), core::LeadId(a1.id), R"({"campaign_id": 2})"),
                  "validation_failed", "campaign_id");
  CheckError(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(a1.id + 1000), R"({"field_values": {"note": "x"}})"),
      ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(a_vendors_list_shows_only_its_leads_newest_first_paged_without_repeats_or_gaps) {
  std::vector<uint64_t> a_ids{a1.id}, b_ids{b1.id};
  for (int i = 0; i < 7; ++i) {
    a_ids.push_back(CreateLead(vendor_a.principal, campaign, LeadBody("a" + std::to_string(i))).id);
    if (i % 2 == 0) b_ids.push_back(CreateLead(vendor_b.principal, campaign, LeadBody("b" + std::to_string(i))).id);
  }
  std::vector<uint64_t> newest_first_a(a_ids.rbegin(), a_ids.rend());
  size_t pages = 0;
  auto listed = IdsOf(ListAll(vendor_a.principal, campaign, {{"limit", "3"}}, &pages));
  BOOST_TEST(listed == newest_first_a, boost::test_tools::per_element());
  BOOST_TEST(pages == 3u);  // 3 + 3 + 2
  // One page holding everything has no next cursor.
  auto whole = leads->List(vendor_a.principal, campaign, {{"limit", "8"}});
  BOOST_REQUIRE(whole.has_value());
  BOOST_TEST(whole->count == 8u);
  BOOST_TEST(!whole->next_cursor.has_value());

  std::vector<uint64_t> newest_first_b(b_ids.rbegin(), b_ids.rend());
  BOOST_TEST(IdsOf(ListAll(vendor_b.principal, campaign, {{"limit", "2"}})) == newest_first_b,
             boost::test_tools::per_element());
  // The admin sees both vendors' leads, newest first.
  std::vector<uint64_t> everything = a_ids;
  everything.insert(everything.end(), b_ids.begin(), b_ids.end());
  std::sort(everything.rbegin(), everything.rend());
  BOOST_TEST(IdsOf(ListAll(admin, campaign, {{"limit", "4"}})) == everything, boost::test_tools::per_element());
  // A query condition naming the other vendor is refused as one naming no vendor is.
  CheckError(leads->List(vendor_a.principal, campaign, {{"source", "vendor-b"}}), ErrorKind::kMalformed,
             "invalid_parameter");
}

BOOST_AUTO_TEST_CASE(page_number_paging_walks_the_same_order) {
  std::vector<uint64_t> a_ids{a1.id};
  for (int i = 0; i < 4; ++i) a_ids.push_back(CreateLead(vendor_a.principal, campaign, LeadBody("p")).id);
  std::vector<uint64_t> seen;
  for (size_t page_number = 1;; ++page_number) {
    auto page = leads->List(vendor_a.principal, campaign, {{"page", std::to_string(page_number)}, {"per_page", "2"}});
    BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
    for (const auto& lead : LeadsOf(*page)) seen.push_back(lead.id);
    if (!page->next_page) break;
    BOOST_TEST(*page->next_page == page_number + 1);
    BOOST_REQUIRE(page_number < 10u);
  }
  std::vector<uint64_t> expected(a_ids.rbegin(), a_ids.rend());
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bad_list_parameter_is_400_naming_it) {
  auto page = leads->List(admin, campaign, {{"limit", "0"}});
  CheckError(page, ErrorKind::kMalformed, "invalid_parameter");
  BOOST_TEST(page.error().errors().at(0).field == "limit");
  CheckError(leads->List(admin, campaign, {{"bogus", "1"}}), ErrorKind::kMalformed, "invalid_parameter");
  CheckError(leads->List(vendor_a.principal, 999, {}), ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(the_update_feed_returns_a_lead_again_after_it_changes) {
  core::Lead a2 = CreateLead(vendor_a.principal, campaign, LeadBody("a2"));
  core::Lead a3 = CreateLead(vendor_a.principal, campaign, LeadBody("a3"));
  WaitForClockPast(a3.updated_at);  // the feed shows only times below its watermark
  const std::multimap<std::string, std::string> feed{{"sort", "updated_at"}, {"limit", "2"}};

  auto first = leads->List(vendor_a.principal, campaign, feed);
  BOOST_REQUIRE_MESSAGE(first.has_value(), Why(first));
  BOOST_TEST(IdsOf(LeadsOf(*first)) == (std::vector<uint64_t>{a1.id, a2.id}), boost::test_tools::per_element());
  BOOST_REQUIRE(first->next_cursor.has_value());
  auto from_cursor = feed;
  from_cursor.emplace("cursor", *first->next_cursor);
  auto second = leads->List(vendor_a.principal, campaign, from_cursor);
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(IdsOf(LeadsOf(*second)) == (std::vector<uint64_t>{a3.id}), boost::test_tools::per_element());
  BOOST_TEST(!second->next_cursor.has_value());

  // a1 changes; polling the same cursor again brings the tail back with a1 after it.
  auto patched =
      leads->Patch(vendor_a.principal, core::CampaignId(campaign), core::LeadId(a1.id), R"({"status": "contacted"})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  int64_t changed_at = core::DecodeLead(*patched)->updated_at;
  BOOST_TEST(changed_at > a3.updated_at);
  WaitForClockPast(changed_at);
  auto again = leads->List(vendor_a.principal, campaign, from_cursor);
  BOOST_REQUIRE(again.has_value());
  auto tail = LeadsOf(*again);
  BOOST_TEST(IdsOf(tail) == (std::vector<uint64_t>{a3.id, a1.id}), boost::test_tools::per_element());
  BOOST_REQUIRE(tail.size() == 2u);
  BOOST_TEST(tail[1].status == "contacted");
  BOOST_TEST(tail[1].updated_at == changed_at);
  // The whole feed holds each lead once, oldest change first, never another vendor's.
  auto all = ListAll(vendor_a.principal, campaign, feed);
  BOOST_TEST(IdsOf(all) == (std::vector<uint64_t>{a2.id, a3.id, a1.id}), boost::test_tools::per_element());
  for (size_t i = 1; i < all.size(); ++i) BOOST_TEST(all[i - 1].updated_at <= all[i].updated_at);
}

BOOST_AUTO_TEST_CASE(a_create_still_settling_holds_the_update_feed_below_its_time) {
  const std::multimap<std::string, std::string> feed{{"sort", "updated_at"}, {"limit", "500"}};
  WaitForClockPast(b1.updated_at);
  boost::asio::io_context ioc;
  std::optional<core::Result<service::CreatedLead>> out;
  const std::string body = LeadBody("pending");
  boost::asio::co_spawn(
      ioc, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await leads->Create(admin, campaign, body, {})); },
      boost::asio::detached);
  // One handler: the coroutine's start, which runs the create up to its commit and suspends there.
  // (poll() could also run the commit's completion, should it already be queued.)
  BOOST_TEST(ioc.poll_one() == 1u);
  db->WaitForCommits();  // committed; the completion waits in ioc's queue, so the create is still in flight
  BOOST_REQUIRE(!out.has_value());

  // The lead is in the store ...
  auto newest = ListAll(admin, campaign);
  BOOST_REQUIRE(newest.size() == 3u);
  const uint64_t pending_id = newest.front().id;
  const int64_t stamped = newest.front().updated_at;
  BOOST_TEST(MarkerOf(newest.front()) == "\"pending\"");
  WaitForClockPast(stamped);
  // ... but the feed stops below its time while its write is in flight, however late it is.
  BOOST_TEST(IdsOf(ListAll(admin, campaign, feed)) == (std::vector<uint64_t>{a1.id, b1.id}),
             boost::test_tools::per_element());
  // A change made meanwhile is stamped no lower than what that reader was told is complete.
  auto patched = leads->Patch(admin, core::CampaignId(campaign), core::LeadId(a1.id),
                              R"({"field_values": {"note": "meanwhile"}})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  const int64_t changed_at = core::DecodeLead(*patched)->updated_at;
  BOOST_TEST(changed_at >= stamped);

  ioc.run();  // the create settles
  BOOST_REQUIRE(out.has_value());
  BOOST_REQUIRE_MESSAGE(out->has_value(), Why(*out));
  BOOST_TEST(core::DecodeLead((*out)->json)->id == pending_id);
  WaitForClockPast(changed_at);
  auto all = ListAll(admin, campaign, feed);
  BOOST_REQUIRE(all.size() == 3u);
  BOOST_TEST(all[0].id == b1.id);
  BOOST_TEST((std::set<uint64_t>{all[1].id, all[2].id} == std::set<uint64_t>{pending_id, a1.id}));
}

// With a synced store, so the commit really is awaited on the store's committer thread.
BOOST_FIXTURE_TEST_CASE(create_resumes_the_awaiting_coroutine_on_its_own_io_context_thread_after_the_commit,
                        FsyncVendors) {
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  std::thread runner([&] { ioc.run(); });
  const std::thread::id runner_id = runner.get_id();
  const std::string body = LeadBody("async", "vendor-a");
  struct Seen {
    std::thread::id before, after;
    bool created = false;
    bool visible_on_resume = false;
  };
  auto done = boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<Seen> {
        Seen seen;
        seen.before = std::this_thread::get_id();
        auto created = co_await leads->Create(vendor_a.principal, campaign, body, std::nullopt);
        seen.after = std::this_thread::get_id();
        seen.created = created.has_value();
        if (created.has_value()) {
          // Committed by the time the coroutine resumes.
          uint64_t id = core::DecodeLead(created->json)->id;
          seen.visible_on_resume = leads->Get(admin, core::CampaignId(campaign), core::LeadId(id)).has_value();
        }
        co_return seen;
      },
      boost::asio::use_future);
  Seen seen = done.get();
  work.reset();
  runner.join();
  BOOST_TEST(seen.created);
  BOOST_TEST((seen.before == runner_id));
  BOOST_TEST((seen.after == runner_id));
  BOOST_TEST(seen.visible_on_resume);
}

BOOST_AUTO_TEST_CASE(many_creates_awaited_at_once_on_one_thread_all_commit) {
  boost::asio::io_context ioc;
  constexpr int kCreates = 20;
  std::vector<std::string> bodies;
  for (int i = 0; i < kCreates; ++i) bodies.push_back(LeadBody("many" + std::to_string(i)));
  std::vector<std::optional<core::Result<service::CreatedLead>>> results(kCreates);
  std::vector<std::future<void>> futures;
  for (int i = 0; i < kCreates; ++i) {
    futures.push_back(boost::asio::co_spawn(
        ioc,
        [&, i]() -> boost::asio::awaitable<void> {
          results[i].emplace(co_await leads->Create(vendor_b.principal, campaign, bodies[i], std::nullopt));
        },
        boost::asio::use_future));
  }
  ioc.run();
  std::set<uint64_t> ids;
  for (int i = 0; i < kCreates; ++i) {
    futures[i].get();
    BOOST_REQUIRE(results[i].has_value());
    const auto& created = *results[i];
    BOOST_REQUIRE_MESSAGE(created.has_value(), Why(created));
    ids.insert(core::DecodeLead(created->json)->id);
  }
  BOOST_TEST(ids.size() == size_t{kCreates});
  BOOST_TEST(ListAll(vendor_b.principal, campaign).size() == size_t{kCreates} + 1);
}

BOOST_AUTO_TEST_CASE(a_bulk_create_reports_each_item_and_stores_the_good_ones) {
  const std::string body = "[" + LeadBody("ok1") + R"(, {"field_values": {"email": "nope"}}, 42, )" +
                           LeadBody("smuggled", "vendor-b") + ", " + LeadBody("ok2") + "]";
  auto result = leads->CreateBulk(vendor_a.principal, campaign, core::BulkFormat::kJsonArray, body, std::nullopt);
  BOOST_REQUIRE_MESSAGE(result.has_value(), Why(result));
  BOOST_TEST(!result->replayed);
  BOOST_TEST(result->counts.created == 2u);
  BOOST_TEST(result->counts.failed == 3u);

  service::BulkCounts counts;
  auto items = ItemsOf(result->body, &counts);
  BOOST_TEST(counts.created == 2u);
  BOOST_TEST(counts.failed == 3u);
  BOOST_REQUIRE(items.size() == 5u);
  BOOST_TEST(items[0].status == 201);
  BOOST_TEST(items[1].status == 422);
  BOOST_TEST(items[1].code == "validation_failed");
  BOOST_TEST(items[2].status == 400);
  BOOST_TEST(items[3].status == 422);
  BOOST_TEST(items[3].code == "validation_failed");
  BOOST_TEST(items[4].status == 201);

  // The created ones are stored with the vendor's stamp; the refused one is nowhere.
  BOOST_TEST(GetLead(admin, campaign, items[0].id).select_values.at("source") == "vendor-a");
  BOOST_TEST(GetLead(admin, campaign, items[4].id).select_values.at("source") == "vendor-a");
  BOOST_TEST(ListAll(vendor_b.principal, campaign).size() == 1u);
  BOOST_TEST(CountLeads(campaign) == 4u);
}

BOOST_AUTO_TEST_CASE(a_bulk_body_that_is_not_a_json_array_is_400_and_stores_nothing) {
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, R"({"not": "an array"})", std::nullopt),
             ErrorKind::kMalformed, "invalid_json");
  BOOST_TEST(CountLeads(campaign) == 2u);
}

BOOST_AUTO_TEST_CASE(an_empty_bulk_creates_nothing) {
  auto result = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, "", std::nullopt);
  BOOST_REQUIRE_MESSAGE(result.has_value(), Why(result));
  BOOST_TEST(result->counts.created == 0u);
  BOOST_TEST(ItemsOf(result->body).empty());
}

BOOST_AUTO_TEST_CASE(a_body_naming_another_campaign_than_the_path_is_422) {
  uint64_t wind = NewCampaign(kWindCampaign);
  CheckFieldError(Create(admin, campaign, R"({"campaign_id": )" + std::to_string(wind) + "}"), "validation_failed",
                  "campaign_id");
  BOOST_TEST(CountLeads(campaign) == 2u);
  BOOST_TEST(CountLeads(wind) == 0u);
}

BOOST_AUTO_TEST_CASE(a_filter_pinning_a_status_stamps_it_and_hides_leads_in_other_statuses) {
  uint64_t filter = NewFilter(campaign, R"({"name": "A contacted", "match": "all", "conditions": [
      {"field": "status", "op": "eq", "value": "contacted"}, {"field": "source", "op": "eq", "value": "vendor-a"}]})");
  Minted caller = Mint("caller", "read_write", std::nullopt, filter);
  core::Lead lead = CreateLead(caller.principal, campaign, LeadBody("called"));
  BOOST_TEST(lead.status == "contacted");
  BOOST_TEST(lead.select_values.at("source") == "vendor-a");
  // a1 is vendor-a's but still `new`: outside this token's view.
  CheckError(leads->Get(caller.principal, core::CampaignId(campaign), core::LeadId(a1.id)), ErrorKind::kNotFound,
             "not_found");
  BOOST_TEST(IdsOf(ListAll(caller.principal, campaign)) == (std::vector<uint64_t>{lead.id}),
             boost::test_tools::per_element());
  // Statuses outside the filter are unknown to the token.
  CheckFieldError(
      leads->Patch(caller.principal, core::CampaignId(campaign), core::LeadId(lead.id), R"({"status": "won"})"),
      "validation_failed", "status");
  CheckFieldError(Create(caller.principal, campaign, R"({"status": "new"})"), "validation_failed", "status");
  // Once the admin moves a1 into the status, the token sees it.
  BOOST_REQUIRE(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(a1.id), R"({"status": "contacted"})").has_value());
  BOOST_TEST(leads->Get(caller.principal, core::CampaignId(campaign), core::LeadId(a1.id)).has_value());
}

BOOST_AUTO_TEST_CASE(an_any_filter_pins_nothing_and_refuses_a_lead_matching_none_of_it) {
  uint64_t filter = NewFilter(campaign, R"({"name": "A or north", "match": "any", "conditions": [
      {"field": "source", "op": "eq", "value": "vendor-a"}, {"field": "region", "op": "eq", "value": "north"}]})");
  Minted either = Mint("either", "read_write", std::nullopt, filter);
  CheckFieldError(Create(either.principal, campaign, LeadBody("neither")), "outside_token_scope", "filter");
  core::Lead north =
      CreateLead(either.principal, campaign, R"({"select_field_values": {"source": "vendor-b", "region": "north"}})");
  BOOST_TEST(north.select_values.at("source") == "vendor-b");
  // It sees a1 (vendor-a) and its own northern lead, not b1.
  BOOST_TEST(IdsOf(ListAll(either.principal, campaign)) == (std::vector<uint64_t>{north.id, a1.id}),
             boost::test_tools::per_element());
  CheckError(leads->Get(either.principal, core::CampaignId(campaign), core::LeadId(b1.id)), ErrorKind::kNotFound,
             "not_found");
}

BOOST_AUTO_TEST_CASE(leads_and_their_ids_outlast_a_restart) {
  Reopen();
  BOOST_TEST(GetLead(admin, campaign, a1.id).id == a1.id);
  BOOST_TEST(IdsOf(ListAll(vendor_a.principal, campaign)) == (std::vector<uint64_t>{a1.id}),
             boost::test_tools::per_element());
  core::Lead later = CreateLead(vendor_a.principal, campaign, LeadBody("after restart"));
  BOOST_TEST(later.id > b1.id);
}

// What a client can tell of an error, with the slug it sent replaced: foreign and unknown values
// must look the same.
std::string Visible(const core::Status& status, const std::string& sent) {
  std::string out = status.code() + "|" + status.detail();
  for (const auto& e : status.errors()) out += "|" + e.field + ":" + e.code + ":" + e.message;
  for (size_t at; (at = out.find(sent)) != std::string::npos;) out.replace(at, sent.size(), "<sent>");
  return out;
}

BOOST_AUTO_TEST_CASE(another_vendors_option_is_refused_exactly_as_an_unknown_one) {
  const auto& vendor = vendor_a.principal;
  auto list = [&](const std::string& source) {
    auto page = leads->List(vendor, campaign, {{"source", source}});
    BOOST_REQUIRE(!page.has_value());
    return Visible(page.error(), source);
  };
  BOOST_TEST(list("vendor-b") == list("no-such-vendor"));
  BOOST_TEST(leads->List(vendor, campaign, {{"source", "vendor-a"}}).has_value());

  auto create = [&](const std::string& source) {
    // With a second fault, so the whole error list is compared.
    auto created = Create(
        vendor, campaign,
        R"({"field_values": {"email": "not-an-email"}, "select_field_values": {"source": ")" + source + R"("}})");
    BOOST_REQUIRE(!created.has_value());
    return Visible(created.error(), source);
  };
  BOOST_TEST(create("vendor-b") == create("no-such-vendor"));

  auto patch = [&](const std::string& source) {
    auto patched = leads->Patch(vendor, core::CampaignId(campaign), core::LeadId(a1.id),
                                R"({"select_field_values": {"source": ")" + source + R"("}})");
    BOOST_REQUIRE(!patched.has_value());
    return Visible(patched.error(), source);
  };
  BOOST_TEST(patch("vendor-b") == patch("no-such-vendor"));
  BOOST_TEST(GetLead(admin, campaign, a1.id).select_values.at("source") == "vendor-a");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct SmallBulk : ServiceFixture {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.leads.bulk_max_leads = 5;
    options.leads.bulk_batch_size = 2;
    return options;
  }
  SmallBulk() : ServiceFixture(Options()) { campaign = NewCampaign(); }
  uint64_t campaign = 0;
};

std::string Ndjson(size_t count, const std::string& prefix) {
  std::string body;
  for (size_t i = 0; i < count; ++i) body += LeadBody(prefix + std::to_string(i)) + "\n";
  return body;
}

std::string DuplicateCampaign() {
  return R"({"name": "Dupes", "fields": [{"slug": "marker", "type": "text"}, {"slug": "email", "type": "email"}],
    "statuses": [{"slug": "new", "default": true}],
    "duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "flag"}]})";
}

std::string WithEmail(const std::string& email) { return R"({"field_values": {"email": ")" + email + R"("}})"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(lead_service_bulk)

BOOST_FIXTURE_TEST_CASE(the_item_past_the_bulk_limit_is_413_and_nothing_after_it_is_read, SmallBulk) {
  // The body streams in: what came before the limit is stored, and the rest is not read.
  auto result = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, Ndjson(8, "x"), std::nullopt);
  BOOST_REQUIRE_MESSAGE(result.has_value(), Why(result));
  auto items = ItemsOf(result->body);
  BOOST_REQUIRE(items.size() == 6u);
  for (size_t i = 0; i < 5; ++i) BOOST_TEST(items[i].status == 201);
  BOOST_TEST(items[5].status == 413);
  BOOST_TEST(items[5].code == "too_many_leads");
  BOOST_TEST(CountLeads(campaign) == 5u);
}

BOOST_FIXTURE_TEST_CASE(a_bulk_larger_than_one_batch_stores_every_lead_in_input_order, SmallBulk) {
  auto result = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, Ndjson(5, "n"), std::nullopt);
  BOOST_REQUIRE_MESSAGE(result.has_value(), Why(result));
  BOOST_TEST(result->counts.created == 5u);
  BOOST_TEST(result->counts.failed == 0u);
  std::vector<uint64_t> ids;
  for (const auto& item : ItemsOf(result->body)) {
    BOOST_TEST(item.status == 201);
    ids.push_back(item.id);
  }
  BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
  BOOST_TEST(std::set<uint64_t>(ids.begin(), ids.end()).size() == 5u);
  for (size_t i = 0; i < ids.size(); ++i) {
    BOOST_TEST(MarkerOf(GetLead(admin, campaign, ids[i])) == "\"n" + std::to_string(i) + "\"");
  }
  BOOST_TEST(CountLeads(campaign) == 5u);
}

BOOST_FIXTURE_TEST_CASE(a_duplicate_flag_rule_names_the_earlier_lead_in_single_and_bulk_creates, ServiceFixture) {
  uint64_t campaign = NewCampaign(DuplicateCampaign());
  core::Lead original = CreateLead(admin, campaign, WithEmail("jane@example.com"));
  BOOST_TEST(!original.doublet_of.has_value());
  core::Lead copy = CreateLead(admin, campaign, WithEmail("JANE@example.com"));
  BOOST_TEST(copy.doublet_of.value_or(0) == original.id);
  BOOST_TEST(GetLead(admin, campaign, copy.id).doublet_of.value_or(0) == original.id);

  const std::string body =
      WithEmail("jane@example.com") + "\n" + WithEmail("new@example.com") + "\n" + WithEmail("new@example.com") + "\n";
  auto result = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, body, std::nullopt);
  BOOST_REQUIRE_MESSAGE(result.has_value(), Why(result));
  auto items = ItemsOf(result->body);
  BOOST_REQUIRE(items.size() == 3u);
  BOOST_TEST(items[0].doublet_of.value_or(0) == original.id);
  BOOST_TEST(!items[1].doublet_of.has_value());
  BOOST_TEST(items[2].doublet_of.value_or(0) == items[1].id);  // a copy within the same request
}

namespace {

// A campaign with a duplicate rule on e-mail across two vendors, each with a token scoped to its
// own `source`.
struct TwoVendorDuplicates : ServiceFixture {
  explicit TwoVendorDuplicates(const std::string& action = "flag") {
    campaign = NewCampaign(R"({"name": "Shared", "fields": [{"slug": "email", "type": "email"}],
      "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]}],
      "statuses": [{"slug": "new", "default": true}],
      "duplicate_rules": [{"name": "same e-mail", "fields": ["email"], "window_seconds": 3600, "action": ")" +
                           action + R"("}]})");
    vendor_a = Mint("a", "read_write", campaign, NewFilter(campaign, EqFilter("A", "source", "vendor-a"))).principal;
    vendor_b = Mint("b", "read_write", campaign, NewFilter(campaign, EqFilter("B", "source", "vendor-b"))).principal;
  }
  uint64_t campaign = 0;
  auth::Principal vendor_a, vendor_b;
};

struct TwoVendorRejects : TwoVendorDuplicates {
  TwoVendorRejects() : TwoVendorDuplicates("reject") {}
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_vendor_never_sees_the_id_of_another_vendors_lead_it_duplicates, TwoVendorDuplicates) {
  core::Lead theirs = CreateLead(vendor_a, campaign, WithEmail("jane@example.com"));
  core::Lead mine = CreateLead(vendor_b, campaign, WithEmail("jane@example.com"));
  BOOST_TEST(!mine.doublet_of.has_value());  // the create's answer
  BOOST_TEST(!GetLead(vendor_b, campaign, mine.id).doublet_of.has_value());
  auto listed = ListAll(vendor_b, campaign);
  BOOST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(!listed[0].doublet_of.has_value());
  auto patched = leads->Patch(vendor_b, core::CampaignId(campaign), core::LeadId(mine.id),
                              R"({"field_values": {"email": "jane@example.com"}})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  BOOST_TEST(patched->find(std::to_string(theirs.id)) == std::string::npos);
  auto bulk = leads->CreateBulk(vendor_b, campaign, core::BulkFormat::kNdjson, WithEmail("jane@example.com") + "\n",
                                std::nullopt);
  BOOST_REQUIRE_MESSAGE(bulk.has_value(), Why(bulk));
  BOOST_TEST(bulk->body.find(std::to_string(theirs.id)) == std::string::npos);
  // The rule still holds across vendors: the account sees the flag.
  BOOST_TEST(GetLead(admin, campaign, mine.id).doublet_of.value_or(0) == theirs.id);
  // A duplicate of the vendor's own lead is named.
  core::Lead again = CreateLead(vendor_a, campaign, WithEmail("jane@example.com"));
  BOOST_TEST(again.doublet_of.value_or(0) == theirs.id);
  BOOST_TEST(GetLead(vendor_a, campaign, again.id).doublet_of.value_or(0) == theirs.id);
}

BOOST_FIXTURE_TEST_CASE(a_rejected_duplicate_of_another_vendors_lead_names_no_lead, TwoVendorRejects) {
  core::Lead theirs = CreateLead(vendor_a, campaign, WithEmail("jane@example.com"));
  auto refused = Create(vendor_b, campaign, WithEmail("jane@example.com"));
  CheckError(refused, ErrorKind::kConflict, "duplicate_lead");
  BOOST_TEST(refused.error().members().empty());
  BOOST_TEST(refused.error().detail().find(std::to_string(theirs.id)) == std::string::npos);
  // Its own duplicate is named, so a vendor can find the lead it already sent.
  auto own = Create(vendor_a, campaign, WithEmail("jane@example.com"));
  CheckError(own, ErrorKind::kConflict, "duplicate_lead");
  BOOST_TEST((own.error().members() == std::vector<std::pair<std::string, uint64_t>>{{"doublet_of", theirs.id}}));
}

BOOST_FIXTURE_TEST_CASE(copies_sent_at_once_meet_the_duplicate_rule_before_the_first_is_committed, ServiceFixture) {
  uint64_t campaign = NewCampaign(R"({"name": "Strict", "fields": [{"slug": "email", "type": "email"}],
    "statuses": [{"slug": "new", "default": true}],
    "duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "reject"}]})");
  // All copies run their checks on one thread, each suspending at its commit while the next one
  // checks: the earlier copies are then in flight or committed, never missed.
  boost::asio::io_context ioc;
  constexpr int kCopies = 4;
  const std::string body = WithEmail("twin@example.com");
  std::vector<std::optional<core::Result<service::CreatedLead>>> results(kCopies);
  for (int i = 0; i < kCopies; ++i) {
    boost::asio::co_spawn(
        ioc,
        [&, i]() -> boost::asio::awaitable<void> {
          results[i].emplace(co_await leads->Create(admin, campaign, body, std::nullopt));
        },
        boost::asio::detached);
  }
  ioc.run();
  int created = 0;
  std::optional<uint64_t> original;
  for (const auto& result : results) {
    BOOST_REQUIRE(result.has_value());
    if (result->has_value()) {
      ++created;
      original = core::DecodeLead((*result)->json)->id;
    }
  }
  BOOST_TEST(created == 1);
  BOOST_REQUIRE(original.has_value());
  for (const auto& result : results) {
    if (result->has_value()) continue;
    CheckError(*result, ErrorKind::kConflict, "duplicate_lead");
    BOOST_TEST((result->error().members() == std::vector<std::pair<std::string, uint64_t>>{{"doublet_of", *original}}));
  }
  BOOST_TEST(CountLeads(campaign) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lead_service_test
