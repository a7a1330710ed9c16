#include <boost/test/unit_test.hpp>

#include "tests/support/api_fixture.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace smoke_test {

using namespace lg::test;

BOOST_AUTO_TEST_SUITE(smoke)

BOOST_FIXTURE_TEST_CASE(livez_answers_and_campaigns_need_a_token, ApiFixture) {
  BOOST_TEST(client.Request("GET", "/livez").status == 200);
  BOOST_TEST(client.Request("GET", "/v2/campaigns").status == 401);
  BOOST_TEST(client.Request("GET", "/v2/campaigns", "", server.admin_token()).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace smoke_test
