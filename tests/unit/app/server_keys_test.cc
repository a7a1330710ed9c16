#include "app/server_keys.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace server_keys_test {

using lg::app::ServerKeys;

BOOST_AUTO_TEST_SUITE(server_keys)

BOOST_AUTO_TEST_CASE(created_owner_only_and_read_back_the_same) {
  lg::test::TempDir dir;
  std::string path = dir.Sub("secret.key");
  auto created = ServerKeys::LoadOrCreate(path);
  BOOST_REQUIRE(created.has_value());
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(std::filesystem::file_size(path) == 64u);
  BOOST_TEST(created->hash_key.size() == 32u);
  BOOST_TEST(created->hash_key != created->encryption_key);
  auto again = ServerKeys::LoadOrCreate(path);
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->hash_key == created->hash_key);
  BOOST_TEST(again->encryption_key == created->encryption_key);
}

BOOST_AUTO_TEST_CASE(a_damaged_key_file_is_an_error_not_replaced) {
  lg::test::TempDir dir;
  std::string path = dir.Sub("secret.key");
  std::ofstream(path) << "short";
  auto keys = ServerKeys::LoadOrCreate(path);
  BOOST_TEST(!keys.has_value());
  BOOST_TEST(std::filesystem::file_size(path) == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace server_keys_test
