#include "net/client_address.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <optional>

#include "core/text_split.h"

namespace lg::net {
namespace {

namespace asio = boost::asio;

std::optional<asio::ip::address> Parse(std::string_view text) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::address(asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()));
  }
  return address;
}

// One X-Forwarded-For entry: an address, perhaps with a port ("10.0.0.1:5000", "[::1]:5000").
std::optional<asio::ip::address> ParseForwardedEntry(std::string_view entry) {
  entry = core::TrimBlanks(entry);
  if (!entry.empty() && entry.front() == '[') {
    size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    entry = entry.substr(1, close - 1);
  } else if (size_t colon = entry.find(':');
             colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    entry = entry.substr(0, colon);  // IPv4 with a port; IPv6 has more than one colon
  }
  return Parse(entry);
}

}  // namespace

core::Result<ClientAddress> ClientAddress::WithTrustedProxies(std::string_view list) {
  ClientAddress out;
  if (core::TrimBlanks(list).empty()) return out;
  for (std::string_view piece : core::SplitList(list)) {
    std::string_view entry = core::TrimBlanks(piece);
    auto proxy = Parse(entry);
    if (!proxy) {
      return core::Status::Malformed("invalid_config", "server.trusted_proxies: \"" + std::string(entry) +
                                                           "\" is not an IP address (a comma-separated list of "
                                                           "IPv4/IPv6 addresses is expected; ranges are not "
                                                           "supported)");
    }
    out.proxies_.push_back(proxy->to_string());
  }
  return out;
}

std::string ClientAddress::Canonical(std::string_view address) {
  auto parsed = Parse(address);
  return parsed ? parsed->to_string() : std::string(address);
}

bool ClientAddress::IsTrustedProxy(std::string_view canonical) const {
  return std::find(proxies_.begin(), proxies_.end(), canonical) != proxies_.end();
}

std::string ClientAddress::Forwarded(const std::string& peer, const std::vector<std::string_view>& fields) const {
  // Only the entries our proxies appended can be believed, so the walk starts at the right and
  // stops at the first address that is not a proxy of ours; an entry that is not an address (a
  // proxy's "unknown") ends it at the last proxy.
  std::vector<std::string_view> entries;
  for (std::string_view value : fields) {
    for (std::string_view entry : core::SplitList(value)) entries.push_back(entry);
  }
  std::string client = peer;
  for (size_t i = entries.size(); i-- > 0;) {  // rightmost first
    std::optional<asio::ip::address> address = ParseForwardedEntry(entries[i]);
    if (!address) break;
    client = address->to_string();
    if (!IsTrustedProxy(client)) break;
  }
  return client;
}

}  // namespace lg::net
