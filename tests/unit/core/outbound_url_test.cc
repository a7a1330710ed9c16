// A webhook endpoint's URL (core/outbound_url.h): the accepted forms and what is read from them
// (scheme, lower-cased host or canonical literal, port, target, Host header), and every refusal
// with the rule it names, its detail carrying no part of the URL.

#include "core/outbound_url.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/support/must.h"

namespace outbound_url_test {

using lg::core::ErrorKind;
using lg::core::OutboundUrl;
using lg::core::ParseOutboundUrl;
using lg::test::Must;
using namespace std::string_literals;

namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// The detail of the refusal of `text`, after checking it is a BadRequest "bad_url" that names
// no part of the URL.
std::string Refusal(std::string_view text) {
  auto url = ParseOutboundUrl(text);
  BOOST_REQUIRE_MESSAGE(!url.has_value(), "accepted: " << text);
  BOOST_TEST(url.error().code() == "bad_url");
  BOOST_TEST((url.error().kind() == ErrorKind::kMalformed));
  const std::string& detail = url.error().detail();
  BOOST_TEST(detail.starts_with("the URL "), detail);
  for (std::string_view part : {"secret", "example", "hook", "8a", "65536", "eth0", "127.1", "0x7f"}) {
    BOOST_TEST(!Contains(detail, part), detail);
  }
  return detail;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbound_url)

BOOST_AUTO_TEST_CASE(a_host_name_url_is_read_with_its_defaults) {
  OutboundUrl url = Must(ParseOutboundUrl("https://example.com/hooks/lead?x=1&y=%20z"));
  BOOST_TEST(url.https);
  BOOST_TEST(url.host == "example.com");
  BOOST_TEST(!url.literal.has_value());
  BOOST_TEST(url.port == 443);
  BOOST_TEST(url.target == "/hooks/lead?x=1&y=%20z");
  BOOST_TEST(url.host_header == "example.com");

  OutboundUrl plain = Must(ParseOutboundUrl("http://example.com"));
  BOOST_TEST(!plain.https);
  BOOST_TEST(plain.port == 80);
  BOOST_TEST(plain.target == "/");
  BOOST_TEST(plain.host_header == "example.com");
}

BOOST_AUTO_TEST_CASE(scheme_and_host_are_case_insensitive_and_lower_cased) {
  OutboundUrl url = Must(ParseOutboundUrl("HTTPS://LOCALHOST/Path/KEEPS/Case"));
  BOOST_TEST(url.https);
  BOOST_TEST(url.host == "localhost");
  BOOST_TEST(url.host_header == "localhost");
  BOOST_TEST(url.target == "/Path/KEEPS/Case");
  BOOST_TEST(!Must(ParseOutboundUrl("hTtP://Example.COM/")).https);
  BOOST_TEST(Must(ParseOutboundUrl("hTtP://Example.COM/")).host == "example.com");
}

BOOST_AUTO_TEST_CASE(a_port_other_than_the_default_goes_into_the_host_header) {
  struct Case {
    std::string text;
    uint16_t port;
    std::string host_header;
  };
  const std::vector<Case> cases = {
      {"https://example.com:8443/hook", 8443, "example.com:8443"},
      {"https://example.com:443/hook", 443, "example.com"},
      {"http://example.com:80/hook", 80, "example.com"},
      {"http://example.com:443/hook", 443, "example.com:443"},
      {"https://example.com:80/hook", 80, "example.com:80"},
      {"https://example.com:1/", 1, "example.com:1"},
      {"https://example.com:65535/", 65535, "example.com:65535"},
      {"https://example.com:08443/", 8443, "example.com:8443"},  // up to 5 digits, zeros included
      {"https://10.0.0.1:8080/", 8080, "10.0.0.1:8080"},
      {"https://[2001:DB8::1]:8443/p", 8443, "[2001:db8::1]:8443"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      OutboundUrl url = Must(ParseOutboundUrl(c.text));
      BOOST_TEST(url.port == c.port);
      BOOST_TEST(url.host_header == c.host_header);
    }
  }
}

BOOST_AUTO_TEST_CASE(address_literals_are_kept_as_addresses_in_canonical_form) {
  OutboundUrl v4 = Must(ParseOutboundUrl("https://127.0.0.1?x=1"));
  BOOST_REQUIRE(v4.literal.has_value());
  BOOST_TEST(v4.literal->is_v4());
  BOOST_TEST(v4.host == "127.0.0.1");
  BOOST_TEST(v4.host_header == "127.0.0.1");
  BOOST_TEST(v4.target == "/?x=1");

  OutboundUrl v6 = Must(ParseOutboundUrl("https://[::1]"));
  BOOST_REQUIRE(v6.literal.has_value());
  BOOST_TEST(!v6.literal->is_v4());
  BOOST_TEST(v6.host == "::1");  // no brackets
  BOOST_TEST(v6.host_header == "[::1]");
  BOOST_TEST(v6.target == "/");

  OutboundUrl mapped = Must(ParseOutboundUrl("http://[0:0:0:0:0:FFFF:7F00:1]:9/hook"));
  BOOST_TEST(mapped.host == "::ffff:127.0.0.1");
  BOOST_TEST(mapped.host_header == "[::ffff:127.0.0.1]:9");
}

BOOST_AUTO_TEST_CASE(the_target_is_the_path_and_query_as_given_and_the_fragment_is_dropped) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://example.com", "/"},
      {"https://example.com/", "/"},
      {"https://example.com?x=1", "/?x=1"},
      {"https://example.com/a/b?c=d&e=%2F", "/a/b?c=d&e=%2F"},
      {"https://example.com/a/../b//c", "/a/../b//c"},
      {"https://example.com/p@x", "/p@x"},  // '@' after the authority is no user info
      {"https://example.com/a?b=c:d", "/a?b=c:d"},
      {"https://example.com/a|b?c={d}&e=%zz", "/a|b?c={d}&e=%zz"},  // not RFC 3986, sent as given
      {"https://[::1]/#frag", "/"},
      {"https://example.com/a#frag", "/a"},
      {"https://example.com#frag", "/"},
      {"https://example.com/a#frag with blanks and \xc3\xa9", "/a"},  // dropped before the byte check
  };
  for (const auto& [text, target] : cases) {
    BOOST_TEST_CONTEXT(text) { BOOST_TEST(Must(ParseOutboundUrl(text)).target == target); }
  }
}

