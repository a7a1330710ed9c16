#include "store/key_codec.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <tuple>

namespace key_codec_test {

namespace keys = lg::store::keys;
using lg::core::CampaignId;
using lg::core::LeadId;
using lg::core::TokenId;

BOOST_AUTO_TEST_SUITE(key_codec)

BOOST_AUTO_TEST_CASE(lead_key_round_trips) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 1000; ++i) {
    uint64_t c = rng(), l = rng();
    auto parts = keys::DecodeLead(keys::Lead(CampaignId(c), LeadId(l)));
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
    BOOST_TEST((keys::Lead(CampaignId(c1), LeadId(l1)) < keys::Lead(CampaignId(c2), LeadId(l2))) == tuple_less);
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
    BOOST_TEST((keys::SelectIndex(CampaignId(c1), s1, o1, LeadId(l1)) <
                keys::SelectIndex(CampaignId(c2), s2, o2, LeadId(l2))) == tuple_less);
    BOOST_TEST(keys::IndexLeadId(keys::SelectIndex(CampaignId(c1), s1, o1, LeadId(l1))) == l1);
  }
}

BOOST_AUTO_TEST_CASE(byte_order_of_status_index_keys_is_newest_lead_first) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    uint64_t c1 = rng() % 3, c2 = rng() % 3, l1 = rng(), l2 = rng();
    uint32_t s1 = rng() % 3, s2 = rng() % 3;
    bool tuple_less = std::tie(c1, s1, l2) < std::tie(c2, s2, l1);
    BOOST_TEST((keys::StatusIndex(CampaignId(c1), s1, LeadId(l1)) <
                keys::StatusIndex(CampaignId(c2), s2, LeadId(l2))) == tuple_less);
    BOOST_TEST(keys::IndexLeadId(keys::StatusIndex(CampaignId(c1), s1, LeadId(l1))) == l1);
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
  BOOST_TEST(run(keys::Lead(CampaignId(7), LeadId(1)), keys::LeadRunLength) ==
             run(keys::Lead(CampaignId(7), LeadId(99)), keys::LeadRunLength));
  BOOST_TEST(run(keys::Lead(CampaignId(7), LeadId(1)), keys::LeadRunLength) !=
             run(keys::Lead(CampaignId(8), LeadId(1)), keys::LeadRunLength));

  const std::string option_run = run(keys::SelectIndex(CampaignId(7), 2, 3, LeadId(1)), keys::IndexRunLength);
  BOOST_TEST(option_run == run(keys::SelectIndex(CampaignId(7), 2, 3, LeadId(500)), keys::IndexRunLength));
  BOOST_TEST(option_run != run(keys::SelectIndex(CampaignId(7), 2, 4, LeadId(1)), keys::IndexRunLength));
  BOOST_TEST(option_run != run(keys::SelectIndex(CampaignId(7), 5, 3, LeadId(1)), keys::IndexRunLength));
  const std::string status_run = run(keys::StatusIndex(CampaignId(7), 2, LeadId(1)), keys::IndexRunLength);
  BOOST_TEST(status_run == run(keys::StatusIndex(CampaignId(7), 2, LeadId(500)), keys::IndexRunLength));
  BOOST_TEST(status_run != run(keys::StatusIndex(CampaignId(7), 3, LeadId(1)), keys::IndexRunLength));
  BOOST_TEST(status_run != option_run.substr(0, status_run.size()));
  const std::string updated_run = run(keys::UpdatedIndex(CampaignId(7), 1000, LeadId(1)), keys::IndexRunLength);
  BOOST_TEST(updated_run == run(keys::UpdatedIndex(CampaignId(7), 2000, LeadId(2)), keys::IndexRunLength));
  BOOST_TEST(updated_run != run(keys::UpdatedIndex(CampaignId(8), 1000, LeadId(1)), keys::IndexRunLength));
  // Duplicate entries are spread by their rule key: no run, and no hint.
  BOOST_TEST(keys::IndexRunLength(keys::DuplicateIndex(CampaignId(7), std::string(16, 'k'), 1000, LeadId(1))) == 0);
  BOOST_TEST(keys::IndexRunLength("") == 0);
  BOOST_TEST(keys::LeadRunLength("short") == 0);
}

