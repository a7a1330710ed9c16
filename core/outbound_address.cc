#include "core/outbound_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/text_split.h"

namespace lg::core {
namespace {

// A special-purpose range and why an address in it is not public. Each table is searched in
// order, so a precise range comes before a wider one that contains it.
struct SpecialRange {
  std::string_view network;
  std::string_view reason;
};

constexpr std::array<SpecialRange, 16> kV4Ranges{{
    {"0.0.0.0/8", "unspecified"},
    {"127.0.0.0/8", "loopback"},
    {"10.0.0.0/8", "private"},
    {"172.16.0.0/12", "private"},
    {"192.168.0.0/16", "private"},
    {"169.254.169.254/32", "metadata"},
    {"169.254.0.0/16", "link_local"},
    {"100.64.0.0/10", "cgnat"},
    {"224.0.0.0/4", "multicast"},
    {"255.255.255.255/32", "broadcast"},
    {"240.0.0.0/4", "reserved"},
    {"192.0.0.0/24", "reserved"},     // IETF protocol assignments
    {"198.18.0.0/15", "reserved"},    // benchmarking
    {"192.0.2.0/24", "reserved"},     // documentation (TEST-NET-1)
    {"198.51.100.0/24", "reserved"},  // documentation (TEST-NET-2)
    {"203.0.113.0/24", "reserved"},   // documentation (TEST-NET-3)
}};

// After :: and ::1 and the forms that embed an IPv4 address.
constexpr std::array<SpecialRange, 8> kV6Ranges{{
    {"fd00:ec2::254/128", "metadata"},
    {"fc00::/7", "unique_local"},
    {"fe80::/10", "link_local"},
    {"ff00::/8", "multicast"},
    {"2001::/32", "reserved"},      // Teredo
    {"2001:2::/48", "reserved"},    // benchmarking
    {"2001:db8::/32", "reserved"},  // documentation
    {"3fff::/20", "reserved"},      // documentation
}};

// An IPv6 range whose addresses carry an IPv4 address in the 4 bytes from `offset`.
struct EmbeddingRange {
  std::string_view network;
  size_t offset;
};

constexpr std::array<EmbeddingRange, 4> kEmbeddingRanges{{
    {"::ffff:0:0/96", 12},  // IPv4-mapped
    {"::/96", 12},          // IPv4-compatible (deprecated); :: and ::1 are classified before
    {"64:ff9b::/96", 12},   // NAT64
    {"2002::/16", 2},       // 6to4
}};

constexpr std::string_view kMappedRange = "::ffff:0:0/96";
constexpr std::string_view kGlobalUnicast = "2000::/3";

int MaxPrefixLength(const IpAddress& address) { return address.is_v4() ? 32 : 128; }

bool SamePrefix(std::span<const uint8_t> a, std::span<const uint8_t> b, int bits) {
  const auto whole_bytes = static_cast<size_t>(bits / 8);
  if (!std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(whole_bytes), b.begin())) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole_bytes] & mask) == (b[whole_bytes] & mask);
}

// `address` with the bits beyond `prefix_length` cleared.
IpAddress Masked(const IpAddress& address, int prefix_length) {
  std::array<uint8_t, 16> bytes{};
  const std::span<const uint8_t> in = address.bytes();
  for (size_t i = 0; i < in.size(); ++i) {
    const int kept = std::clamp(prefix_length - static_cast<int>(8 * i), 0, 8);
    bytes[i] = static_cast<uint8_t>(in[i] & (0xff << (8 - kept)));
  }
  if (address.is_v4()) return IpAddress::V4({bytes[0], bytes[1], bytes[2], bytes[3]});
  return IpAddress::V6(bytes);
}

bool InPrefix(const IpAddress& address, const Network& network) {
  return address.is_v4() == network.address.is_v4() && network.prefix_length >= 0 &&
         network.prefix_length <= MaxPrefixLength(address) &&
         SamePrefix(address.bytes(), network.address.bytes(), network.prefix_length);
}

Status BadEntry(std::string_view entry, const std::string& why) {
  return Status::Malformed("invalid_config",
                           "config key 'webhooks.allowed_networks' holds \"" + std::string(entry) + "\", " + why);
}

// 0..max in plain decimal ("8", not "08" or "+8").
std::optional<int> ParsePrefixLength(std::string_view digits, int max) {
  if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits.front() == '0')) return std::nullopt;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = 10 * value + (c - '0');
  }
  if (value > max) return std::nullopt;
  return value;
}

Result<Network> ParseNetwork(std::string_view entry) {
  if (entry.empty()) return BadEntry(entry, "an empty entry (a stray comma?)");
  const size_t slash = entry.find('/');
  const std::optional<IpAddress> address = IpAddress::Parse(entry.substr(0, slash));
  if (!address) {
    return BadEntry(entry, "which is not an IP address or network (address/prefix-length, e.g. 10.20.0.0/16)");
  }
  const int max = MaxPrefixLength(*address);
  Network network{*address, max};
  if (slash != std::string_view::npos) {
    const std::optional<int> prefix_length = ParsePrefixLength(entry.substr(slash + 1), max);
    if (!prefix_length) {
      return BadEntry(entry, "whose prefix length is not a number from 0 to " + std::to_string(max));
    }
    network.prefix_length = *prefix_length;
  }
  if (const IpAddress masked = Masked(network.address, network.prefix_length); masked != network.address) {
    return BadEntry(entry, "which has address bits set beyond its prefix (the network is " +
                               Network{masked, network.prefix_length}.ToString() + ")");
  }
  return network;
}

