// What a list page costs: the store entries it reads (LeadPage::scanned). Time conditions and
// cursors must seek the scan to where the matches are, so a page reads about what it returns,
// however many leads lie outside its range. The leads are written straight through the repo
// with chosen times and ids (the service would stamp them all within the same second).

#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lead_id_generator.h"
#include "core/lead_json.h"
#include "core/time_util.h"
#include "store/lead_repo.h"
#include "tests/unit/service/service_fixture.h"

namespace list_scan_test {

using namespace lg;
using namespace lg::service_test;

namespace {

constexpr int64_t kMinute = 60000;

// A campaign whose leads are stored with the times and sources a test asks for.
struct ScanFixture : VendorFixture {
  // After the fixture's a1 and b1: seeded leads are newer.
  static int64_t Base() { return core::NowMillis() / 1000 * 1000 + 10 * kMinute; }

  // Stores a lead created at `created_at` (its id taken from that time, as the generator would)
  // and last updated at `updated_at`.
  core::Lead Seed(int64_t created_at, int64_t updated_at, const std::string& source, size_t sequence = 0) {
    pending.push_back(MakeLead({created_at, updated_at}, source, sequence));
    core::Lead lead = pending.back().first;
    if (pending.size() == 500) Flush();
    return lead;
  }

  void Flush() {
    if (pending.empty()) return;
    auto c = campaigns->Get(admin, campaign);
    BOOST_REQUIRE(c.has_value());
    BOOST_REQUIRE(lead_repo->PutNew(**c, pending).ok());
    pending.clear();
  }

  // Milliseconds; named, as two of them side by side are easily swapped.
  struct LeadTimes {
    int64_t created_at = 0;
    int64_t updated_at = 0;
  };

  std::pair<core::Lead, std::string> MakeLead(LeadTimes times, const std::string& source, size_t sequence) const {
    core::Lead lead;
    lead.id = core::LeadIdGenerator::FirstIdAt(times.created_at) + sequence;
    lead.campaign_id = campaign;
    lead.status = "new";
    lead.select_values["source"] = source;
    lead.field_values["marker"] = "\"seeded\"";
    lead.created_at = times.created_at;
    lead.updated_at = times.updated_at;
    lead.created_by = {admin.token_id, "seed"};
    return {lead, core::EncodeLead(lead)};
  }

  service::LeadPage List(const auth::Principal& principal, const std::multimap<std::string, std::string>& params) {
    auto page = leads->List(principal, campaign, params);
    BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
    return std::move(page).value();
  }

  // `ids` without the fixture's own leads.
  std::vector<uint64_t> Seeded(std::vector<uint64_t> ids) const {
    std::erase_if(ids, [&](uint64_t id) { return id == a1.id || id == b1.id; });
    return ids;
  }