// Stores written before the descending layout hold [0x01]/[0x02] entries with the plain id.
BOOST_AUTO_TEST_CASE(legacy_ascending_entries_upgrade_to_the_current_keys) {
  const std::string legacy_select = keys::LegacySelectIndex(CampaignId(7), 2, 3, LeadId(123456789));
  BOOST_TEST(keys::UpgradedIndexKey(legacy_select).value_or("") ==
             keys::SelectIndex(CampaignId(7), 2, 3, LeadId(123456789)));
  const std::string legacy_status = keys::LegacyStatusIndex(CampaignId(7), 4, LeadId(99));
  BOOST_TEST(keys::UpgradedIndexKey(legacy_status).value_or("") == keys::StatusIndex(CampaignId(7), 4, LeadId(99)));
  BOOST_TEST((legacy_select >= keys::LegacyIndexRange().begin));
  BOOST_TEST((legacy_status < keys::LegacyIndexRange().end));
  // Current keys, other kinds and malformed ones are not upgraded.
  BOOST_TEST(!keys::UpgradedIndexKey(keys::SelectIndex(CampaignId(7), 2, 3, LeadId(1))).has_value());
  BOOST_TEST(!keys::UpgradedIndexKey(keys::UpdatedIndex(CampaignId(7), 5, LeadId(1))).has_value());
  BOOST_TEST(!keys::UpgradedIndexKey(legacy_select.substr(0, 10)).has_value());
  BOOST_TEST((keys::UpdatedIndex(CampaignId(7), 5, LeadId(1)) >= keys::LegacyIndexRange().end));
}

