#include "auth/secret_box.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "auth/server_keys.h"
#include "tests/support/temp_dir.h"

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

BOOST_AUTO_TEST_SUITE(server_keys)

BOOST_AUTO_TEST_CASE(created_owner_only_and_read_back_the_same) {
  lg::test::TempDir dir;
  std::string path = dir.Sub("secret.key");
  auto created = ServerKeys::LoadOrCreate(path);
  BOOST_REQUIRE(created.ok());
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(std::filesystem::file_size(path) == 64u);
  BOOST_TEST(created->hash_key.size() == 32u);
  BOOST_TEST(created->hash_key != created->encryption_key);
  auto again = ServerKeys::LoadOrCreate(path);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->hash_key == created->hash_key);
  BOOST_TEST(again->encryption_key == created->encryption_key);
}

BOOST_AUTO_TEST_CASE(a_damaged_key_file_is_an_error_not_replaced) {
  lg::test::TempDir dir;
  std::string path = dir.Sub("secret.key");
  std::ofstream(path) << "short";
  auto keys = ServerKeys::LoadOrCreate(path);
  BOOST_TEST(!keys.ok());
  BOOST_TEST(std::filesystem::file_size(path) == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