BOOST_AUTO_TEST_CASE(host_names_accept_letters_digits_dashes_and_underscores_within_limits) {
  const std::string label63(63, 'a');
  const std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  BOOST_REQUIRE_EQUAL(name253.size(), 253U);
  const std::vector<std::string> accepted = {
      "https://my_host-1.example/", "https://localhost/",   "https://a/",
      "https://1example.com/",      "https://host.123abc/", "https://" + label63 + ".com/",
      "https://" + name253 + "/"};
  for (const auto& text : accepted) {
    BOOST_TEST_CONTEXT(text) { BOOST_TEST(ParseOutboundUrl(text).has_value()); }
  }
  BOOST_TEST(Must(ParseOutboundUrl("https://" + name253 + "/")).host == name253);
}

// Boost.URL 1.81 alone refuses these (boostorg/url#770): an IPv4 address is no whole host here.
BOOST_AUTO_TEST_CASE(a_host_name_may_start_like_an_ipv4_address) {
  OutboundUrl nip = Must(ParseOutboundUrl("https://10.0.0.1.nip.io:8443/hook"));
  BOOST_TEST(!nip.literal.has_value());
  BOOST_TEST(nip.host == "10.0.0.1.nip.io");
  BOOST_TEST(nip.host_header == "10.0.0.1.nip.io:8443");
  BOOST_TEST(Must(ParseOutboundUrl("https://127.0.0.1.org/")).host == "127.0.0.1.org");
  BOOST_TEST(Must(ParseOutboundUrl("https://1.2.3.4a/")).host == "1.2.3.4a");
  BOOST_TEST(Refusal("https://10.0.0.1.nip.io:8a/hook") == "the URL has an invalid port");
  BOOST_TEST(Refusal("https://1.2.3.4::1/hook") == "the URL has an invalid port");
  BOOST_TEST(Refusal("https://1.2.3.4.5/hook") ==
             "the URL has a host that reads as a number but is not a plain IPv4 address");
}