// Each decoder gives back what its builder was given, and refuses another family's key.
BOOST_AUTO_TEST_CASE(decoders_return_the_parts_their_builders_took) {
  const std::string rule_key(keys::kRuleKeySize, 'r'), person_key(keys::kPersonKeySize, 'p');
  auto select = keys::DecodeIndex(keys::SelectIndex(CampaignId(7), 2, 3, LeadId(42)));
  BOOST_REQUIRE(select.has_value());
  BOOST_TEST((select->kind == keys::IndexKind::kSelect));
  BOOST_TEST(select->campaign_id == 7u);
  BOOST_TEST(select->select_id == 2u);
  BOOST_TEST(select->value_id == 3u);
  BOOST_TEST(select->lead_id == 42u);
  auto status = keys::DecodeIndex(keys::StatusIndex(CampaignId(7), 4, LeadId(42)));
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(status->value_id == 4u);
  BOOST_TEST(status->lead_id == 42u);
  auto updated = keys::DecodeIndex(keys::OptionUpdatedIndex(CampaignId(7), 2, 3, 1000, LeadId(42)));
  BOOST_REQUIRE(updated.has_value());
  BOOST_TEST(updated->select_id == 2u);
  BOOST_TEST(updated->value_id == 3u);
  BOOST_TEST(updated->time == 1000);
  BOOST_TEST(updated->lead_id == 42u);
  BOOST_TEST(keys::DecodeIndex(keys::UpdatedIndex(CampaignId(7), 1000, LeadId(42))).value().time == 1000);
  const std::string duplicate_key =
      keys::DuplicateIndex(CampaignId(7), rule_key, 1000, LeadId(42));  // the parts point into it
  auto duplicate = keys::DecodeIndex(duplicate_key);
  BOOST_REQUIRE(duplicate.has_value());
  BOOST_TEST(duplicate->hashed == rule_key);
  BOOST_TEST(duplicate->time == 1000);
  const std::string person = keys::PersonIndex(CampaignId(7), person_key, LeadId(42));
  BOOST_TEST(keys::DecodeIndex(person).value().hashed == person_key);
  BOOST_TEST(!keys::DecodeIndex(keys::LegacySelectIndex(CampaignId(7), 2, 3, LeadId(42))).has_value());
  BOOST_TEST(!keys::DecodeIndex(keys::SelectIndex(CampaignId(7), 2, 3, LeadId(42)).substr(0, 20)).has_value());

  BOOST_TEST(keys::DecodeCampaign(keys::Campaign(9)).value_or(0) == 9u);
  BOOST_TEST(keys::DecodeOutbox(keys::Outbox(9)).value_or(0) == 9u);
  BOOST_TEST(keys::DecodeAppliedCommand(keys::AppliedCommand(3, 9)).value().sequence == 9u);
  BOOST_TEST(keys::DecodeTokenLastUsed(keys::TokenLastUsed(9)).value_or(0) == 9u);
  BOOST_TEST(!keys::DecodeTokenLastUsed(keys::TokenById(9)).has_value());
  BOOST_TEST(keys::DecodeAuditEvent(keys::AuditEvent(9)).value_or(0) == 9u);
  BOOST_TEST(keys::DecodeTombstone(keys::Tombstone(CampaignId(7), LeadId(42))).value().lead_id == 42u);
  BOOST_TEST(!keys::DecodeTombstone(keys::TombstoneExpiry(1, CampaignId(7), LeadId(42))).has_value());
  auto event = keys::DecodeLeadEvent(keys::LeadEvent(7, {1000, 42, 2}));
  BOOST_REQUIRE(event.has_value());
  BOOST_TEST(event->campaign_id == 7u);
  BOOST_TEST((event->position == keys::LeadEventPosition{1000, 42, 2}));
  auto by_lead = keys::DecodeLeadEventByLead(keys::LeadEventByLead(7, {1000, 42, 2}));
  BOOST_REQUIRE(by_lead.has_value());
  BOOST_TEST(by_lead->campaign_id == 7u);
  BOOST_TEST((by_lead->position == keys::LeadEventPosition{1000, 42, 2}));
  auto counter = keys::DecodeLeadCounter(keys::LeadCounter({7, 2, 3, 500, 1, 0}));
  BOOST_REQUIRE(counter.has_value());
  BOOST_TEST(counter->option_id == 3u);
  BOOST_TEST(counter->hour == 500u);
  const std::string refusal_key = keys::Refusal(CampaignId(7), TokenId(5), 500, "rate_limited");
  auto refusal = keys::DecodeRefusal(refusal_key);
  BOOST_REQUIRE(refusal.has_value());
  BOOST_TEST(refusal->token_id == 5u);
  BOOST_TEST(refusal->reason == "rate_limited");
}

// A newest-first range holds exactly the entries with ids in [from_id, before_id).
BOOST_AUTO_TEST_CASE(newest_first_ranges_hold_the_ids_asked_for) {
  auto within = [](const lg::store::KeyRange& range, const std::string& key) {
    return key >= range.begin && (range.end.empty() || key < range.end);
  };
  const auto range = keys::SelectIndexRange(CampaignId(7), 2, 3, {10, 20});
  for (uint64_t id : {9, 10, 15, 19, 20, 21}) {
    BOOST_TEST(within(range, keys::SelectIndex(CampaignId(7), 2, 3, LeadId(id))) == (id >= 10 && id < 20), id);
  }
  BOOST_TEST(!within(range, keys::SelectIndex(CampaignId(7), 2, 4, LeadId(15))));
  const auto all = keys::StatusIndexRange(CampaignId(7), 4, {});
  BOOST_TEST(within(all, keys::StatusIndex(CampaignId(7), 4, LeadId(0))));
  BOOST_TEST(within(all, keys::StatusIndex(CampaignId(7), 4, LeadId(UINT64_MAX))));
  BOOST_TEST(!within(all, keys::StatusIndex(CampaignId(7), 5, LeadId(1))));
  const auto none = keys::StatusIndexRange(CampaignId(7), 4, {0, 0});
  BOOST_TEST(!within(none, keys::StatusIndex(CampaignId(7), 4, LeadId(0))));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace key_codec_test
