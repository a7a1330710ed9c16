// The `idem` key layout (byte order = tuple order, round trips) and IdempotencyRepo: records
// round-trip, expiry entries come back oldest first below a bound, and deleting an expired entry
// keeps a record that was written again under the same key since.

#include "store/idempotency_repo.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <tuple>

#include "store/key_codec.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace idempotency_repo_test {

namespace keys = lg::store::keys;
using lg::store::IdempotencyRecord;
using lg::store::IdempotencyRepo;

namespace {

std::string Digest(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string d;
  for (size_t i = 0; i < keys::kIdemDigestSize; ++i) d.push_back(static_cast<char>(rng() & 0xff));
  return d;
}

IdempotencyRecord Record(int64_t created_at, const std::string& body) {
  return IdempotencyRecord{created_at, Digest(99), 201, "/v2/campaigns/1/leads/2", body};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(idempotency_keys)

BOOST_AUTO_TEST_CASE(expiry_keys_round_trip_and_sort_by_time_then_token_then_digest) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 3000; ++i) {
    auto t1 = static_cast<int64_t>(rng() % 4), t2 = static_cast<int64_t>(rng() % 4);
    if (i % 2) t1 = static_cast<int64_t>(rng() >> 1), t2 = static_cast<int64_t>(rng() >> 1);
    uint64_t k1 = rng() % 3, k2 = rng() % 3;
    std::string d1 = Digest(rng() % 3), d2 = Digest(rng() % 3);
    std::string a = keys::IdemExpiry(t1, k1, d1), b = keys::IdemExpiry(t2, k2, d2);
    BOOST_TEST((a < b) == (std::tie(t1, k1, d1) < std::tie(t2, k2, d2)));
    auto parts = keys::DecodeIdemExpiry(a);
    BOOST_REQUIRE(parts.has_value());
    BOOST_TEST(parts->created_at == t1);
    BOOST_TEST(parts->token_id == k1);
    BOOST_TEST(parts->digest == d1);
    // The "before" bound splits exactly at the time.
    BOOST_TEST((a < keys::IdemExpiredBefore(t2).end) == (t1 < t2));
  }
  BOOST_TEST(!keys::DecodeIdemExpiry(keys::IdemRecord(1, Digest(1))).has_value());
  BOOST_TEST(keys::IdemRecord(1, Digest(1)).size() == 1u + 8u + keys::kIdemDigestSize);
  BOOST_TEST((keys::IdemRecord(1, Digest(1)) < keys::IdemExpiryPrefix()));  // records sort apart
}

BOOST_AUTO_TEST_CASE(repo_stores_finds_and_sweeps) {
  lg::test::TempDir dir;
  auto db = lg::store::Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(db.has_value());
  IdempotencyRepo repo(**db);
  std::string a = Digest(1), b = Digest(2);
  BOOST_REQUIRE(repo.Put(7, a, Record(1000, R"({"id":1})")).ok());
  BOOST_REQUIRE(repo.Put(7, b, Record(2000, "")).ok());
  BOOST_REQUIRE(repo.Put(8, a, Record(3000, "{}")).ok());

  auto got = lg::test::Must(repo.Get(7, a));
  BOOST_REQUIRE(got.has_value());
  BOOST_TEST(got->created_at == 1000);
  BOOST_TEST(got->fingerprint == Digest(99));
  BOOST_TEST(got->status == 201);
  BOOST_TEST(got->location == "/v2/campaigns/1/leads/2");
  BOOST_TEST(got->body == R"({"id":1})");
  BOOST_TEST(!lg::test::Must(repo.Get(9, a)).has_value());

  auto old = lg::test::Must(repo.CreatedBefore(2001, 100));
  BOOST_REQUIRE_EQUAL(old.size(), 2u);
  BOOST_TEST(old[0].created_at == 1000);
  BOOST_TEST(old[1].created_at == 2000);
  BOOST_TEST(lg::test::Must(repo.CreatedBefore(2001, 1)).size() == 1u);

  // (7, a) was written again since its expiry entry: the sweep removes the old entry only.
  BOOST_REQUIRE(repo.Put(7, a, Record(5000, "new")).ok());
  BOOST_REQUIRE(repo.Delete(old).ok());
  BOOST_REQUIRE(lg::test::Must(repo.Get(7, a)).has_value());
  BOOST_TEST(lg::test::Must(repo.Get(7, a))->body == "new");
  BOOST_TEST(!lg::test::Must(repo.Get(7, b)).has_value());
  BOOST_TEST(lg::test::Must(repo.Get(8, a)).has_value());
  auto left = lg::test::Must(repo.CreatedBefore(10000, 100));
  BOOST_REQUIRE_EQUAL(left.size(), 2u);
  BOOST_TEST(left[0].created_at == 3000);
  BOOST_TEST(left[1].created_at == 5000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace idempotency_repo_test
