#pragma once
// Who a request comes from: its TCP peer, unless the peer is a reverse proxy of ours
// (server.trusted_proxies); then the client is the rightmost X-Forwarded-For entry that is not
// itself a proxy of ours. From any other peer X-Forwarded-For is ignored, so it cannot be spoofed.
// Addresses are compared in one form (::ffff:10.0.0.1, a dual-stack listener's peer, is
// 10.0.0.1). Read-only after it is made, so thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::net {

class ClientAddress {
 public:
  ClientAddress() = default;  // no trusted proxy
  // From server.trusted_proxies (comma-separated IPv4/IPv6 addresses, no ranges; empty = none):
  // 400 invalid_config naming an entry that is not an address.
  static core::Result<ClientAddress> WithTrustedProxies(std::string_view list);

  // `address` in its one form; as given when it is not an IP address.
  static std::string Canonical(std::string_view address);
  // Whether the peer at `canonical` (Canonical's form) is a proxy of ours.
  bool IsTrustedProxy(std::string_view canonical) const;
  bool any_trusted() const { return !proxies_.empty(); }
  // The client of a request from the trusted proxy `peer` carrying these X-Forwarded-For field
  // values, in order (several fields are one list).
  std::string Forwarded(const std::string& peer, const std::vector<std::string_view>& fields) const;

 private:
  std::vector<std::string> proxies_;  // canonical
};

}  // namespace lg::net
