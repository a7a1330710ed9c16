#include "net/request_target.h"

// Boost.URL's compiled part is in lg_core (core/percent_encoding.cc).
#include <boost/url.hpp>

namespace lg::net {

bool ParseRequestTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  path = parsed->encoded_path();
  for (auto param : parsed->params()) {
    if (param.key.empty() && !param.has_value) continue;  // "?" or "a=1&&b=2": nothing was sent
    query.emplace(std::string(param.key), std::string(param.value));
  }
  return true;
}

}  // namespace lg::net
