#include "auth/token_format.h"

#include <boost/test/unit_test.hpp>
#include <set>

namespace token_format_test {

using namespace lg::auth;

BOOST_AUTO_TEST_SUITE(token_format)

BOOST_AUTO_TEST_CASE(generated_tokens_are_valid_prefixed_and_distinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string token = GenerateToken();
    BOOST_TEST(token.size() == kTokenLength);
    BOOST_TEST(token.rfind("lg_", 0) == 0);
    BOOST_TEST(HasValidFormat(token));
    BOOST_TEST(seen.insert(token).second);
  }
}

BOOST_AUTO_TEST_CASE(any_single_character_typo_is_rejected) {
  std::string token = GenerateToken();
  for (size_t i = 3; i < token.size(); ++i) {
    std::string typo = token;
    typo[i] = typo[i] == 'a' ? 'b' : 'a';
    BOOST_TEST(!HasValidFormat(typo), "typo at " << i);
  }
  BOOST_TEST(!HasValidFormat(token.substr(1)));
  BOOST_TEST(!HasValidFormat(token + "x"));
  BOOST_TEST(!HasValidFormat("xx" + token.substr(2)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace token_format_test
