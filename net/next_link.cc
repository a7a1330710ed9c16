#include "net/next_link.h"

#include "core/percent_encoding.h"

namespace lg::net {

std::string NextPageUrl(std::string_view base_url, const HttpRequest& request,
                        const std::vector<std::pair<std::string, std::string>>& paging) {
  std::string url = std::string(base_url) + request.path;
  char separator = '?';
  auto add = [&](const std::string& name, const std::string& value) {
    url.push_back(separator);
    url += core::PercentEncode(name) + "=" + core::PercentEncode(value);
    separator = '&';
  };
  for (const auto& [name, value] : request.query) {
    if (name == "cursor" || name == "page" || name == "limit" || name == "per_page") continue;
    add(name, value);
  }
  for (const auto& [name, value] : paging) add(name, value);
  return url;
}

std::string NextLinkHeader(std::string_view url) { return "<" + std::string(url) + ">; rel=\"next\""; }

}  // namespace lg::net
