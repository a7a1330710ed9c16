#include "net/request_target.h"

// Boost.URL ships no compiled library in Debian's Boost 1.81; this is its one compiled unit.
#include <boost/url.hpp>
#include <boost/url/src.hpp>

namespace lg::net {

bool ParseRequestTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  path = parsed->path();
  for (auto param : parsed->params()) {
    if (param.key.empty() && !param.has_value) continue;  // "?" or "a=1&&b=2": nothing was sent
    query.emplace(std::string(param.key), std::string(param.value));
  }
  return true;
}

std::string EncodeQueryValue(std::string_view value) {
  return boost::urls::encode(value, boost::urls::unreserved_chars);
}

}  // namespace lg::net
