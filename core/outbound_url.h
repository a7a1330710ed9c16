#pragma once
// A webhook endpoint's URL, read once before a delivery connects anywhere (net/webhook_sender.h).
// Accepted: "scheme://authority[/path][?query][#fragment]" where
//  - the fragment, from the first '#', is dropped before anything else is looked at;
//  - every remaining byte is visible ASCII (0x21-0x7e): no blank, control character or
//    non-ASCII byte anywhere, percent-encoded forms are passed through as they are;
//  - the scheme is https or http, in any case;
//  - the authority (up to the first '/' or '?') holds no user info ('@') and is a host with an
//    optional ":port", the port 1 to 65535 in at most 5 digits (no empty port);
//  - the host is a bracketed IPv6 address ("[::1]", no zone id), an IPv4 address in its plain
//    dotted form (four decimal numbers 0-255 without leading zeros), or a host name: dot-separated labels of 1 to 63
//    letters, digits, '-' or '_', 253 characters at most, no empty label (so no trailing dot),
//    and a last label that does not read as a number (all digits, or starting "0x"): resolvers
//    take "127.1", "2130706433" or "0x7f.0.0.1" for IPv4 addresses, and only the plain form may
//    be one.
// The scheme and authority are RFC 3986's, read by Boost.URL (its IPvFuture "[v1.x]" is refused
// like any other non-IPv6 bracket); the path and query are not parsed, only checked byte by byte.
// Anything else is a BadRequest "bad_url" whose detail ("the URL has an invalid port") names
// the rule broken and never any part of the URL itself: not the host, and above all not the
// path and query (which may carry a token) or user info (which may carry a password).
// Pure: no I/O, no name resolution; whether the address may be reached is core::WhyRefused's
// question (core/outbound_address.h), asked of the addresses the host resolves to.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/outbound_address.h"
#include "core/status.h"

namespace lg::core {

struct OutboundUrl {
  bool https = true;
  // A host name in lower case, or an address literal's canonical text (IPv6 without brackets).
  std::string host;
  std::optional<IpAddress> literal;  // set for an address literal, which is not resolved
  uint16_t port = 443;               // 443 for https and 80 for http unless given
  std::string target;                // the path and query as given, "/" at least
  std::string host_header;           // host[:port], the port only when not the default, IPv6 in brackets
};

Result<OutboundUrl> ParseOutboundUrl(std::string_view text);

}  // namespace lg::core
