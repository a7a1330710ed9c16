#include <boost/test/unit_test.hpp>

#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

using namespace lg::test;

BOOST_AUTO_TEST_SUITE(smoke)

BOOST_AUTO_TEST_CASE(livez_answers_and_campaigns_need_a_token) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  auto client = server.Client();
  BOOST_TEST(client.Request("GET", "/livez").status == 200);
  BOOST_TEST(client.Request("GET", "/v2/campaigns").status == 401);
  BOOST_TEST(client.Request("GET", "/v2/campaigns", "", server.admin_token()).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
