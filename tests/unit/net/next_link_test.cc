// NextPageUrl: every list's next link keeps the request's own parameters and replaces only the
// paging ones, so following it asks the same question again.

#include "net/next_link.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace next_link_test {

using lg::net::HttpRequest;
using lg::net::NextLinkHeader;
using lg::net::NextPageUrl;

BOOST_AUTO_TEST_SUITE(next_link)

BOOST_AUTO_TEST_CASE(the_query_is_kept_and_only_the_paging_parameters_are_replaced) {
  HttpRequest request;
  request.path = "/v2/audit";
  request.query = {{"kind", "campaign_changed,token_created"},
                   {"after", "2026-11-01T00:00:00Z"},
                   {"cursor", "old"},
                   {"limit", "2"},
                   {"page", "3"},
                   {"per_page", "9"}};
  BOOST_TEST(NextPageUrl("http://h:1", request, {{"limit", "2"}, {"cursor", "abc"}}) ==
             "http://h:1/v2/audit?after=2026-11-01T00%3A00%3A00Z&kind=campaign_changed%2Ctoken_created&limit=2&"
             "cursor=abc");
  BOOST_TEST(NextPageUrl("http://h:1", request, {{"page", "4"}, {"per_page", "9"}}) ==
             "http://h:1/v2/audit?after=2026-11-01T00%3A00%3A00Z&kind=campaign_changed%2Ctoken_created&page=4&"
             "per_page=9");
}

BOOST_AUTO_TEST_CASE(names_values_and_repeats_are_sent_back_as_given) {
  HttpRequest request;
  request.path = "/v2/campaigns/1/leads";  // as sent: already percent-encoded
  request.query = {{"status", "new"}, {"status", "won"}, {"a&b", "c=d e"}, {"source", "vendor-\xC3\xA6"}};
  BOOST_TEST(NextPageUrl("https://leads.example.com", request, {{"limit", "50"}, {"cursor", "x/y+z"}}) ==
             "https://leads.example.com/v2/campaigns/1/leads?a%26b=c%3Dd%20e&source=vendor-%C3%A6&status=new&"
             "status=won&limit=50&cursor=x%2Fy%2Bz");
  BOOST_TEST(NextLinkHeader("http://h/x?a=1") == "<http://h/x?a=1>; rel=\"next\"");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace next_link_test
