// ParseRequestTarget: the path (as sent: the router decodes it segment by segment) and the
// percent-decoded query parameters a handler gets from the request line's target, and the targets
// that are not origin-form URLs at all.

#include "net/request_target.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <vector>

namespace request_target_test {

namespace {

using Query = std::multimap<std::string, std::string>;

struct Target {
  bool ok = false;
  std::string path;
  Query query;
};

Target Parse(std::string_view target) {
  Target out;
  out.ok = lg::net::ParseRequestTarget(target, out.path, out.query);
  return out;
}

// The parameters in the order the multimap keeps them (by name, then as sent), as
// "name=value" items.
std::vector<std::string> PairsOf(const Query& query) {
  std::vector<std::string> out;
  for (const auto& [name, value] : query) out.push_back(name + "=" + value);
  return out;
}

using Pairs = std::vector<std::string>;

std::vector<std::string> ValuesOf(const Query& query, const std::string& name) {
  std::vector<std::string> out;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_target)

BOOST_AUTO_TEST_CASE(the_path_comes_as_sent_without_the_query) {
  auto t = Parse("/v2/campaigns/caf%C3%A9%20bar/leads?limit=10");
  BOOST_REQUIRE(t.ok);
  BOOST_TEST(t.path == "/v2/campaigns/caf%C3%A9%20bar/leads");
  BOOST_TEST(PairsOf(t.query) == (Pairs{"limit=10"}), boost::test_tools::per_element());

  auto root = Parse("/");
  BOOST_REQUIRE(root.ok);
  BOOST_TEST(root.path == "/");
  BOOST_TEST(root.query.empty());

  // Decoding it here would turn an encoded slash into a separator ("/v2%2Fleads" into "/v2/leads").
  auto slash = Parse("/v2%2Fleads/a+b");
  BOOST_REQUIRE(slash.ok);
  BOOST_TEST(slash.path == "/v2%2Fleads/a+b");
}

BOOST_AUTO_TEST_CASE(query_names_and_values_come_percent_decoded) {
  auto t = Parse("/v2/leads?q=Ann%20Lee&na%6De=%C3%A9t%C3%A9&expr=a%26b%3Dc&plus=1%2B1&space=a+b");
  BOOST_REQUIRE(t.ok);
  BOOST_TEST(t.path == "/v2/leads");
  BOOST_TEST(PairsOf(t.query) == (Pairs{"expr=a&b=c", "name=été", "plus=1+1", "q=Ann Lee", "space=a b"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(repeated_parameters_are_all_kept_in_the_order_sent) {
  auto t = Parse("/v2/leads?status=new&limit=5&status=won&status=lost");
  BOOST_REQUIRE(t.ok);
  BOOST_TEST(t.query.size() == 4u);
  BOOST_TEST(ValuesOf(t.query, "status") == (std::vector<std::string>{"new", "won", "lost"}),
             boost::test_tools::per_element());
  BOOST_TEST(ValuesOf(t.query, "limit") == (std::vector<std::string>{"5"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(empty_query_pieces_send_nothing) {
  for (const char* target : {"/v2/leads?", "/v2/leads?&", "/v2/leads?&&&", "/v2/leads"}) {
    BOOST_TEST_CONTEXT(target) {
      auto t = Parse(target);
      BOOST_REQUIRE(t.ok);
      BOOST_TEST(t.path == "/v2/leads");
      BOOST_TEST(t.query.empty());
    }
  }
  auto t = Parse("/v2/leads?a=1&&b=2&");
  BOOST_REQUIRE(t.ok);
  BOOST_TEST(PairsOf(t.query) == (Pairs{"a=1", "b=2"}), boost::test_tools::per_element());

  // A name sent without '=' or with an empty value is something: an empty value.
  auto flags = Parse("/v2/leads?verbose&name=");
  BOOST_REQUIRE(flags.ok);
  BOOST_TEST(PairsOf(flags.query) == (Pairs{"name=", "verbose="}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(targets_that_are_not_origin_form_urls_are_rejected) {
  for (const char* target :
       {"", "*", "v2/leads", "http://example.com/v2/leads", "example.com:80", "/a b", "/v2/%zz", "/v2/%4", "/v2/leads%",
        "/v2/leads?q=%g1", "/v2/leads#top", "/v2/leads?q=1#x", "/v2/\"leads\"", "/v2/<leads>", "/v2/le\\ads"}) {
    BOOST_TEST_CONTEXT("target '" << target << "'") {
      std::string path;
      Query query;
      BOOST_TEST(!lg::net::ParseRequestTarget(target, path, query));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace request_target_test