  std::vector<std::pair<core::Lead, std::string>> pending;
};

std::string At(int64_t millis) { return core::FormatTimestamp(millis); }

}  // namespace

BOOST_AUTO_TEST_SUITE(list_scan)

// 5,000 leads two minutes apart; created_after near the newest and created_before near the oldest
// read about the leads they return, from every source a plan can choose.
BOOST_FIXTURE_TEST_CASE(created_after_and_created_before_seek_in_every_source, ScanFixture) {
  const int64_t base = Base();
  std::vector<uint64_t> ids;
  for (int64_t i = 0; i < 5000; ++i) ids.push_back(Seed(base + i * 2 * kMinute, base + i * 2 * kMinute, "vendor-a").id);
  Flush();

  const std::string newest_ten = At(base + 2 * kMinute * 4990);
  const std::string oldest_ten = At(base + 2 * kMinute * 10);
  std::vector<uint64_t> expect_newest(ids.rbegin(), ids.rbegin() + 10);
  std::vector<uint64_t> expect_oldest(ids.rend() - 10, ids.rend());
  // The campaign's records, the option index, the status index, and a vendor's token filter.
  struct Source {
    const char* name;
    std::multimap<std::string, std::string> params;
    const auth::Principal* principal;
  };
  std::vector<Source> sources = {{"campaign", {}, &admin},
                                 {"option index", {{"source", "vendor-a"}}, &admin},
                                 {"status index", {{"status", "new"}}, &admin},
                                 {"vendor token", {}, &vendor_a.principal}};
  for (const auto& source : sources) {
    BOOST_TEST_CONTEXT(source.name) {
      auto params = source.params;
      params.emplace("created_after", newest_ten);
      auto page = List(*source.principal, params);
      BOOST_TEST_MESSAGE(source.name << ": created_after near the newest read " << page.scanned << " entries");
      BOOST_TEST(IdsOf(LeadsOf(page)) == expect_newest, boost::test_tools::per_element());
      BOOST_TEST(page.scanned <= 11u, "created_after read " << page.scanned << " entries for 10 leads");

      // The fixture's a1 and b1, older than every seeded lead, are in range too (where the
      // source has them).
      params = source.params;
      params.emplace("created_before", oldest_ten);
      page = List(*source.principal, params);
      BOOST_TEST_MESSAGE(source.name << ": created_before near the oldest read " << page.scanned << " entries");
      BOOST_TEST(Seeded(IdsOf(LeadsOf(page))) == expect_oldest, boost::test_tools::per_element());
      BOOST_TEST(page.scanned <= 13u, "created_before read " << page.scanned << " entries for 10 leads");

      // Paged by cursor inside a created_before range: the cursor and the bound combine.
      params.emplace("limit", "4");
      BOOST_TEST(Seeded(IdsOf(ListAll(*source.principal, campaign, params))) == expect_oldest,
                 boost::test_tools::per_element());
    }
  }
}

// 5,000 leads updated a second apart (in the past: below the update feed's watermark); a sync
// page from updated_after, to updated_before, or on from a cursor reads about what it returns.
BOOST_FIXTURE_TEST_CASE(updated_after_and_updated_before_seek_the_updated_time_index, ScanFixture) {
  const int64_t base = core::NowMillis() / 1000 * 1000 - 120 * kMinute;
  std::vector<uint64_t> ids;
  for (int64_t i = 0; i < 5000; ++i) ids.push_back(Seed(base + i * 1000, base + i * 1000, "vendor-a").id);
  Flush();
  auto time_of = [&](int64_t i) { return At(base + i * 1000); };

  auto page =
      List(admin, {{"sort", "updated_at"}, {"updated_after", time_of(4990)}, {"updated_before", time_of(4995)}});
  BOOST_TEST_MESSAGE("updated_after..updated_before (5 leads) read " << page.scanned << " entries");
  BOOST_TEST(IdsOf(LeadsOf(page)) == std::vector<uint64_t>(ids.begin() + 4990, ids.begin() + 4995),
             boost::test_tools::per_element());
  BOOST_TEST(!page.next_cursor.has_value());
  BOOST_TEST(page.scanned <= 6u, "read " << page.scanned << " entries for 5 leads");

  // A poll of 5 from updated_after, then on from its cursor.
  page = List(admin, {{"sort", "updated_at"}, {"updated_after", time_of(4000)}, {"limit", "5"}});
  BOOST_TEST_MESSAGE("updated_after, limit 5, read " << page.scanned << " entries");
  BOOST_TEST(IdsOf(LeadsOf(page)) == std::vector<uint64_t>(ids.begin() + 4000, ids.begin() + 4005),
             boost::test_tools::per_element());
  BOOST_TEST(page.scanned <= 8u, "read " << page.scanned << " entries for a page of 5");
  BOOST_REQUIRE(page.next_cursor.has_value());
  page = List(
      admin, {{"sort", "updated_at"}, {"updated_after", time_of(4000)}, {"limit", "5"}, {"cursor", *page.next_cursor}});
  BOOST_TEST(IdsOf(LeadsOf(page)) == std::vector<uint64_t>(ids.begin() + 4005, ids.begin() + 4010),
             boost::test_tools::per_element());
  BOOST_TEST(page.scanned <= 8u, "read " << page.scanned << " entries for a page of 5");

  // A cursor behind updated_after (an old poll given a later bound) still starts at the bound.
  page = List(admin, {{"sort", "updated_at"}, {"limit", "5"}});
  BOOST_REQUIRE(page.next_cursor.has_value());
  page = List(
      admin, {{"sort", "updated_at"}, {"updated_after", time_of(4990)}, {"limit", "5"}, {"cursor", *page.next_cursor}});
  BOOST_TEST(IdsOf(LeadsOf(page)) == std::vector<uint64_t>(ids.begin() + 4990, ids.begin() + 4995),
             boost::test_tools::per_element());
  BOOST_TEST(page.scanned <= 8u, "read " << page.scanned << " entries for a page of 5");
}

// A vendor's sync poll (its token's filter `source eq vendor-a`, sort=updated_at, updated_after,
// cursor paging) in a campaign of 5,000 leads of another vendor, changed in between its own 10:
// each page reads about the page, not the other vendor's changes.
BOOST_FIXTURE_TEST_CASE(a_vendors_sync_poll_costs_its_page_not_the_campaign, ScanFixture) {
  const int64_t base = core::NowMillis() / 1000 * 1000 - 120 * kMinute;
  std::vector<uint64_t> mine;
  for (int64_t i = 0; i < 5000; ++i) {
    bool is_mine = i % 500 == 250;  // 10 of them, spread through the others
    core::Lead lead = Seed(base + i * 1000, base + i * 1000, is_mine ? "vendor-a" : "vendor-b", is_mine ? 1 : 0);
    if (is_mine) mine.push_back(lead.id);
  }
  Flush();
  const std::multimap<std::string, std::string> poll{
      {"sort", "updated_at"}, {"updated_after", At(base)}, {"limit", "5"}};
  // The fixture's a1 (vendor-a, updated at the fixture's start, after every seeded lead) comes
  // last when it is below the watermark.
  std::vector<uint64_t> got;
  std::optional<std::string> cursor;
  for (int n = 0; n < 5; ++n) {
    auto params = poll;
    if (cursor) params.emplace("cursor", *cursor);
    auto page = List(vendor_a.principal, params);
    BOOST_TEST_MESSAGE("sync poll page " << n + 1 << ": " << page.count << " leads, read " << page.scanned
                                         << " entries");
    BOOST_TEST(page.scanned <= 8u, "page " << n + 1 << " read " << page.scanned << " entries for " << page.count);
    for (const auto& lead : LeadsOf(page)) got.push_back(lead.id);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  std::erase(got, a1.id);
  BOOST_TEST(got == mine, boost::test_tools::per_element());

  // The other vendor's token reads its own 5,000 the same way, a page at a time.
  auto page = List(vendor_b.principal, poll);
  BOOST_TEST(page.count == 5u);
  BOOST_TEST(page.scanned <= 8u);
}

// Page-number paging reaches (page - 1) * per_page = kMaxPageSkip and no further: the deepest page
// links on with a cursor (a page number there would be refused), and the cursor carries on
// exactly after it.
BOOST_FIXTURE_TEST_CASE(the_deepest_page_number_links_on_with_a_cursor, ScanFixture) {
  const int64_t base = Base();
  std::vector<uint64_t> ids;
  for (int64_t i = 0; i < 10200; ++i) ids.push_back(Seed(base + i * 1000, base + i * 1000, "vendor-a").id);
  Flush();
  std::vector<uint64_t> newest_first(ids.rbegin(), ids.rend());

  auto page = List(admin, {{"page", "100"}, {"per_page", "100"}});
  BOOST_TEST(page.next_page.value_or(0) == 101u);
  page = List(admin, {{"page", "101"}, {"per_page", "100"}});  // skips 10,000
  BOOST_TEST(IdsOf(LeadsOf(page)) == std::vector<uint64_t>(newest_first.begin() + 10000, newest_first.begin() + 10100),
             boost::test_tools::per_element());
  BOOST_TEST(!page.next_page.has_value());
  BOOST_REQUIRE(page.next_cursor.has_value());
  page = List(admin, {{"limit", "100"}, {"cursor", *page.next_cursor}});
  BOOST_TEST(
      Seeded(IdsOf(LeadsOf(page))) == std::vector<uint64_t>(newest_first.begin() + 10100, newest_first.begin() + 10200),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace list_scan_test
