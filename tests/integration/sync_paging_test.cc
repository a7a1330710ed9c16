// Sync by updated_at ("everything updated since X") while leads keep changing, and newest-first
// cursor paging while leads keep arriving: nothing skipped, nothing repeated. Polling from the
// poll_cursor every updated_at page carries sends each change exactly once.

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace sync_paging_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign = R"({"name": "Sync",
  "fields": [{"slug": "n", "type": "number"}, {"slug": "marker", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}]})";

using Key = std::pair<int64_t, uint64_t>;  // (updated_at ms, lead id): the sync order

std::vector<uint64_t> Seed(HttpClient& client, const std::string& admin, uint64_t campaign, int count) {
  std::vector<uint64_t> ids;
  for (int i = 0; i < count; ++i) {
    ids.push_back(CreateLead(client, admin, campaign,
                             R"({"field_values": {"n": 0, "marker": "m)" + std::to_string(i) +
                                 R"("}, "select_field_values": {"source": ")" + (i % 2 ? "b" : "a") + "\"}}")
                      .id);
  }
  return ids;
}

// A sync client paging with sort=updated_at. It keeps the last cursor it was given; once a page
// says has_more=false it polls that cursor again, so the tail page may come back. The checks:
//  - within a response, keys strictly increase (so updated_at never decreases);
//  - a (id, updated_at) pair comes again only when the very same cursor is polled again;
//  - a pair not seen before is beyond every pair seen before: nothing lands behind the reader.
class SyncClient {
 public:
  SyncClient(HttpClient& client, std::string token, std::string base)
      : client_(client), token_(std::move(token)), base_(std::move(base)) {}

  // One request; returns has_more. `fresh` counts pairs never delivered before.
  bool Poll(size_t* fresh = nullptr) {
    std::string target = base_ + (cursor_ ? "&cursor=" + Enc(*cursor_) : "");
    Page page = GetPage(client_, token_, target);
    std::string used = cursor_.value_or("");
    std::optional<Key> prev;
    Key high_before = high_;
    size_t new_pairs = 0;
    for (const auto& lead : page.leads) {
      Key key{lead.updated_at, lead.id};
      if (prev) {
        BOOST_TEST((*prev < key), "page out of updated_at order: lead " << prev->second << " at " << prev->first
                                                                        << " before lead " << lead.id << " at "
                                                                        << lead.updated_at);
      }
      prev = key;
      auto [it, inserted] = delivered_by_.emplace(key, used);
      if (!inserted) {
        BOOST_TEST(it->second == used, "lead " << lead.id << " at " << lead.updated_at << " delivered twice");
        continue;
      }
      ++new_pairs;
      BOOST_TEST((key > high_before), "lead " << lead.id << " at " << lead.updated_at << " appeared behind the reader");
      if (key > high_) high_ = key;
      auto& last = last_[lead.id];
      BOOST_TEST(lead.updated_at >= last.updated_at);
      last = lead;
    }
    ++polls_;
    if (fresh) *fresh = new_pairs;
    if (page.next_cursor) cursor_ = page.next_cursor;
    BOOST_TEST(page.has_more == page.next_cursor.has_value());
    return page.has_more;
  }

  // Polls until a page says has_more=false; bounded.
  void Drain() {
    for (int i = 0; i < 500; ++i) {
      if (!Poll()) return;
    }
    BOOST_FAIL("sync did not reach the end");
  }

  const std::map<uint64_t, LeadInfo>& last() const { return last_; }
  bool Seen(uint64_t id) const { return last_.count(id) != 0; }
  size_t polls() const { return polls_; }

 private:
  HttpClient& client_;
  std::string token_;
  std::string base_;
  std::optional<std::string> cursor_;
  std::map<Key, std::string> delivered_by_;
  std::map<uint64_t, LeadInfo> last_;
  Key high_{-1, 0};
  size_t polls_ = 0;
};

