// Keyed token hashes: HMAC-SHA-256, stable for one key, different under another key.

#include "auth/token_hasher.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auth/token_format.h"
#include "tests/support/text_helpers.h"

namespace token_hasher_test {

using namespace lg::auth;

namespace {

using lg::test::Hex;

}  // namespace

BOOST_AUTO_TEST_SUITE(token_hasher)

BOOST_AUTO_TEST_CASE(is_hmac_sha256) {
  // RFC 4231, test case 2.
  TokenHasher hasher("Jefe");
  BOOST_TEST(Hex(hasher.Hash("what do ya want for nothing?")) ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// Hashers keep a keyed context per thread: hashes stay right when two hashers take turns, when a
// hasher is replaced by one with another key at the same address, and on many threads at once.
BOOST_AUTO_TEST_CASE(stays_hmac_sha256_across_hashers_and_threads) {
  const std::string jefe = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  const std::string hi = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";  // RFC 4231, case 1
  TokenHasher a("Jefe");
  TokenHasher b(std::string(20, '\x0b'));
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(Hex(a.Hash("what do ya want for nothing?")) == jefe);
    BOOST_TEST(Hex(b.Hash("Hi There")) == hi);
  }
  std::optional<TokenHasher> slot;
  slot.emplace("Jefe");
  BOOST_TEST(Hex(slot->Hash("what do ya want for nothing?")) == jefe);
  slot.reset();
  slot.emplace(std::string(20, '\x0b'));  // most likely the same address, another key
  BOOST_TEST(Hex(slot->Hash("Hi There")) == hi);

  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (Hex(a.Hash("what do ya want for nothing?")) != jefe || Hex(b.Hash("Hi There")) != hi) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(same_key_and_secret_give_the_same_32_bytes) {
  TokenHasher a(std::string(32, 'k'));
  TokenHasher b(std::string(32, 'k'));
  std::string token = GenerateToken();
  std::string hash = a.Hash(token);
  BOOST_TEST(hash.size() == 32u);
  BOOST_TEST(a.Hash(token) == hash);
  BOOST_TEST(b.Hash(token) == hash);  // a restart with the same key file finds the same tokens
  BOOST_TEST(hash.find(token) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(another_key_or_another_secret_gives_another_hash) {
  std::string key(32, 'k');
  TokenHasher hasher(key);
  std::string other_key = key;
  other_key[31] = 'j';
  TokenHasher other(other_key);
  std::set<std::string> hashes;
  for (int i = 0; i < 100; ++i) {
    std::string token = GenerateToken();
    std::string hash = hasher.Hash(token);
    BOOST_TEST(other.Hash(token) != hash);
    BOOST_TEST(hashes.insert(hash).second);
  }
  std::string token = GenerateToken();
  std::string changed = token;
  changed[10] = changed[10] == 'a' ? 'b' : 'a';
  BOOST_TEST(hasher.Hash(changed) != hasher.Hash(token));
}

BOOST_AUTO_TEST_CASE(equal_compares_whole_hashes) {
  TokenHasher hasher(std::string(32, 'k'));
  std::string h = hasher.Hash("lg_x");
  BOOST_TEST(TokenHasher::Equal(h, h));
  BOOST_TEST(TokenHasher::Equal(h, std::string(h)));
  BOOST_TEST(TokenHasher::Equal("", ""));
  std::string last = h;
  last.back() ^= 1;
  BOOST_TEST(!TokenHasher::Equal(h, last));
  std::string first = h;
  first.front() ^= 1;
  BOOST_TEST(!TokenHasher::Equal(h, first));
  BOOST_TEST(!TokenHasher::Equal(h, h.substr(0, 31)));
  BOOST_TEST(!TokenHasher::Equal(h.substr(0, 31), h));
  BOOST_TEST(!TokenHasher::Equal(h, ""));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace token_hasher_test