// A table's text, parsed once; an entry that does not parse is a bug in this file.
Network Built(std::string_view text) {
  Result<Network> network = ParseNetwork(text);
  if (!network) throw std::logic_error("bad built-in network " + std::string(text));
  return *std::move(network);
}

template <size_t N>
std::vector<std::pair<Network, std::string_view>> BuiltRanges(const std::array<SpecialRange, N>& table) {
  std::vector<std::pair<Network, std::string_view>> out;
  out.reserve(N);
  for (const SpecialRange& range : table) out.emplace_back(Built(range.network), range.reason);
  return out;
}

std::optional<std::string_view> FirstReason(const IpAddress& address,
                                            const std::vector<std::pair<Network, std::string_view>>& ranges) {
  for (const auto& [network, reason] : ranges) {
    if (InPrefix(address, network)) return reason;
  }
  return std::nullopt;
}

IpAddress V4At(std::span<const uint8_t> bytes, size_t offset) {
  return IpAddress::V4({bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]});
}

const Network& MappedRange() {
  static const Network kMapped = Built(kMappedRange);
  return kMapped;
}

// The IPv4 address an IPv6 address embeds (IPv4-mapped, -compatible, NAT64, 6to4), if any.
std::optional<IpAddress> EmbeddedV4(const IpAddress& address) {
  static const auto kRanges = [] {
    std::vector<std::pair<Network, size_t>> out;
    out.reserve(kEmbeddingRanges.size());
    for (const EmbeddingRange& range : kEmbeddingRanges) out.emplace_back(Built(range.network), range.offset);
    return out;
  }();
  for (const auto& [network, offset] : kRanges) {
    if (InPrefix(address, network)) return V4At(address.bytes(), offset);
  }
  return std::nullopt;
}

// An IPv4-mapped address as the IPv4 address it is; any other unchanged.
IpAddress Unmapped(const IpAddress& address) {
  return InPrefix(address, MappedRange()) ? V4At(address.bytes(), 12) : address;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  // inet_pton reads a C string: an embedded NUL would end the text early.
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  const bool bracketed = text.size() >= 2 && text.front() == '[' && text.back() == ']';
  if (bracketed) text = text.substr(1, text.size() - 2);
  const std::string c_text(text);
  IpAddress out;
  if (!bracketed && ::inet_pton(AF_INET, c_text.c_str(), out.bytes_.data()) == 1) return out;
  if (::inet_pton(AF_INET6, c_text.c_str(), out.bytes_.data()) != 1) return std::nullopt;
  out.is_v4_ = false;
  return out;
}

IpAddress IpAddress::V4(const std::array<uint8_t, 4>& bytes) {
  IpAddress out;
  std::copy(bytes.begin(), bytes.end(), out.bytes_.begin());
  return out;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress out;
  out.is_v4_ = false;
  out.bytes_ = bytes;
  return out;
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (::inet_ntop(is_v4_ ? AF_INET : AF_INET6, bytes_.data(), text, sizeof text) == nullptr) {
    throw std::logic_error("inet_ntop failed");  // only for a too small buffer
  }
  return text;
}

bool Network::Contains(const IpAddress& candidate) const {
  Network network = *this;
  const Network& mapped = MappedRange();
  if (!address.is_v4() && prefix_length >= mapped.prefix_length && InPrefix(address, mapped)) {
    network = Network{Unmapped(address), prefix_length - mapped.prefix_length};
  }
  return InPrefix(Unmapped(candidate), network);
}

std::string Network::ToString() const { return address.ToString() + "/" + std::to_string(prefix_length); }

Result<std::vector<Network>> ParseNetworks(std::string_view list) {
  std::vector<Network> out;
  if (TrimBlanks(list).empty()) return out;
  for (std::string_view piece : SplitList(list)) {
    LG_ASSIGN_OR_RETURN(Network network, ParseNetwork(TrimBlanks(piece)));
    out.push_back(network);
  }
  return out;
}

std::optional<std::string_view> WhyNotPublic(const IpAddress& address) {
  static const auto kV4 = BuiltRanges(kV4Ranges);
  static const auto kV6 = BuiltRanges(kV6Ranges);
  static const Network kUnspecified = Built("::/128");
  static const Network kLoopback = Built("::1/128");
  static const Network kGlobal = Built(kGlobalUnicast);
  if (address.is_v4()) return FirstReason(address, kV4);
  if (InPrefix(address, kUnspecified)) return "unspecified";
  if (InPrefix(address, kLoopback)) return "loopback";
  if (const std::optional<IpAddress> embedded = EmbeddedV4(address)) return FirstReason(*embedded, kV4);
  if (std::optional<std::string_view> reason = FirstReason(address, kV6)) return reason;
  if (!InPrefix(address, kGlobal)) return "reserved";
  return std::nullopt;
}

std::optional<std::string_view> WhyRefused(const IpAddress& address, const std::vector<Network>& allowed) {
  for (const Network& network : allowed) {
    if (network.Contains(address)) return std::nullopt;
  }
  return WhyNotPublic(address);
}

}  // namespace lg::core
