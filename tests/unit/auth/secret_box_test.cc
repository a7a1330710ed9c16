#include "auth/secret_box.h"

#include <boost/test/unit_test.hpp>

namespace secret_box_test {

using namespace lg::auth;

BOOST_AUTO_TEST_SUITE(secret_box)

BOOST_AUTO_TEST_CASE(seal_then_open_round_trips_and_hides_the_plaintext) {
  SecretBox box(std::string(32, 'k'));
  std::string secret = "lg_ThisIsASecretTokenValue";
  std::string sealed = box.Seal(secret, "token 7");
  BOOST_TEST(sealed.find(secret) == std::string::npos);
  BOOST_TEST(sealed.size() == secret.size() + 28);
  auto opened = box.Open(sealed, "token 7");
  BOOST_REQUIRE(opened.has_value());
  BOOST_TEST(*opened == secret);
  // Fresh nonce every time.
  BOOST_TEST(box.Seal(secret, "token 7") != sealed);
}

BOOST_AUTO_TEST_CASE(tampering_another_key_or_another_context_fails_to_open) {
  SecretBox box(std::string(32, 'k'));
  std::string sealed = box.Seal("secret", "token 7");
  BOOST_TEST(!box.Open(sealed, "token 8").has_value());
  BOOST_TEST(!SecretBox(std::string(32, 'j')).Open(sealed, "token 7").has_value());
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] ^= 0x01;
    BOOST_TEST(!box.Open(bad, "token 7").has_value(), "flip at " << i);
  }
  BOOST_TEST(!box.Open(sealed.substr(0, 20), "token 7").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secret_box_test
