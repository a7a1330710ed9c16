#pragma once
// Where webhook deliveries may connect (server-side request forgery protection). A delivery
// resolves its endpoint's host, asks WhyRefused of every address it got, and connects to exactly
// the address that was allowed, by its bytes: a second DNS lookup (connecting by name, or
// resolving again) could answer differently and reach an address never checked.
//  - An address is refused when it is not public (WhyNotPublic's reason codes, stable: logs and
//    delivery records show them), unless the admin allowed it in `webhooks.allowed_networks`:
//    comma-separated CIDRs or single addresses, e.g. "10.20.0.0/16, 127.0.0.1, fd00::/8".
//  - IPv6 forms that embed an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96,
//    NAT64 64:ff9b::/96, 6to4 2002::/16) are classified by that address, so ::ffff:127.0.0.1 is
//    "loopback" and 64:ff9b::10.0.0.1 "private". Teredo (2001::/32) is "reserved", and so is
//    IPv6 outside global unicast 2000::/3 that has no more precise reason.
//  - An IPv4-mapped address is the IPv4 address itself for the allow-list: an allowed 127.0.0.1
//    allows ::ffff:127.0.0.1 too. The other embedding forms reach a translator or relay, not the
//    host, so only an IPv6 network allows them.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::core {

// An IPv4 or IPv6 address (no zone id), in network byte order.
class IpAddress {
 public:
  // "1.2.3.4", "::1", "::ffff:1.2.3.4" or a bracketed IPv6 address "[::1]"; nullopt for anything
  // else: names, zone ids ("fe80::1%eth0"), short, octal, hex or zero-padded IPv4 forms
  // ("1.2.3", "0x7f.0.0.1", "0127.0.0.1"), surrounding blanks.
  static std::optional<IpAddress> Parse(std::string_view text);
  // From a resolver's answer.
  static IpAddress V4(const std::array<uint8_t, 4>& bytes);
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);

  bool is_v4() const { return is_v4_; }
  // 4 bytes for IPv4, 16 for IPv6.
  std::span<const uint8_t> bytes() const { return {bytes_.data(), is_v4_ ? 4U : 16U}; }
  // The canonical text ("10.0.0.1", "::ffff:127.0.0.1", "2001:db8::1"), IPv6 without brackets.
  std::string ToString() const;

  bool operator==(const IpAddress&) const = default;

 private:
  bool is_v4_ = true;
  std::array<uint8_t, 16> bytes_{};
};

// An address range: the addresses whose first `prefix_length` bits are `address`'s.
struct Network {
  IpAddress address;
  int prefix_length = 0;

  // An IPv4 network contains the IPv4-mapped forms of its addresses too, and an IPv6 network
  // within ::ffff:0:0/96 is the IPv4 network it maps. Other IPv6 networks contain no IPv4
  // address, mapped or not: "::/0" does not allow 127.0.0.1.
  bool Contains(const IpAddress& candidate) const;
  // "10.20.0.0/16".
  std::string ToString() const;
  bool operator==(const Network&) const = default;
};

// The value of `webhooks.allowed_networks`: comma-separated entries, blanks around each ignored,
// blank = none. An entry is an address (a /32 or /128 network) or address/prefix-length. A
// BadRequest "invalid_config" error names the first bad entry: not an address, a prefix length
// out of range, or host bits set beyond the prefix ("10.0.0.1/8", likely a typo).
Result<std::vector<Network>> ParseNetworks(std::string_view list);

// nullopt for a public unicast address; else why not: "loopback", "private", "link_local",
// "metadata" (cloud instance metadata, 169.254.169.254 and fd00:ec2::254), "cgnat",
// "multicast", "unspecified", "broadcast", "unique_local" (fc00::/7) or "reserved": 240.0.0.0/4,
// IETF protocol assignments 192.0.0.0/24, benchmarking (198.18.0.0/15, 2001:2::/48),
// documentation (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20),
// Teredo and the rest of IPv6 outside 2000::/3.
std::optional<std::string_view> WhyNotPublic(const IpAddress& address);

// nullopt when a delivery may connect to `address`: it is in one of `allowed` or public; else
// WhyNotPublic's reason.
std::optional<std::string_view> WhyRefused(const IpAddress& address, const std::vector<Network>& allowed);

}  // namespace lg::core
