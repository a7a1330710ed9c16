#pragma once
// The URL of a list's next page (`links.next`, and the Link header), one way for every list.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_types.h"

namespace lg::net {

// `base_url`, the request's path and its query with the paging parameters (cursor, page, limit,
// per_page) replaced by `paging`, names and values percent-encoded: following the link repeats
// every other parameter the request had (a kind, a status, a time bound) exactly as given.
std::string NextPageUrl(std::string_view base_url, const HttpRequest& request,
                        const std::vector<std::pair<std::string, std::string>>& paging);

// The Link header's value (RFC 8288) naming `url` as the next page.
std::string NextLinkHeader(std::string_view url);

}  // namespace lg::net
