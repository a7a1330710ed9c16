#include <boost/test/unit_test.hpp>
#include <random>
#include <tuple>

#include "store/key_codec.h"

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

BOOST_AUTO_TEST_CASE(byte_order_is_tuple_order_for_select_index_keys) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 5000; ++i) {
    uint64_t c1 = rng() % 3, c2 = rng() % 3, l1 = rng(), l2 = rng();
    uint32_t s1 = rng() % 3, s2 = rng() % 3, o1 = static_cast<uint32_t>(rng()), o2 = static_cast<uint32_t>(rng());
    if (i % 3 == 0) o2 = o1;
    bool tuple_less = std::tie(c1, s1, o1, l1) < std::tie(c2, s2, o2, l2);
    BOOST_TEST((keys::SelectIndex(c1, s1, o1, l1) < keys::SelectIndex(c2, s2, o2, l2)) == tuple_less);
    BOOST_TEST(keys::IndexLeadId(keys::SelectIndex(c1, s1, o1, l1)) == l1);
  }
}

BOOST_AUTO_TEST_SUITE_END()
