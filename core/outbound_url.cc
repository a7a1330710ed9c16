#include "core/outbound_url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lg::core {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsHostNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// Why `name` is not a host name we send to; nullopt when it is one.
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

}  // namespace

Result<OutboundUrl> ParseOutboundUrl(std::string_view text) {
  auto bad = [](const std::string& why) { return Status::BadRequest("bad_url", "the URL " + why); };
  if (const size_t hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return bad("has a blank, a control character or a non-ASCII byte");
  }
  const size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return bad("is not scheme://host/path");
  OutboundUrl url;
  const std::string scheme = Lower(text.substr(0, scheme_end));
  if (scheme == "https") {
    url.https = true;
  } else if (scheme == "http") {
    url.https = false;
  } else {
    return bad("has a scheme other than https and http");
  }
  const std::string_view rest = text.substr(scheme_end + 3);
  const size_t authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  const std::string_view target = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return bad("carries user info");

  std::string_view host;
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed [");
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("has something other than a port after the IPv6 address");
      port = after.substr(1);
    }
    url.literal = IpAddress::Parse(host);
    if (!url.literal || url.literal->is_v4()) return bad("has an invalid IPv6 address");
  } else {
    const size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    url.literal = IpAddress::Parse(host);
    if (!url.literal) {
      if (auto why = WhyBadHostName(host)) return bad(*why);
    }
  }

  url.port = url.https ? 443 : 80;
  if (port) {
    unsigned value = 0;
    if (!AllDigits(*port) || port->size() > 5 ||
        std::from_chars(port->data(), port->data() + port->size(), value).ec != std::errc() || value == 0 ||
        value > 65535) {
      return bad("has an invalid port");
    }
    url.port = static_cast<uint16_t>(value);
  }

  if (url.literal) {
    url.host = url.literal->ToString();
    url.host_header = url.literal->is_v4() ? url.host : "[" + url.host + "]";
  } else {
    url.host = Lower(host);
    url.host_header = url.host;
  }
  if (url.port != (url.https ? 443 : 80)) url.host_header += ":" + std::to_string(url.port);
  url.target = target.empty() ? "/" : target.starts_with('?') ? "/" + std::string(target) : std::string(target);
  return url;
}

}  // namespace lg::core
