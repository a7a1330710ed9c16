// IsBulkCreate: which requests get the bulk body limit — POST /v2/campaigns/{id}/leads/bulk with
// exactly one path segment as the campaign id, and nothing else; the path read as the router reads
// it (as sent, segments decoded after splitting).

#include "net/bulk_create_handler.h"

#include <boost/test/unit_test.hpp>

using lg::net::IsBulkCreate;

BOOST_AUTO_TEST_SUITE(is_bulk_create)

BOOST_AUTO_TEST_CASE(a_post_to_a_campaigns_bulk_endpoint_is_a_bulk_create) {
  for (const char* path : {"/v2/campaigns/1/leads/bulk", "/v2/campaigns/18446744073709551615/leads/bulk",
                           "/v2/campaigns/abc/leads/bulk", "/v2/campaigns/caf%C3%A9%20bar/leads/bulk",
                           "/v2/c%61mpaigns/1/le%61ds/bulk", "/v2/campaigns/1%2F2/leads/bulk"}) {
    BOOST_TEST_CONTEXT(path) { BOOST_TEST(IsBulkCreate("POST", path)); }
  }
}

BOOST_AUTO_TEST_CASE(other_methods_on_the_bulk_endpoint_are_not) {
  for (const char* method : {"GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "post", "Post", ""}) {
    BOOST_TEST_CONTEXT(method) { BOOST_TEST(!IsBulkCreate(method, "/v2/campaigns/1/leads/bulk")); }
  }
}

BOOST_AUTO_TEST_CASE(paths_without_exactly_one_segment_as_the_id_are_not) {
  for (const char* path : {"/v2/campaigns//leads/bulk", "/v2/campaigns/leads/bulk", "/v2/campaigns/1/2/leads/bulk",
                           "/v2/campaigns/1/leads/bulk/", "/v2/campaigns/1/leads/bulk/x", "/v2/campaigns/1/leads",
                           "/v2/campaigns/1/leads/bulkx", "/v2/campaigns/1/leadsbulk", "/v2/leads/bulk", "/leads/bulk",
                           "/v1/campaigns/1/leads/bulk", "/x/v2/campaigns/1/leads/bulk", "v2/campaigns/1/leads/bulk",
                           "/v2/campaigns/1/leads/BULK", "/v2/campaigns/", "", "/"}) {
    BOOST_TEST_CONTEXT("'" << path << "'") { BOOST_TEST(!IsBulkCreate("POST", path)); }
  }
  // An encoded slash is no separator, just as the router reads it.
  for (const char* path : {"/v2/campaigns/1/leads%2Fbulk", "/v2%2Fcampaigns/1/leads/bulk",
                           "/v2/campaigns/1/leads/bulk%2F", "/v2/campaigns/%zz/leads/bulk"}) {
    BOOST_TEST_CONTEXT("'" << path << "'") { BOOST_TEST(!IsBulkCreate("POST", path)); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