// After updates stopped: drain, poll once more (nothing new), then every lead's last delivered
// version is its current state.
void FinishAndCheck(SyncClient& sync, HttpClient& client, const std::string& token, uint64_t campaign,
                    const std::vector<uint64_t>& ids) {
  SleepMs(5);  // past the update watermark
  sync.Drain();
  size_t fresh = 99;
  BOOST_TEST(!sync.Poll(&fresh));
  BOOST_TEST(fresh == 0u);
  BOOST_TEST(sync.last().size() == ids.size());
  for (uint64_t id : ids) {
    BOOST_TEST_CONTEXT("lead " << id) {
      BOOST_REQUIRE(sync.Seen(id));
      LeadInfo current = GetLead(client, token, campaign, id);
      BOOST_TEST(sync.last().at(id).json == current.json);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_paging)

BOOST_FIXTURE_TEST_CASE(updated_at_paging_with_updates_between_pages, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  std::vector<uint64_t> ids = Seed(client, admin, campaign, 40);
  SleepMs(3);

  std::mt19937 rng(20261128);
  SyncClient sync(client, admin, LeadsPath(campaign) + "?sort=updated_at&limit=5");
  int n = 0;
  size_t unseen_updates = 0, seen_updates = 0;
  for (int round = 0; round < 12; ++round) {
    sync.Poll();
    std::vector<uint64_t> unseen, seen;
    for (uint64_t id : ids) (sync.Seen(id) ? seen : unseen).push_back(id);
    // Two leads not delivered yet and two already delivered change before the next page.
    for (int k = 0; k < 2; ++k) {
      for (auto* pool : {&unseen, &seen}) {
        if (pool->empty()) continue;
        uint64_t id = (*pool)[rng() % pool->size()];
        std::string body = R"({"field_values": {"n": )" + std::to_string(++n) + "}";
        if (rng() % 3 == 0) body += R"(, "status": "contacted")";
        body += "}";
        PatchLead(client, admin, campaign, id, body);
        ++(pool == &unseen ? unseen_updates : seen_updates);
      }
    }
  }
  BOOST_TEST(unseen_updates > 0u);
  BOOST_TEST(seen_updates > 0u);
  FinishAndCheck(sync, client, admin, campaign, ids);

  // Later changes are picked up by the same client, once each.
  for (size_t i = 0; i < ids.size(); i += 7) PatchLead(client, admin, campaign, ids[i], R"({"status": "new"})");
  FinishAndCheck(sync, client, admin, campaign, ids);
}

BOOST_FIXTURE_TEST_CASE(updated_at_paging_while_a_thread_keeps_patching, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  std::vector<uint64_t> ids = Seed(client, admin, campaign, 40);
  uint64_t filter = CreateFilter(client, admin, campaign, EqFilter("A", "source", "a"));
  Token vendor = CreateToken(client, admin, "vendor a", "read", campaign, filter);
  SleepMs(3);

  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, patches{0};
  std::thread writer([&] {
    HttpClient wclient(server.port());
    std::mt19937 rng(7);
    for (int k = 0; k < 200; ++k) {
      uint64_t id = ids[rng() % ids.size()];
      std::string body = R"({"field_values": {"n": )" + std::to_string(k + 1) + "}";
      if (k % 5 == 0) body += std::string(R"(, "select_field_values": {"source": ")") + (rng() % 2 ? "a" : "b") + "\"}";
      body += "}";
      auto res = wclient.Request("PATCH", LeadPath(campaign, id), body, admin);
      if (res.status != 200) ++failures;
      ++patches;
    }
    done = true;
  });

  // An unfiltered and a filtered sync client page concurrently with the writer.
  SyncClient all(client, admin, LeadsPath(campaign) + "?sort=updated_at&limit=5");
  auto vclient = server.Client();
  SyncClient mine(vclient, vendor.secret, LeadsPath(campaign) + "?sort=updated_at&limit=5");
  for (int i = 0; i < 3000 && !done; ++i) {
    all.Poll();
    mine.Poll();
  }
  writer.join();
  BOOST_TEST(failures == 0);
  BOOST_TEST(patches == 200);
  BOOST_TEST(all.polls() > 10u);
  FinishAndCheck(all, client, admin, campaign, ids);

  // The filtered client ends with exactly the leads now in its slice, each in its current state.
  SleepMs(5);
  mine.Drain();
  std::vector<uint64_t> in_slice;
  for (uint64_t id : ids) {
    if (GetLead(client, admin, campaign, id).Select("source") == "a") in_slice.push_back(id);
  }
  for (uint64_t id : in_slice) {
    BOOST_TEST_CONTEXT("lead " << id) {
      BOOST_REQUIRE(mine.Seen(id));
      BOOST_TEST(mine.last().at(id).json == CreatorMasked(GetLead(client, admin, campaign, id).json));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(newest_first_paging_while_leads_arrive, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  std::vector<uint64_t> ids = Seed(client, admin, campaign, 40);

  for (const std::string query : {"limit=5", "limit=3&source=a", "limit=4&status=new"}) {
    BOOST_TEST_CONTEXT(query) {
      // What exists (and matches) when paging begins, newest first.
      const std::vector<uint64_t> before = IdsOf(ListAll(client, admin, LeadsPath(campaign) + "?" + query));
      BOOST_REQUIRE(before.size() >= 20u);
      // Interleaved creates between pages, and a thread creating concurrently.
      std::atomic<bool> stop{false};
      std::atomic<int> failures{0};
      std::thread creator([&] {
        HttpClient cclient(server.port());
        for (int k = 0; k < 60 && !stop; ++k) {
          auto res = cclient.Request("POST", LeadsPath(campaign), R"({"select_field_values": {"source": "a"}})", admin);
          if (res.status != 201) ++failures;
        }
      });
      std::vector<uint64_t> got;
      std::string target = LeadsPath(campaign) + "?" + query;
      for (int i = 0; i < 100; ++i) {
        Page page = GetPage(client, admin, target);
        auto page_ids = IdsOf(page.leads);
        got.insert(got.end(), page_ids.begin(), page_ids.end());
        CreateLead(client, admin, campaign, R"({"select_field_values": {"source": "a"}})");
        if (!page.next_link) break;
        target = PathOf(*page.next_link);
      }
      stop = true;
      creator.join();
      BOOST_TEST(failures == 0);
      // Leads created after paging began can only show up ahead of the old ones (they are
      // newest); every lead that existed before appears exactly once, in order.
      std::vector<uint64_t> old_ones;
      for (uint64_t id : got) {
        if (id <= before.front()) old_ones.push_back(id);
      }
      BOOST_TEST(old_ones == before, boost::test_tools::per_element());
      for (size_t i = 1; i < got.size(); ++i) BOOST_TEST(got[i - 1] > got[i]);
      std::set<uint64_t> unique(got.begin(), got.end());
      BOOST_TEST(unique.size() == got.size());
    }
  }
}

// Hammers a few leads from two threads while full sort=updated_at scans run: every page must
// be in updated_at order, i.e. each listed lead must be the version its index position names.
BOOST_FIXTURE_TEST_CASE(updated_at_scan_never_shows_a_newer_version_out_of_order, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  std::vector<uint64_t> ids = Seed(client, admin, campaign, 30);
  std::atomic<int> running{2}, failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      HttpClient wclient(server.port());
      for (int k = 0; k < 300; ++k) {
        uint64_t id = ids[(k % 3) * 10 + w];  // three hot leads per writer, spread over the range
        auto res = wclient.Request("PATCH", LeadPath(campaign, id),
                                   R"({"field_values": {"n": )" + std::to_string(k) + "}}", admin);
        if (res.status != 200) ++failures;
      }
      --running;
    });
  }
  int scans = 0, out_of_order = 0;
  std::string example;
  while (running > 0 && scans < 5000) {
    Page page = GetPage(client, admin, LeadsPath(campaign) + "?sort=updated_at&limit=500");
    ++scans;
    for (size_t i = 1; i < page.leads.size(); ++i) {
      Key a{page.leads[i - 1].updated_at, page.leads[i - 1].id}, b{page.leads[i].updated_at, page.leads[i].id};
      if (!(a < b)) {
        if (example.empty()) {
          example = "lead " + std::to_string(a.second) + " updated_at " + lg::core::FormatTimestamp(a.first) +
                    " listed before lead " + std::to_string(b.second) + " updated_at " +
                    lg::core::FormatTimestamp(b.first);
        }
        ++out_of_order;
      }
    }
  }
  for (auto& t : writers) t.join();
  BOOST_TEST(failures == 0);
  BOOST_TEST(scans > 5);
  BOOST_TEST(out_of_order == 0, out_of_order << " out-of-order pairs in " << scans << " scans; e.g. " << example);
}

// A sync client that remembers only the last updated_at it saw resumes with updated_after =
// that time + 1 ms and gets exactly the changes since, none repeated.
BOOST_FIXTURE_TEST_CASE(resume_with_updated_after_neither_skips_nor_repeats, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  std::vector<uint64_t> ids = Seed(client, admin, campaign, 12);
  SleepMs(3);
  auto first = ListAll(client, admin, LeadsPath(campaign) + "?sort=updated_at&limit=5");
  BOOST_REQUIRE_EQUAL(first.size(), ids.size());
  int64_t since = first.back().updated_at + 1;
  std::set<uint64_t> changed;
  for (size_t i = 0; i < ids.size(); i += 4) {
    PatchLead(client, admin, campaign, ids[i], R"({"status": "contacted"})");
    changed.insert(ids[i]);
  }
  SleepMs(5);
  auto next =
      ListAll(client, admin,
              LeadsPath(campaign) + "?sort=updated_at&limit=2&updated_after=" + Enc(lg::core::FormatTimestamp(since)));
  BOOST_TEST(IdSet(next) == changed, boost::test_tools::per_element());
  BOOST_TEST(next.size() == changed.size());
}

namespace {

std::vector<uint64_t> Sorted(std::vector<uint64_t> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// A poller that walks sort=updated_at pages and always polls on from meta.poll_cursor: the ids of
// the leads (and tombstones) one poll delivered, in order.
struct Poller {
  HttpClient& client;
  std::string token;
  std::string base;  // the list path and query, without the cursor
  std::optional<std::string> cursor;

  std::vector<uint64_t> Poll() {
    std::vector<uint64_t> ids;
    for (int pages = 0; pages < 100; ++pages) {
      Page page = GetPage(client, token, base + (cursor ? "&cursor=" + Enc(*cursor) : ""));
      BOOST_REQUIRE_MESSAGE(page.poll_cursor.has_value(), "a sort=updated_at page without poll_cursor: " << page.body);
      if (page.has_more) BOOST_TEST((page.poll_cursor == page.next_cursor));
      cursor = page.poll_cursor;
      for (const auto& lead : page.leads) ids.push_back(lead.id);
      if (!page.has_more) return ids;
    }
    BOOST_FAIL("the feed did not end");
    return ids;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(polling_from_the_poll_cursor_sends_each_change_exactly_once, ApiFixture) {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  uint64_t only_a = CreateFilter(client, admin, campaign, EqFilter("only a", "source", "a"));
  Token vendor = CreateToken(client, admin, "Vendor A", "read", campaign, only_a);
  std::vector<uint64_t> ids = Seed(client, admin, campaign, 5);  // sources a, b, a, b, a
  SleepMs(3);
  Poller everything{client, admin, LeadsPath(campaign) + "?sort=updated_at&limit=2"};
  Poller vendor_a{client, vendor.secret, LeadsPath(campaign) + "?sort=updated_at&limit=2"};
  BOOST_TEST(everything.Poll() == ids, boost::test_tools::per_element());
  BOOST_TEST(vendor_a.Poll() == (std::vector<uint64_t>{ids[0], ids[2], ids[4]}), boost::test_tools::per_element());

  // Nothing changed: nothing comes again (the last page's lead included).
  SleepMs(3);
  BOOST_TEST(everything.Poll().empty());
  BOOST_TEST(vendor_a.Poll().empty());

  // Two updates (one of an a lead, one of a b lead), a new lead from b and one from a.
  PatchLead(client, admin, campaign, ids[4], R"({"field_values": {"n": 1}})");
  PatchLead(client, admin, campaign, ids[1], R"({"field_values": {"n": 2}})");
  std::vector<uint64_t> more = Seed(client, admin, campaign, 2);  // sources a, b
  SleepMs(3);
  // (Changes in one millisecond come in id order: compared sorted, each exactly once.)
  BOOST_TEST(Sorted(everything.Poll()) == Sorted({ids[4], ids[1], more[0], more[1]}), boost::test_tools::per_element());
  BOOST_TEST(Sorted(vendor_a.Poll()) == Sorted({ids[4], more[0]}), boost::test_tools::per_element());
  SleepMs(3);
  BOOST_TEST(everything.Poll().empty());
  BOOST_TEST(vendor_a.Poll().empty());

  // A deletion comes once, as its tombstone, to whoever saw the lead.
  auto deleted = client.Request("DELETE", LeadPath(campaign, ids[2]), "", admin);
  BOOST_REQUIRE_MESSAGE(deleted.status == 204, deleted.status << " " << deleted.body);
  SleepMs(3);
  BOOST_TEST(everything.Poll() == (std::vector<uint64_t>{ids[2]}), boost::test_tools::per_element());
  BOOST_TEST(vendor_a.Poll() == (std::vector<uint64_t>{ids[2]}), boost::test_tools::per_element());
  BOOST_TEST(everything.Poll().empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sync_paging_test
