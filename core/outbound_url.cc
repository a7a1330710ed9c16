#include "core/outbound_url.h"

#include <algorithm>
#include <boost/url/authority_view.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/scheme.hpp>
#include <cctype>
#include <charconv>

namespace lg::core {
namespace {

namespace urls = boost::urls;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsHostNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// Why `name` is not a host name we send to; nullopt when it is one. RFC 3986 lets a reg-name
// hold sub-delims and percent-encoded bytes, which no resolver should be handed.
std::optional<std::string> WhyBadHostName(std::string_view name) {
  if (name.empty()) return "has no host";
  if (name.size() > 253) return "has a host name longer than 253 characters";
  std::string_view last_label;
  for (std::string_view rest = name;;) {
    const size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty() || label.size() > 63 || !std::all_of(label.begin(), label.end(), IsHostNameChar)) {
      return "has an invalid host name";
    }
    last_label = label;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  // A resolver reads "127.1" or "0x7f.0.0.1" as an IPv4 address: only the plain form is one.
  if (AllDigits(last_label) || last_label.starts_with("0x") || last_label.starts_with("0X")) {
    return "has a host that reads as a number but is not a plain IPv4 address";
  }
  return std::nullopt;
}

// Boost.URL's port rule wraps past 65535 without noticing ("99999"), so the text is read here.
std::optional<uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  if (!AllDigits(text) || text.size() > 5 ||
      std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc() || value == 0 || value > 65535) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(value);
}

// What the URL rules look at in an authority, copied out of Boost.URL's view of it.
struct Authority {
  bool has_userinfo = false;
  urls::host_type host_type = urls::host_type::none;
  std::string name;                  // the host as written, for a reg-name
  std::optional<IpAddress> literal;  // for an IPv4 or IPv6 address
  std::optional<std::string> port;   // the text after the ':', when there is one
};

Authority Copy(const urls::authority_view& view) {
  Authority out;
  out.has_userinfo = view.has_userinfo();
  out.host_type = view.host_type();
  if (out.host_type == urls::host_type::ipv4) out.literal = IpAddress::V4(view.host_ipv4_address().to_bytes());
  if (out.host_type == urls::host_type::ipv6) out.literal = IpAddress::V6(view.host_ipv6_address().to_bytes());
  if (out.host_type == urls::host_type::name) out.name = view.encoded_host();
  if (view.has_port()) out.port = view.port();
  return out;
}

// RFC 3986's reading of an authority; nullopt when it is none.
std::optional<Authority> ReadAuthority(std::string_view text) {
  if (auto view = urls::parse_authority(text)) return Copy(*view);
  // Boost.URL 1.81 takes a leading IPv4 address for the whole host, then fails on the rest of a
  // name such as "10.0.0.1.nip.io" (boostorg/url#770); with a letter in front it reads the name.
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  const std::string prefixed = "x" + std::string(text);
  auto view = urls::parse_authority(prefixed);
  if (!view || view->host_type() != urls::host_type::name || view->has_userinfo()) return std::nullopt;
  Authority out = Copy(*view);
  out.name.erase(0, 1);
  return out;
}

// Which rule an authority Boost.URL refused breaks: its errors do not say where parsing stopped.
std::string WhyBadAuthority(std::string_view authority) {
  if (authority.find('@') != std::string_view::npos) return "carries user info";
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return "has an unclosed [";
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return "has something other than a port after the IPv6 address";
    if (!urls::parse_ipv6_address(authority.substr(1, close - 1))) return "has an invalid IPv6 address";
    return "has an invalid port";
  }
  const std::string_view host = authority.substr(0, authority.find(':'));
  if (urls::parse_ipv4_address(host)) return "has an invalid port";
  if (auto why = WhyBadHostName(host)) return *why;
  return "has an invalid port";
}

}  // namespace

Result<OutboundUrl> ParseOutboundUrl(std::string_view text) {
  auto bad = [](const std::string& why) { return Status::Malformed("bad_url", "the URL " + why); };
  if (const size_t hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return bad("has a blank, a control character or a non-ASCII byte");
  }
  // RFC 3986 section 3: the authority follows "scheme://" and ends at the first '/' or '?'. The
  // path and query are sent as given, so they are not held to RFC 3986's character classes.
  const size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return bad("is not scheme://host/path");
  const std::string_view rest = text.substr(scheme_end + 3);
  const size_t authority_end = rest.find_first_of("/?");
  const std::string_view target = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);

  OutboundUrl url;
  const urls::scheme scheme = urls::string_to_scheme(text.substr(0, scheme_end));
  if (scheme != urls::scheme::https && scheme != urls::scheme::http) {
    return bad("has a scheme other than https and http");
  }
  url.https = scheme == urls::scheme::https;

  const std::string_view authority_text = rest.substr(0, authority_end);
  const std::optional<Authority> authority = ReadAuthority(authority_text);
  if (!authority) return bad(WhyBadAuthority(authority_text));
  if (authority->has_userinfo) return bad("carries user info");
  if (authority->host_type == urls::host_type::ipvfuture) return bad("has an invalid IPv6 address");
  url.literal = authority->literal;
  if (!url.literal) {
    if (auto why = WhyBadHostName(authority->name)) return bad(*why);
  }

  url.port = url.https ? 443 : 80;
  if (authority->port) {
    auto port = ParsePort(*authority->port);
    if (!port) return bad("has an invalid port");
    url.port = *port;
  }

  if (url.literal) {
    url.host = url.literal->ToString();
    url.host_header = url.literal->is_v4() ? url.host : "[" + url.host + "]";
  } else {
    url.host = Lower(authority->name);
    url.host_header = url.host;
  }
  if (url.port != (url.https ? 443 : 80)) url.host_header += ":" + std::to_string(url.port);
  url.target = target.empty() ? "/" : target.starts_with('?') ? "/" + std::string(target) : std::string(target);
  return url;
}

}  // namespace lg::core
