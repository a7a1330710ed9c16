// Lead records and their index entries: updates write exactly the index difference, the store
// reads back identically after reopening, a seeded random sequence of creates and updates
// leaves the indexes describing exactly the current records, and reindexing follows changed
// duplicate rules.

#include "store/lead_repo.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/duplicate_rule.h"
#include "core/lead_json.h"
#include "store/db.h"
#include "store/key_codec.h"
#include "tests/support/index_entries.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_helpers.h"

namespace lead_repo_test {

using namespace lg;
using core::Campaign;
using core::Lead;
using store::Cf;
using store::Db;
using store::LeadRepo;

namespace {

// The option slugs of its select "source" and its status slugs, named: both are lists of slugs.
struct CampaignSlugs {
  std::vector<std::string> sources;
  std::vector<std::string> statuses;
};

Campaign MakeCampaign(uint64_t id, const CampaignSlugs& slugs) {
  Campaign c;
  c.id = id;
  c.name = "Campaign " + std::to_string(id);
  c.fields = {{"n", "N", "", core::FieldType::kNumber, false}};
  core::Select source;
  source.slug = "source";
  for (const auto& s : slugs.sources) source.options.push_back({0, s, s});
  core::Select region;
  region.slug = "region";
  region.options = {{0, "north", "North"}, {0, "south", "South"}};
  c.selects = {source, region};
  for (const auto& s : slugs.statuses) {
    core::LeadStatus status;
    status.slug = s;
    status.is_default = c.statuses.empty();
    c.statuses.push_back(status);
  }
  // Offset ids per campaign so that a key built with the wrong campaign's ids shows up.
  c.next_internal_id = static_cast<uint32_t>(id * 100);
  c.AssignInternalIds();
  return c;
}

Lead MakeLead(const Campaign& c, uint64_t id, const std::string& status, std::map<std::string, std::string> selects,
              int64_t updated_at) {
  Lead l;
  l.id = id;
  l.campaign_id = c.id;
  l.status = status;
  l.select_values = std::move(selects);
  l.field_values["n"] = std::to_string(id % 1000);
  l.created_at = 1795860000000 + static_cast<int64_t>(id);
  l.updated_at = updated_at;
  l.created_by = {1, "admin"};
  return l;
}

uint32_t OptionId(const Campaign& c, const std::string& select, const std::string& option) {
  return c.FindSelect(select)->FindOption(option)->id;
}
uint32_t StatusId(const Campaign& c, const std::string& status) { return c.FindStatus(status)->id; }
// The index range of the `source` select's option "a".
store::LeadRepo::OptionRef SourceA(const Campaign& c) {
  return {.select_id = c.FindSelect("source")->id, .option_id = OptionId(c, "source", "a")};
}

// Keys in hex, so failures print readably.
template <typename Keys>
std::vector<std::string> Hex(const Keys& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(lg::test::Hex(k));
  std::sort(out.begin(), out.end());
  return out;
}

// Every key of the index column family, in hex.
std::vector<std::string> AllIndexKeys(const Db& db) {
  std::vector<std::string> out;
  test::Must(db.Scan(Cf::kIndex, {}, [&](std::string_view key, std::string_view) {
    out.push_back(lg::test::Hex(key));
    return true;
  }));
  return out;
}

// (updated_at, lead id) pairs as "time/id" strings.
std::vector<std::string> Str(const std::vector<std::pair<int64_t, uint64_t>>& entries) {
  std::vector<std::string> out;
  for (const auto& [t, id] : entries) out.push_back(std::to_string(t) + "/" + std::to_string(id));
  return out;
}

std::vector<uint64_t> Ids(std::initializer_list<uint64_t> ids) { return ids; }

core::Status Put(LeadRepo& repo, const Campaign& c, const Lead& lead, const Lead* previous) {
  return repo.Put(c, lead, core::EncodeLead(lead), previous);
}

// A new store in a temp directory and its lead repo.
struct FreshStore {
  static std::unique_ptr<Db> Open(const lg::test::TempDir& dir) {
    auto db = Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(db.has_value());
    return std::move(db).value();
  }
  lg::test::TempDir dir;
  std::unique_ptr<Db> store = Open(dir);
  LeadRepo repo{*store};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lead_repo)

BOOST_AUTO_TEST_CASE(index_keys_cover_selects_status_and_update_time) {
  Campaign c = MakeCampaign(7, {.sources = {"a", "b"}, .statuses = {"new", "won"}});
  Lead l = MakeLead(c, 42, "won", {{"source", "b"}, {"region", "north"}}, 1795860000123);
  std::vector<std::string> expected{
      store::keys::SelectIndex(core::CampaignId(7), c.FindSelect("source")->id, OptionId(c, "source", "b"),
                               core::LeadId(42)),
      store::keys::SelectIndex(core::CampaignId(7), c.FindSelect("region")->id, OptionId(c, "region", "north"),
                               core::LeadId(42)),
      store::keys::StatusIndex(core::CampaignId(7), StatusId(c, "won"), core::LeadId(42)),
      store::keys::UpdatedIndex(core::CampaignId(7), 1795860000123, core::LeadId(42)),
      store::keys::OptionUpdatedIndex(core::CampaignId(7), c.FindSelect("source")->id, OptionId(c, "source", "b"),
                                      1795860000123, core::LeadId(42)),
      store::keys::OptionUpdatedIndex(core::CampaignId(7), c.FindSelect("region")->id, OptionId(c, "region", "north"),
                                      1795860000123, core::LeadId(42)),
  };
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> got = LeadRepo::IndexKeysFor(c, l);
  BOOST_TEST(std::is_sorted(got.begin(), got.end()));
  BOOST_TEST(Hex(got) == Hex(expected), boost::test_tools::per_element());
  // Values the schema does not know get no entry.
  l.select_values = {{"source", "zzz"}, {"colour", "red"}};
  l.status = "gone";
  BOOST_TEST(Hex(LeadRepo::IndexKeysFor(c, l)) == Hex(std::vector<std::string>{store::keys::UpdatedIndex(
                                                      core::CampaignId(7), 1795860000123, core::LeadId(42))}),
             boost::test_tools::per_element());
}

// Option and status ranges are read newest first from a cursor: strictly below `before_id`.
BOOST_FIXTURE_TEST_CASE(index_scans_run_newest_first_below_the_cursor, FreshStore) {
  Campaign c = MakeCampaign(3, {.sources = {"a", "b"}, .statuses = {"new", "won"}});
  for (uint64_t id : {5, 6, 9, 12, 20}) {
    auto lead = MakeLead(c, id, id % 2 ? "won" : "new", {{"source", id == 6 ? "b" : "a"}}, 1795860000000);
    BOOST_REQUIRE(Put(repo, c, lead, nullptr).ok());
  }
  auto scan = [&](std::optional<uint64_t> before, bool by_status) {
    std::vector<uint64_t> seen;
    auto visit = [&](uint64_t id, std::string_view) {
      seen.push_back(id);
      return true;
    };
    if (by_status) {
      test::Must(repo.ScanStatusNewestFirst({.campaign_id = 3, .before_id = before}, StatusId(c, "new"), visit));
    } else {
      test::Must(repo.ScanOptionNewestFirst({.campaign_id = 3, .before_id = before}, SourceA(c), visit));
    }
    return seen;
  };
  BOOST_TEST(scan(std::nullopt, false) == Ids({20, 12, 9, 5}), boost::test_tools::per_element());
  BOOST_TEST(scan(12, false) == Ids({9, 5}), boost::test_tools::per_element());
  BOOST_TEST(scan(13, false) == Ids({12, 9, 5}), boost::test_tools::per_element());
  BOOST_TEST(scan(5, false).empty());
  BOOST_TEST(scan(0, false).empty());
  BOOST_TEST(scan(std::nullopt, true) == Ids({20, 12, 6}), boost::test_tools::per_element());
  BOOST_TEST(scan(20, true) == Ids({12, 6}), boost::test_tools::per_element());
  // Id order for the plain readers.
  BOOST_TEST(lg::test::IdsWithStatus(*store, 3, StatusId(c, "new")) == Ids({6, 12, 20}),
             boost::test_tools::per_element());
}

// Index scans read records in batches; a lead updated out of the scanned option while the scan
// runs must still come with the record its entry was written with, or a vendor's page could
// show a lead that has just left its scope.
BOOST_FIXTURE_TEST_CASE(an_index_scan_sees_records_as_they_were_when_it_began, FreshStore) {
  Campaign c = MakeCampaign(3, {.sources = {"a", "b"}, .statuses = {"new"}});
  std::vector<Lead> leads;
  for (uint64_t id = 1; id <= 100; ++id) {
    leads.push_back(MakeLead(c, id, "new", {{"source", "a"}}, 1795860000000));
    BOOST_REQUIRE(Put(repo, c, leads.back(), nullptr).ok());
  }
  std::vector<uint64_t> seen;
  std::vector<uint64_t> seen_outside;
  test::Must(repo.ScanOptionNewestFirst({.campaign_id = 3}, SourceA(c), [&](uint64_t id, std::string_view json) {
    if (seen.empty()) {  // move every other lead to "b" mid-scan
      for (uint64_t other = 1; other < id; ++other) {
        Lead moved = leads[other - 1];
        moved.select_values["source"] = "b";
        BOOST_REQUIRE(Put(repo, c, moved, &leads[other - 1]).ok());
      }
    }
    seen.push_back(id);
    if (json.find(R"("source":"a")") == std::string_view::npos) seen_outside.push_back(id);
    return true;
  }));
  std::vector<uint64_t> expected;
  for (uint64_t id = 100; id >= 1; --id) expected.push_back(id);
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
  BOOST_TEST(seen_outside.empty(), "records read with source b: " << seen_outside.size());
  // A scan that starts after the updates sees where they left the leads.
  std::vector<uint64_t> now;
  test::Must(repo.ScanOptionNewestFirst({.campaign_id = 3}, SourceA(c), [&](uint64_t id, std::string_view) {
    now.push_back(id);
    return true;
  }));
  BOOST_TEST(now == Ids({100}), boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(an_update_moves_exactly_the_changed_index_entries, FreshStore) {
  Campaign c = MakeCampaign(3, {.sources = {"a", "b", "c"}, .statuses = {"new", "contacted", "won"}});
  const uint32_t source = c.FindSelect("source")->id, region = c.FindSelect("region")->id;

  Lead one = MakeLead(c, 100, "new", {{"source", "a"}, {"region", "north"}}, 1000);
  Lead two = MakeLead(c, 200, "new", {{"source", "a"}}, 1001);
  BOOST_REQUIRE(Put(repo, c, one, nullptr).ok());
  BOOST_REQUIRE(Put(repo, c, two, nullptr).ok());
  BOOST_TEST(lg::test::IdsWithOption(*store, 3, source, OptionId(c, "source", "a")) == Ids({100, 200}),
             boost::test_tools::per_element());
  BOOST_TEST(lg::test::IdsWithStatus(*store, 3, StatusId(c, "new")) == Ids({100, 200}),
             boost::test_tools::per_element());

  // Lead 100 changes source a -> b, drops its region and moves to won.
  Lead updated = one;
  updated.select_values = {{"source", "b"}};
  updated.status = "won";
  updated.updated_at = 2000;
  BOOST_REQUIRE(Put(repo, c, updated, &one).ok());
  BOOST_TEST(lg::test::IdsWithOption(*store, 3, source, OptionId(c, "source", "a")) == Ids({200}),
             boost::test_tools::per_element());
  BOOST_TEST(lg::test::IdsWithOption(*store, 3, source, OptionId(c, "source", "b")) == Ids({100}),
             boost::test_tools::per_element());
  BOOST_TEST(lg::test::IdsWithOption(*store, 3, region, OptionId(c, "region", "north")).empty());
  BOOST_TEST(lg::test::IdsWithStatus(*store, 3, StatusId(c, "new")) == Ids({200}), boost::test_tools::per_element());
  BOOST_TEST(lg::test::IdsWithStatus(*store, 3, StatusId(c, "won")) == Ids({100}), boost::test_tools::per_element());
  BOOST_TEST(Str(lg::test::UpdatedEntries(*store, 3)) == (std::vector<std::string>{"1001/200", "2000/100"}),
             boost::test_tools::per_element());

  // Nothing else is left in the index: exactly the entries of the current records.
  std::vector<std::string> expected = LeadRepo::IndexKeysFor(c, updated);
  auto more = LeadRepo::IndexKeysFor(c, two);
  expected.insert(expected.end(), more.begin(), more.end());
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(AllIndexKeys(*store) == Hex(expected), boost::test_tools::per_element());

  // The record itself is the new JSON.
  BOOST_TEST(test::Must(repo.GetJson(core::CampaignId(3), core::LeadId(100))).value_or("") ==
             core::EncodeLead(updated));
  BOOST_TEST(test::Must(repo.GetJson(core::CampaignId(3), core::LeadId(200))).value_or("") == core::EncodeLead(two));
  BOOST_TEST(!test::Must(repo.GetJson(core::CampaignId(3), core::LeadId(300))).has_value());
  BOOST_TEST(!test::Must(repo.GetJson(core::CampaignId(4), core::LeadId(100))).has_value());
}

BOOST_FIXTURE_TEST_CASE(an_update_that_changes_nothing_indexed_keeps_the_index, FreshStore) {
  Campaign c = MakeCampaign(3, {.sources = {"a", "b"}, .statuses = {"new", "won"}});
  Lead lead = MakeLead(c, 5, "new", {{"source", "a"}}, 1000);
  BOOST_REQUIRE(Put(repo, c, lead, nullptr).ok());
  auto before = AllIndexKeys(*store);
  Lead same = lead;
  same.field_values["n"] = "99";
  BOOST_REQUIRE(Put(repo, c, same, &lead).ok());
  BOOST_TEST(AllIndexKeys(*store) == before, boost::test_tools::per_element());
  BOOST_TEST(test::Must(repo.GetJson(core::CampaignId(3), core::LeadId(5))).value_or("") == core::EncodeLead(same));
}

BOOST_AUTO_TEST_CASE(everything_reads_back_identically_after_reopening) {
  lg::test::TempDir dir;
  Campaign a = MakeCampaign(1, {.sources = {"x", "y"}, .statuses = {"open", "closed"}});
  Campaign b = MakeCampaign(2, {.sources = {"x"}, .statuses = {"open"}});
  std::vector<std::pair<Lead, std::string>> batch;
  for (uint64_t id = 1; id <= 20; ++id) {
    Lead l =
        MakeLead(a, id, id % 3 ? "open" : "closed", {{"source", id % 2 ? "x" : "y"}}, static_cast<int64_t>(5000 + id));
    batch.emplace_back(l, core::EncodeLead(l));
  }
  Lead other = MakeLead(b, 21, "open", {{"source", "x"}}, 9000);
  std::map<std::string, std::string> before_json;
  std::vector<std::string> before_index;
  {
    auto db = Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(db.has_value());
    LeadRepo repo(**db);
    BOOST_REQUIRE(repo.PutNew(a, batch).ok());
    BOOST_REQUIRE(Put(repo, b, other, nullptr).ok());
    for (const auto& [lead, json] : batch)
      BOOST_TEST(test::Must(repo.GetJson(core::CampaignId(1), core::LeadId(lead.id))).value_or("") == json);
    before_index = AllIndexKeys(**db);
  }
  auto db = Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  LeadRepo repo(**db);
  BOOST_TEST(AllIndexKeys(**db) == before_index, boost::test_tools::per_element());
  std::set<std::string> expected_index;
  for (const auto& [lead, json] : batch) {
    BOOST_TEST(test::Must(repo.GetJson(core::CampaignId(1), core::LeadId(lead.id))).value_or("") == json);
    auto decoded = core::DecodeLead(json);
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(core::EncodeLead(*decoded) == json);
    for (auto& k : LeadRepo::IndexKeysFor(a, lead)) expected_index.insert(k);
  }
  for (auto& k : LeadRepo::IndexKeysFor(b, other)) expected_index.insert(k);
  BOOST_TEST(AllIndexKeys(**db) == Hex(expected_index), boost::test_tools::per_element());
  BOOST_TEST(test::Must(repo.MaxLeadId(1)) == 20u);
  BOOST_TEST(test::Must(repo.MaxLeadId(2)) == 21u);
  BOOST_TEST(test::Must(repo.MaxLeadId(3)) == 0u);
  BOOST_TEST(lg::test::IdsWithOption(**db, 1, a.FindSelect("source")->id, OptionId(a, "source", "y")) ==
                 Ids({2, 4, 6, 8, 10, 12, 14, 16, 18, 20}),
             boost::test_tools::per_element());
  BOOST_TEST(lg::test::IdsWithStatus(**db, 1, StatusId(a, "closed")) == Ids({3, 6, 9, 12, 15, 18}),
             boost::test_tools::per_element());
  BOOST_TEST(lg::test::IdsWithStatus(**db, 2, StatusId(b, "open")) == Ids({21}), boost::test_tools::per_element());

  // Scans run newest first and stop where asked.
  std::vector<uint64_t> newest_first;
  test::Must(repo.ScanNewestFirst({.campaign_id = 1}, [&](uint64_t id, std::string_view json) {
    BOOST_TEST(json == batch[id - 1].second);
    newest_first.push_back(id);
    return newest_first.size() < 5;
  }));
  BOOST_TEST(newest_first == Ids({20, 19, 18, 17, 16}), boost::test_tools::per_element());
  newest_first.clear();
  test::Must(repo.ScanNewestFirst({.campaign_id = 1, .before_id = 3}, [&](uint64_t id, std::string_view) {
    newest_first.push_back(id);
    return true;
  }));
  BOOST_TEST(newest_first == Ids({2, 1}), boost::test_tools::per_element());
  std::vector<uint64_t> closed_newest_first;
  test::Must(repo.ScanStatusNewestFirst({.campaign_id = 1, .before_id = 15}, StatusId(a, "closed"),
                                        [&](uint64_t id, std::string_view json) {
                                          BOOST_TEST(json == batch[id - 1].second);
                                          closed_newest_first.push_back(id);
                                          return true;
                                        }));
  BOOST_TEST(closed_newest_first == Ids({12, 9, 6, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(random_creates_and_updates_keep_the_index_equal_to_a_model) {
  lg::test::TempDir dir;
  std::vector<Campaign> campaigns{
      MakeCampaign(1, {.sources = {"a", "b", "c"}, .statuses = {"new", "contacted", "won", "lost"}}),
      MakeCampaign(2, {.sources = {"a", "b"}, .statuses = {"open", "closed"}})};
  std::map<std::pair<uint64_t, uint64_t>, Lead> model;  // (campaign, lead) -> current record
  std::mt19937 rng(20260);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto options = [](const Campaign& c, const std::string& select) {
    std::vector<std::string> out;
    for (const auto& o : c.FindSelect(select)->options) out.push_back(o.slug);
    return out;
  };
  auto statuses = [](const Campaign& c) {
    std::vector<std::string> out;
    for (const auto& s : c.statuses) out.push_back(s.slug);
    return out;
  };
  auto random_selects = [&](const Campaign& c) {
    std::map<std::string, std::string> out;
    for (const auto& s : c.selects) {
      if (rng() % 3) out[s.slug] = pick(options(c, s.slug));
    }
    return out;
  };

  // Compares every index read with the model.
  auto check = [&](const Db& db, const LeadRepo& repo, int op) {
    BOOST_TEST_CONTEXT("after op " << op) {
      std::set<std::string> expected;
      for (const auto& [key, lead] : model) {
        const Campaign& c = campaigns[key.first - 1];
        for (auto& k : LeadRepo::IndexKeysFor(c, lead)) expected.insert(k);
        BOOST_TEST(test::Must(repo.GetJson(core::CampaignId(key.first), core::LeadId(key.second))).value_or("") ==
                   core::EncodeLead(lead));
      }
      BOOST_TEST(AllIndexKeys(db) == Hex(expected), boost::test_tools::per_element());
      for (const Campaign& c : campaigns) {
        std::vector<std::pair<int64_t, uint64_t>> updated;
        for (const auto& [key, lead] : model) {
          if (key.first == c.id) updated.emplace_back(lead.updated_at, lead.id);
        }
        std::sort(updated.begin(), updated.end());
        BOOST_TEST(Str(lg::test::UpdatedEntries(db, c.id)) == Str(updated), boost::test_tools::per_element());
        for (const auto& s : c.statuses) {
          std::vector<uint64_t> ids;
          for (const auto& [key, lead] : model) {
            if (key.first == c.id && lead.status == s.slug) ids.push_back(lead.id);
          }
          BOOST_TEST(lg::test::IdsWithStatus(db, c.id, s.id) == ids, boost::test_tools::per_element());
        }
        for (const auto& select : c.selects) {
          for (const auto& o : select.options) {
            std::vector<uint64_t> ids;
            for (const auto& [key, lead] : model) {
              auto it = lead.select_values.find(select.slug);
              if (key.first == c.id && it != lead.select_values.end() && it->second == o.slug) ids.push_back(lead.id);
            }
            BOOST_TEST(lg::test::IdsWithOption(db, c.id, select.id, o.id) == ids, boost::test_tools::per_element());
          }
        }
      }
    }
  };

  uint64_t next_id = 1;
  int64_t clock = 1795860000000;
  size_t creates = 0, updates = 0, reopens = 0;
  std::vector<std::pair<uint64_t, uint64_t>> keys;
  std::unique_ptr<Db> db;
  std::unique_ptr<LeadRepo> repo;
  auto open = [&] {
    repo.reset();
    db.reset();  // closes the store (and its lock) before it is opened again
    auto opened = Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(opened.has_value());
    db = std::move(*opened);
    repo = std::make_unique<LeadRepo>(*db);
  };
  open();
  for (int op = 0; op < 400; ++op) {
    clock += static_cast<int64_t>(rng() % 3);  // equal update times happen too
    if (op % 100 == 99) {
      open();
      ++reopens;
      check(*db, *repo, op);
    }
    if (keys.empty() || rng() % 5 < 2) {
      const Campaign& c = campaigns[rng() % 4 == 0 ? 1 : 0];
      Lead lead = MakeLead(c, next_id++, pick(statuses(c)), random_selects(c), clock);
      BOOST_REQUIRE(Put(*repo, c, lead, nullptr).ok());
      keys.emplace_back(c.id, lead.id);
      model[keys.back()] = lead;
      ++creates;
    } else {
      auto key = keys[rng() % keys.size()];
      const Campaign& c = campaigns[key.first - 1];
      Lead before = model.at(key);
      Lead after = before;
      unsigned what = rng() % 4;
      if (what == 0 || what == 3) after.status = pick(statuses(c));
      if (what == 1 || what == 3) after.select_values = random_selects(c);
      if (what == 2) after.field_values["n"] = std::to_string(op);
      after.updated_at = std::max(before.updated_at, clock);
      BOOST_REQUIRE(Put(*repo, c, after, &before).ok());
      model[key] = after;
      ++updates;
    }
    if (op % 25 == 0) check(*db, *repo, op);
  }
  check(*db, *repo, 400);
  BOOST_TEST_MESSAGE("creates " << creates << ", updates " << updates << ", reopens " << reopens);
  BOOST_TEST(creates > 100u);
  BOOST_TEST(updates > 150u);
  BOOST_TEST(reopens == 4u);
}

BOOST_AUTO_TEST_CASE(reindexing_duplicates_follows_added_and_dropped_rules_over_many_leads) {
  FreshStore f;
  Campaign c = MakeCampaign(4, {.sources = {"a"}, .statuses = {"new"}});
  // More leads than one reindex batch holds, so both passes commit several batches.
  std::vector<std::pair<Lead, std::string>> leads;
  for (uint64_t id = 1; id <= 12000; ++id) {
    Lead lead = MakeLead(c, id, "new", {{"source", "a"}}, 1795860000000);
    leads.emplace_back(lead, core::EncodeLead(lead));
  }
  BOOST_REQUIRE(f.repo.PutNew(c, leads, nullptr).ok());
  const std::vector<std::string> without_rules = AllIndexKeys(*f.store);
  auto duplicate_entries = [&] {
    size_t n = 0;
    const store::KeyRange range =
        store::keys::PrefixRange(store::keys::IndexPrefix(store::keys::IndexKind::kDuplicate, core::CampaignId(c.id)));
    test::Must(f.store->Scan(Cf::kIndex, range, [&](std::string_view, std::string_view) {
      ++n;
      return true;
    }));
    return n;
  };
  BOOST_TEST(duplicate_entries() == 0u);

  c.duplicate_rules = {{"same n", true, {"n"}, 3600, {}, core::DuplicateAction::kFlag}};
  BOOST_REQUIRE(f.repo.ReindexDuplicates(c).ok());
  BOOST_TEST(duplicate_entries() == 12000u);  // one per lead: every lead has a value for n
  size_t candidates = 0;
  const core::DuplicateRule& rule = c.duplicate_rules.front();
  auto seven = core::DuplicateKeys(rule, core::DuplicateValuesUnder(rule, c, leads[6].first));  // lead 7's key
  BOOST_REQUIRE_EQUAL(seven.size(), 1u);
  test::Must(f.repo.ScanDuplicateMatches(c.id, seven.front(), 0, [&](uint64_t id, std::string_view) {
    BOOST_TEST(id % 1000 == 7u);
    ++candidates;
    return true;
  }));
  BOOST_TEST(candidates == 12u);  // ids 7, 1007, ..., 11007

  c.duplicate_rules.clear();
  BOOST_REQUIRE(f.repo.ReindexDuplicates(c).ok());
  BOOST_TEST(duplicate_entries() == 0u);
  BOOST_TEST(AllIndexKeys(*f.store) == without_rules);  // nothing else touched
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lead_repo_test