BOOST_AUTO_TEST_CASE(refusals_name_the_rule_broken) {
  struct Case {
    std::string text;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"", "is not scheme://host/path"},
      {"example.com/hook", "is not scheme://host/path"},
      {"https:/example.com/hook", "is not scheme://host/path"},
      {"ftp://example.com/hook", "has a scheme other than https and http"},
      {"wss://example.com/hook", "has a scheme other than https and http"},
      {"://example.com/hook", "has a scheme other than https and http"},
      {"https://", "has no host"},
      {"https:///hook", "has no host"},
      {"https://?x=1", "has no host"},
      {"https://:8443/hook", "has no host"},
      {"https://user:token-secret@example.com/hook", "carries user info"},
      {"https://@example.com/hook", "carries user info"},
      {"https://example.com:0/hook", "has an invalid port"},
      {"https://example.com:65536/hook", "has an invalid port"},
      {"https://example.com:123456/hook", "has an invalid port"},
      {"https://example.com:99999/hook", "has an invalid port"},  // Boost.URL's own number wraps
      {"https://example.com:/hook", "has an invalid port"},
      {"https://example.com:8a/hook", "has an invalid port"},
      {"https://example.com:+80/hook", "has an invalid port"},
      {"https://example.com:-1/hook", "has an invalid port"},
      {"https://example.com:80:80/hook", "has an invalid port"},
      {"https://[::1]:/hook", "has an invalid port"},
      {"https://[::1/hook", "has an unclosed ["},
      {"https://[::1]8443/hook", "has something other than a port after the IPv6 address"},
      {"https://[::1]]/hook", "has something other than a port after the IPv6 address"},
      {"https://[127.0.0.1]/hook", "has an invalid IPv6 address"},
      {"https://[fe80::1%25eth0]/hook", "has an invalid IPv6 address"},
      {"https://[example.com]/hook", "has an invalid IPv6 address"},
      {"https://[]/hook", "has an invalid IPv6 address"},
      {"https://[v1.example]/hook", "has an invalid IPv6 address"},  // RFC 3986's IPvFuture
      {"https://exa mple.com/hook", "has a blank, a control character or a non-ASCII byte"},
      {"https://example.com/ho ok?token=query-secret", "has a blank, a control character or a non-ASCII byte"},
      {"https://example.com/hook?token=secret\t", "has a blank, a control character or a non-ASCII byte"},
      {"https://example.com/\xc3\xa9", "has a blank, a control character or a non-ASCII byte"},
      {"https://example.com/\x7f", "has a blank, a control character or a non-ASCII byte"},
      {"https://example.com/hook\0"s, "has a blank, a control character or a non-ASCII byte"},
      {"https://-.com:443/\r\n", "has a blank, a control character or a non-ASCII byte"},
      {" https://example.com/hook", "has a blank, a control character or a non-ASCII byte"},
      {"https://example..com/hook", "has an invalid host name"},
      {"https://.example.com/hook", "has an invalid host name"},
      {"https://example.com./hook", "has an invalid host name"},
      {"https://example.com!/hook", "has an invalid host name"},
      {"https://ex%41mple.com/hook", "has an invalid host name"},
      {"https://" + std::string(64, 'a') + ".com/hook", "has an invalid host name"},
      {"https://" + std::string(254, 'a') + "/hook", "has a host name longer than 253 characters"},
      {"https://127.1/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://0x7f.0.0.1/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://0x7f000001/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://0X7F000001/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://2130706433/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://1.2.3.04/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://0127.0.0.1/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://256.0.0.1/hook", "has a host that reads as a number but is not a plain IPv4 address"},
      {"https://example.123/hook", "has a host that reads as a number but is not a plain IPv4 address"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) { BOOST_TEST(Refusal(c.text) == "the URL " + c.why); }
  }
}

BOOST_AUTO_TEST_CASE(an_unbracketed_ipv6_address_is_refused) {
  // The host ends at the first ':', so "::1" leaves none and "fe80::1" a name with a bad port.
  BOOST_TEST(Refusal("https://::1/hook") == "the URL has no host");
  BOOST_TEST(Refusal("https://fe80::1/hook") == "the URL has an invalid port");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace outbound_url_test
