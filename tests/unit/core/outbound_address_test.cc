// The webhook outbound-address policy: addresses parse only in their strict textual forms, every
// special-purpose range is refused with its reason up to its edges (the first and last address
// inside, the first outside on each side), IPv6 forms that embed an IPv4 address are judged by
// that address, and `webhooks.allowed_networks` parses strictly and allows exactly its networks.

#include "core/outbound_address.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace outbound_address_test {

using lg::core::ErrorKind;
using lg::core::IpAddress;
using lg::core::Network;
using lg::core::ParseNetworks;
using lg::core::WhyNotPublic;
using lg::core::WhyRefused;

namespace {

IpAddress Ip(std::string_view text) {
  std::optional<IpAddress> address = IpAddress::Parse(text);
  BOOST_REQUIRE_MESSAGE(address.has_value(), "does not parse: " << text);
  return *address;
}

// WhyNotPublic's reason, or "public".
std::string Why(std::string_view text) { return std::string(WhyNotPublic(Ip(text)).value_or("public")); }

std::vector<Network> Allowed(std::string_view list) {
  auto networks = ParseNetworks(list);
  BOOST_REQUIRE_MESSAGE(networks.has_value(), list << ": " << (networks ? "" : networks.error().detail()));
  return *networks;
}

// WhyRefused's reason under `allowed`, or "allowed".
std::string Refusal(std::string_view text, const std::vector<Network>& allowed) {
  return std::string(WhyRefused(Ip(text), allowed).value_or("allowed"));
}

void CheckReasons(const std::vector<std::pair<std::string_view, std::string_view>>& cases) {
  for (const auto& [address, reason] : cases) BOOST_TEST(Why(address) == reason, address);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbound_address)

BOOST_AUTO_TEST_CASE(parse_accepts_ipv4_ipv6_and_bracketed_ipv6) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases{
      {"1.2.3.4", "1.2.3.4"},
      {"0.0.0.0", "0.0.0.0"},
      {"255.255.255.255", "255.255.255.255"},
      {"::", "::"},
      {"::1", "::1"},
      {"[::1]", "::1"},
      {"[2001:db8::1]", "2001:db8::1"},
      {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
      {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
      {"fe80::1", "fe80::1"},
  };
  for (const auto& [text, canonical] : cases) {
    std::optional<IpAddress> address = IpAddress::Parse(text);
    BOOST_TEST_REQUIRE(address.has_value(), text);
    BOOST_TEST(address->ToString() == canonical, text);
  }
  BOOST_TEST(Ip("1.2.3.4").is_v4());
  BOOST_TEST(Ip("1.2.3.4").bytes().size() == 4U);
  BOOST_TEST(!Ip("::ffff:1.2.3.4").is_v4());
  BOOST_TEST(Ip("::ffff:1.2.3.4").bytes().size() == 16U);
  BOOST_TEST((Ip("::ffff:1.2.3.4") != Ip("1.2.3.4")));
}

BOOST_AUTO_TEST_CASE(parse_refuses_names_zone_ids_and_loose_ipv4_forms) {
  for (std::string_view text : {"",
                                "localhost",
                                "example.com",
                                "1.2.3",
                                "127.1",
                                "1.2.3.4.5",
                                "256.0.0.1",
                                "0127.0.0.1",
                                "01.2.3.4",
                                "1.2.3.04",
                                "0x7f.0.0.1",
                                "0x7f000001",
                                "2130706433",
                                "017700000001",
                                " 1.2.3.4",
                                "1.2.3.4 ",
                                "1.2.3.4:80",
                                "1.2.3.4/32",
                                "[1.2.3.4]",
                                "[::1",
                                "::1]",
                                "[]",
                                "[[::1]]",
                                "[::1]:80",
                                "fe80::1%eth0",
                                "fe80::1%25eth0",
                                "[fe80::1%eth0]",
                                "fe80::1%1",
                                "::ffff:1.2.3.04",
                                "1::2::3",
                                ":::",
                                "12345::1",
                                "::g"}) {
    BOOST_TEST(!IpAddress::Parse(text).has_value(), '"' << text << '"');
  }
  // inet_pton reads up to a NUL; the text does not end there.
  BOOST_TEST(!IpAddress::Parse(std::string_view("1.2.3.4\0.5", 10)).has_value());
  BOOST_TEST(!IpAddress::Parse(std::string_view("::1\0", 4)).has_value());
}

BOOST_AUTO_TEST_CASE(resolver_bytes_make_the_same_address_as_its_text) {
  BOOST_TEST((IpAddress::V4({10, 0, 0, 1}) == Ip("10.0.0.1")));
  BOOST_TEST((IpAddress::V6({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}) == Ip("fe80::1")));
  const IpAddress address = Ip("192.0.2.33");
  BOOST_TEST(
      std::vector<uint8_t>(address.bytes().begin(), address.bytes().end()) == (std::vector<uint8_t>{192, 0, 2, 33}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ipv4_special_ranges_at_their_edges) {
  CheckReasons({
      {"0.0.0.0", "unspecified"},
      {"0.255.255.255", "unspecified"},
      {"1.0.0.0", "public"},
      {"9.255.255.255", "public"},
      {"10.0.0.0", "private"},
      {"10.255.255.255", "private"},
      {"11.0.0.0", "public"},
      {"100.63.255.255", "public"},
      {"100.64.0.0", "cgnat"},
      {"100.127.255.255", "cgnat"},
      {"100.128.0.0", "public"},
      {"126.255.255.255", "public"},
      {"127.0.0.0", "loopback"},
      {"127.0.0.1", "loopback"},
      {"127.255.255.255", "loopback"},
      {"128.0.0.0", "public"},
      {"169.253.255.255", "public"},
      {"169.254.0.0", "link_local"},
      {"169.254.255.255", "link_local"},
      {"169.255.0.0", "public"},
      {"172.15.255.255", "public"},
      {"172.16.0.0", "private"},
      {"172.31.255.255", "private"},
      {"172.32.0.0", "public"},
      {"191.255.255.255", "public"},
      {"192.0.0.0", "reserved"},
      {"192.0.0.255", "reserved"},
      {"192.0.1.0", "public"},
      {"192.0.1.255", "public"},
      {"192.0.2.0", "reserved"},
      {"192.0.2.255", "reserved"},
      {"192.0.3.0", "public"},
      {"192.167.255.255", "public"},
      {"192.168.0.0", "private"},
      {"192.168.255.255", "private"},
      {"192.169.0.0", "public"},
      {"198.17.255.255", "public"},
      {"198.18.0.0", "reserved"},
      {"198.19.255.255", "reserved"},
      {"198.20.0.0", "public"},
      {"198.51.99.255", "public"},
      {"198.51.100.0", "reserved"},
      {"198.51.100.255", "reserved"},
      {"198.51.101.0", "public"},
      {"203.0.112.255", "public"},
      {"203.0.113.0", "reserved"},
      {"203.0.113.255", "reserved"},
      {"203.0.114.0", "public"},
      {"223.255.255.255", "public"},
      {"224.0.0.0", "multicast"},
      {"239.255.255.255", "multicast"},
      {"240.0.0.0", "reserved"},
      {"255.255.255.254", "reserved"},
      {"255.255.255.255", "broadcast"},
      {"8.8.8.8", "public"},
      {"1.1.1.1", "public"},
      {"93.184.216.34", "public"},
  });
}

BOOST_AUTO_TEST_CASE(cloud_metadata_is_named_before_link_local_and_unique_local) {
  CheckReasons({
      {"169.254.169.253", "link_local"},
      {"169.254.169.254", "metadata"},
      {"169.254.169.255", "link_local"},
      {"fd00:ec2::253", "unique_local"},
      {"fd00:ec2::254", "metadata"},
      {"fd00:ec2::255", "unique_local"},
  });
}

BOOST_AUTO_TEST_CASE(ipv6_special_ranges_at_their_edges) {
  CheckReasons({
      {"::", "unspecified"},
      {"::1", "loopback"},
      // Outside global unicast 2000::/3 and no more precise reason.
      {"::1:0:0:0", "reserved"},
      {"::fffe:ffff:ffff", "reserved"},
      {"100::1", "reserved"},
      {"1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"2000::", "public"},
      {"3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "public"},
      {"4000::", "reserved"},
      // Unique local fc00::/7.
      {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"fc00::", "unique_local"},
      {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique_local"},
      {"fe00::", "reserved"},
      // Link local fe80::/10; fec0::/10 (site local, deprecated) after it.
      {"fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"fe80::", "link_local"},
      {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link_local"},
      {"fec0::", "reserved"},
      // Multicast ff00::/8.
      {"feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"ff00::", "multicast"},
      {"ff02::1", "multicast"},
      {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "multicast"},
      // Teredo 2001::/32.
      {"2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "public"},
      {"2001::", "reserved"},
      {"2001:0:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"2001:1::", "public"},
      // Benchmarking 2001:2::/48.
      {"2001:1:ffff:ffff:ffff:ffff:ffff:ffff", "public"},
      {"2001:2::", "reserved"},
      {"2001:2:0:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"2001:2:1::", "public"},
      // Documentation 2001:db8::/32 and 3fff::/20.
      {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "public"},
      {"2001:db8::", "reserved"},
      {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"2001:db9::", "public"},
      {"3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "public"},
      {"3fff::", "reserved"},
      {"3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
      {"3fff:1000::", "public"},
      // Public.
      {"2606:4700:4700::1111", "public"},
      {"2a00:1450:4001:82b::200e", "public"},
  });
}

BOOST_AUTO_TEST_CASE(ipv6_forms_that_embed_an_ipv4_address_are_judged_by_it) {
  CheckReasons({
      // IPv4-mapped ::ffff:0:0/96.
      {"::ffff:0.0.0.0", "unspecified"},
      {"::ffff:127.0.0.1", "loopback"},
      {"::ffff:10.0.0.1", "private"},
      {"::ffff:169.254.169.254", "metadata"},
      {"::ffff:100.64.0.1", "cgnat"},
      {"::ffff:255.255.255.255", "broadcast"},
      {"::ffff:8.8.8.8", "public"},
      // IPv4-compatible ::/96 other than :: and ::1.
      {"::0.0.0.1", "loopback"},
      {"::0.0.0.2", "unspecified"},
      {"::127.0.0.1", "loopback"},
      {"::10.0.0.1", "private"},
      {"::224.0.0.1", "multicast"},
      {"::8.8.8.8", "public"},
      {"::255.255.255.255", "broadcast"},
      // NAT64 64:ff9b::/96; beyond it (incl. local-use 64:ff9b:1::/48) is outside 2000::/3.
      {"64:ff9b::10.0.0.1", "private"},
      {"64:ff9b::127.0.0.1", "loopback"},
      {"64:ff9b::169.254.169.254", "metadata"},
      {"64:ff9b::8.8.8.8", "public"},
      {"64:ff9b::ffff:ffff", "broadcast"},
      {"64:ff9b::1:0:0", "reserved"},
      {"64:ff9b:1::8.8.8.8", "reserved"},
      // 6to4 2002::/16: the IPv4 address in bits 16..48.
      {"2002::", "unspecified"},
      {"2002:7f00:1::", "loopback"},
      {"2002:a00:1:ffff::1", "private"},
      {"2002:c0a8:101::1", "private"},
      {"2002:a9fe:a9fe::", "metadata"},
      {"2002:808:808::1", "public"},
      {"2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "broadcast"},
      {"2003::", "public"},
  });
}

BOOST_AUTO_TEST_CASE(parse_networks_reads_cidrs_and_single_addresses) {
  BOOST_TEST(Allowed("").empty());
  BOOST_TEST(Allowed(" \t ").empty());
  std::vector<std::string> texts;
  for (const Network& network : Allowed("10.20.0.0/16, 127.0.0.1, fd00::/8")) texts.push_back(network.ToString());
  BOOST_TEST(texts == (std::vector<std::string>{"10.20.0.0/16", "127.0.0.1/32", "fd00::/8"}),
             boost::test_tools::per_element());
  texts.clear();
  for (const Network& network : Allowed("\t::1,0.0.0.0/0 ,::/0,192.168.1.128/25,::ffff:10.0.0.0/104 ")) {
    texts.push_back(network.ToString());
  }
  BOOST_TEST(
      texts == (std::vector<std::string>{"::1/128", "0.0.0.0/0", "::/0", "192.168.1.128/25", "::ffff:10.0.0.0/104"}),
      boost::test_tools::per_element());
  BOOST_TEST((Allowed("10.0.0.0/8")[0] == Network{Ip("10.0.0.0"), 8}));
}

BOOST_AUTO_TEST_CASE(parse_networks_names_the_first_bad_entry) {
  for (std::string_view entry : {"10.0.0.1/8",  "10.0.0.0/0",   "172.16.0.0/11",       "fd00::1/8",     "10.0.0.0/33",
                                 "::/129",      "10.0.0.0/",    "10.0.0.0/08",         "10.0.0.0/-1",   "10.0.0.0/+8",
                                 "10.0.0.0/ 8", "10.0.0.0 /8",  "10.0.0.0/8/8",        "10.0.0.0/1000", "/8",
                                 "example.com", "localhost/32", "10.0.0.0-10.0.0.255", "10.0.0.*",      "1.2.3",
                                 "0127.0.0.1",  "fe80::1%eth0"}) {
    const std::string list = "192.168.0.0/16, " + std::string(entry) + ", ::1";
    auto networks = ParseNetworks(list);
    BOOST_TEST_REQUIRE(!networks.has_value(), list);
    BOOST_TEST((networks.error().kind() == ErrorKind::kMalformed), list);
    BOOST_TEST(networks.error().code() == "invalid_config", list);
    const std::string& detail = networks.error().detail();
    BOOST_TEST(detail.find("webhooks.allowed_networks") != std::string::npos, detail);
    BOOST_TEST(detail.find('"' + std::string(entry) + '"') != std::string::npos, detail);
  }
  // Host bits beyond the prefix: the message says which network was likely meant.
  auto typo = ParseNetworks("10.0.0.1/8");
  BOOST_TEST_REQUIRE(!typo.has_value());
  BOOST_TEST(typo.error().detail().find("10.0.0.0/8") != std::string::npos, typo.error().detail());
  // Empty entries: a stray comma anywhere.
  for (std::string_view list : {"10.0.0.0/8,", ",10.0.0.0/8", "10.0.0.0/8,,::1", "10.0.0.0/8, ,::1", ","}) {
    BOOST_TEST(!ParseNetworks(list).has_value(), list);
  }
}

BOOST_AUTO_TEST_CASE(network_contains_its_prefix_and_the_mapped_forms_of_ipv4) {
  const Network net16{Ip("10.20.0.0"), 16};
  BOOST_TEST(net16.Contains(Ip("10.20.0.0")));
  BOOST_TEST(net16.Contains(Ip("10.20.255.255")));
  BOOST_TEST(net16.Contains(Ip("::ffff:10.20.5.5")));
  BOOST_TEST(!net16.Contains(Ip("10.19.255.255")));
  BOOST_TEST(!net16.Contains(Ip("10.21.0.0")));
  BOOST_TEST(!net16.Contains(Ip("::10.20.5.5")));
  BOOST_TEST(!net16.Contains(Ip("64:ff9b::10.20.5.5")));
  const Network net12{Ip("172.16.0.0"), 12};
  BOOST_TEST(net12.Contains(Ip("172.31.255.255")));
  BOOST_TEST(!net12.Contains(Ip("172.32.0.0")));
  const Network mapped{Ip("::ffff:10.0.0.0"), 104};
  BOOST_TEST(mapped.Contains(Ip("10.255.0.1")));
  BOOST_TEST(mapped.Contains(Ip("::ffff:10.255.0.1")));
  BOOST_TEST(!mapped.Contains(Ip("11.0.0.1")));
  const Network all_v6{Ip("::"), 0};
  BOOST_TEST(all_v6.Contains(Ip("fd00::1")));
  BOOST_TEST(!all_v6.Contains(Ip("127.0.0.1")));
  BOOST_TEST(!all_v6.Contains(Ip("::ffff:127.0.0.1")));
  const Network all_v4{Ip("0.0.0.0"), 0};
  BOOST_TEST(all_v4.Contains(Ip("255.255.255.255")));
  BOOST_TEST(!all_v4.Contains(Ip("::1")));
  const Network v6_48{Ip("2001:db8:1::"), 48};
  BOOST_TEST(v6_48.Contains(Ip("2001:db8:1:ffff:ffff:ffff:ffff:ffff")));
  BOOST_TEST(!v6_48.Contains(Ip("2001:db8:2::")));
  BOOST_TEST(!(Network{Ip("10.0.0.0"), 33}.Contains(Ip("10.0.0.0"))));
}

BOOST_AUTO_TEST_CASE(allowed_networks_let_private_addresses_through_and_nothing_else) {
  const std::vector<Network> allowed = Allowed("10.20.0.0/16, 127.0.0.1, fd00::/8");
  BOOST_TEST(Refusal("10.20.5.5", allowed) == "allowed");
  BOOST_TEST(Refusal("10.20.0.0", allowed) == "allowed");
  BOOST_TEST(Refusal("10.20.255.255", allowed) == "allowed");
  BOOST_TEST(Refusal("::ffff:10.20.5.5", allowed) == "allowed");
  BOOST_TEST(Refusal("10.21.0.1", allowed) == "private");
  BOOST_TEST(Refusal("10.19.255.255", allowed) == "private");
  BOOST_TEST(Refusal("127.0.0.1", allowed) == "allowed");
  BOOST_TEST(Refusal("::ffff:127.0.0.1", allowed) == "allowed");
  BOOST_TEST(Refusal("127.0.0.2", allowed) == "loopback");
  BOOST_TEST(Refusal("::1", allowed) == "loopback");
  BOOST_TEST(Refusal("fd12:3456::1", allowed) == "allowed");
  BOOST_TEST(Refusal("fc00::1", allowed) == "unique_local");
  // The other embedding forms reach a translator or relay, not the allowed host.
  BOOST_TEST(Refusal("64:ff9b::127.0.0.1", allowed) == "loopback");
  BOOST_TEST(Refusal("2002:7f00:1::", allowed) == "loopback");
  BOOST_TEST(Refusal("::127.0.0.1", allowed) == "loopback");
  // Public addresses need no entry; other special ranges keep their reason.
  BOOST_TEST(Refusal("8.8.8.8", allowed) == "allowed");
  BOOST_TEST(Refusal("2606:4700:4700::1111", allowed) == "allowed");
  BOOST_TEST(Refusal("169.254.169.254", allowed) == "metadata");
  BOOST_TEST(Refusal("192.168.1.1", allowed) == "private");
}

BOOST_AUTO_TEST_CASE(without_allowed_networks_refusal_is_why_not_public) {
  for (std::string_view text : {"127.0.0.1", "10.0.0.1", "169.254.169.254", "fd00:ec2::254", "::ffff:192.168.0.1",
                                "ff02::1", "0.0.0.0", "::", "8.8.8.8", "2001:db8::1"}) {
    BOOST_TEST((WhyRefused(Ip(text), {}) == WhyNotPublic(Ip(text))), text);
  }
  // An admin may open everything, metadata included.
  BOOST_TEST(Refusal("169.254.169.254", Allowed("0.0.0.0/0")) == "allowed");
  BOOST_TEST(Refusal("::ffff:169.254.169.254", Allowed("0.0.0.0/0")) == "allowed");
  BOOST_TEST(Refusal("::1", Allowed("0.0.0.0/0")) == "loopback");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace outbound_address_test
