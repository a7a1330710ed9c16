#include "store/key_codec.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <tuple>

namespace keys = lg::store::keys;

BOOST_AUTO_TEST_SUITE(key_codec)

BOOST_AUTO_TEST_CASE(lead_key_round_trips) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 1000; ++i) {
    uint64_t c = rng(), l = rng();
    auto parts = keys::DecodeLead(keys::Lead(c, l));
    BOOST_REQUIRE(parts.has_value());
    BOOST_TEST(parts->campaign_id == c);
    BOOST_TEST(parts->lead_id == l);
  }
}

BOOST_AUTO_TEST_CASE(byte_order_is_tuple_order_for_lead_keys) {
  std::mt19937_64 rng(7);
  // Small ranges as well as full ones so equal leading members occur often.
  auto pick = [&](int i) { return i % 2 ? rng() : rng() % 4; };
  for (int i = 0; i < 5000; ++i) {
    uint64_t c1 = pick(i), l1 = pick(i + 1), c2 = pick(i), l2 = pick(i + 1);
    bool tuple_less = std::tie(c1, l1) < std::tie(c2, l2);
    BOOST_TEST((keys::Lead(c1, l1) < keys::Lead(c2, l2)) == tuple_less);
  }
}

// Option and status entries sort by campaign, select/status, value, then newest lead first.
BOOST_AUTO_TEST_CASE(byte_order_of_select_index_keys_is_newest_lead_first) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 5000; ++i) {
    uint64_t c1 = rng() % 3, c2 = rng() % 3, l1 = rng(), l2 = rng();
    uint32_t s1 = rng() % 3, s2 = rng() % 3, o1 = static_cast<uint32_t>(rng()), o2 = static_cast<uint32_t>(rng());
    if (i % 3 == 0) o2 = o1;
    if (i % 5 == 0) std::tie(c2, s2, o2) = std::tie(c1, s1, o1);
    bool tuple_less = std::tie(c1, s1, o1, l2) < std::tie(c2, s2, o2, l1);  // lead ids swapped: descending
    BOOST_TEST((keys::SelectIndex(c1, s1, o1, l1) < keys::SelectIndex(c2, s2, o2, l2)) == tuple_less);
    BOOST_TEST(keys::IndexLeadId(keys::SelectIndex(c1, s1, o1, l1)) == l1);
  }
}

BOOST_AUTO_TEST_CASE(byte_order_of_status_index_keys_is_newest_lead_first) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    uint64_t c1 = rng() % 3, c2 = rng() % 3, l1 = rng(), l2 = rng();
    uint32_t s1 = rng() % 3, s2 = rng() % 3;
    bool tuple_less = std::tie(c1, s1, l2) < std::tie(c2, s2, l1);
    BOOST_TEST((keys::StatusIndex(c1, s1, l1) < keys::StatusIndex(c2, s2, l2)) == tuple_less);
    BOOST_TEST(keys::IndexLeadId(keys::StatusIndex(c1, s1, l1)) == l1);
  }
}

// Memtable insert hints group keys by run: one campaign's leads, one option's or status's entries,
// one campaign's updated-index entries. Keys of a run share the run bytes; other runs do not.
BOOST_AUTO_TEST_CASE(keys_of_one_run_share_their_run_prefix_and_other_runs_differ) {
  auto run = [](const std::string& key, size_t (*length)(std::string_view)) {
    size_t n = length(key);
    BOOST_REQUIRE(n > 0 && n < key.size());
    return key.substr(0, n);
  };
  BOOST_TEST(run(keys::Lead(7, 1), keys::LeadRunLength) == run(keys::Lead(7, 99), keys::LeadRunLength));
  BOOST_TEST(run(keys::Lead(7, 1), keys::LeadRunLength) != run(keys::Lead(8, 1), keys::LeadRunLength));

  const std::string option_run = run(keys::SelectIndex(7, 2, 3, 1), keys::IndexRunLength);
  BOOST_TEST(option_run == run(keys::SelectIndex(7, 2, 3, 500), keys::IndexRunLength));
  BOOST_TEST(option_run != run(keys::SelectIndex(7, 2, 4, 1), keys::IndexRunLength));
  BOOST_TEST(option_run != run(keys::SelectIndex(7, 5, 3, 1), keys::IndexRunLength));
  const std::string status_run = run(keys::StatusIndex(7, 2, 1), keys::IndexRunLength);
  BOOST_TEST(status_run == run(keys::StatusIndex(7, 2, 500), keys::IndexRunLength));
  BOOST_TEST(status_run != run(keys::StatusIndex(7, 3, 1), keys::IndexRunLength));
  BOOST_TEST(status_run != option_run.substr(0, status_run.size()));
  const std::string updated_run = run(keys::UpdatedIndex(7, 1000, 1), keys::IndexRunLength);
  BOOST_TEST(updated_run == run(keys::UpdatedIndex(7, 2000, 2), keys::IndexRunLength));
  BOOST_TEST(updated_run != run(keys::UpdatedIndex(8, 1000, 1), keys::IndexRunLength));
  // Duplicate entries are spread by their rule key: no run, and no hint.
  BOOST_TEST(keys::IndexRunLength(keys::DuplicateIndex(7, std::string(16, 'k'), 1000, 1)) == 0);
  BOOST_TEST(keys::IndexRunLength("") == 0);
  BOOST_TEST(keys::LeadRunLength("short") == 0);
}

// Stores written before the descending layout hold [0x01]/[0x02] entries with the plain id.
BOOST_AUTO_TEST_CASE(legacy_ascending_entries_upgrade_to_the_current_keys) {
  std::string legacy_select(1, keys::kIndexSelectAscending);
  keys::AppendU64(legacy_select, 7);
  keys::AppendU32(legacy_select, 2);
  keys::AppendU32(legacy_select, 3);
  keys::AppendU64(legacy_select, 123456789);
  BOOST_TEST(keys::UpgradedIndexKey(legacy_select).value_or("") == keys::SelectIndex(7, 2, 3, 123456789));
  std::string legacy_status(1, keys::kIndexStatusAscending);
  keys::AppendU64(legacy_status, 7);
  keys::AppendU32(legacy_status, 4);
  keys::AppendU64(legacy_status, 99);
  BOOST_TEST(keys::UpgradedIndexKey(legacy_status).value_or("") == keys::StatusIndex(7, 4, 99));
  BOOST_TEST((legacy_select >= keys::LegacyIndexBegin()));
  BOOST_TEST((legacy_status < keys::LegacyIndexEnd()));
  // Current keys, other kinds and malformed ones are not upgraded.
  BOOST_TEST(!keys::UpgradedIndexKey(keys::SelectIndex(7, 2, 3, 1)).has_value());
  BOOST_TEST(!keys::UpgradedIndexKey(keys::UpdatedIndex(7, 5, 1)).has_value());
  BOOST_TEST(!keys::UpgradedIndexKey(legacy_select.substr(0, 10)).has_value());
  BOOST_TEST((keys::UpdatedIndex(7, 5, 1) >= keys::LegacyIndexEnd()));
}

BOOST_AUTO_TEST_SUITE_END()
