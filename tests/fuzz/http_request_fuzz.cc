// The HTTP request path up to the handler, as net/http_server.cc's Session runs it: bytes from
// a connection go to a fresh Beast request parser per request (header limit 16 KiB, no body
// limit until the headers are in, then 1 MiB: the server's defaults), the target is split by
// ParseRequestTarget and the path routed by Router::Find over the API's route templates.
// Pipelined requests are parsed one after another while the connection would stay open.

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "net/request_target.h"
#include "net/router.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using lg::net::Access;
using lg::net::Router;

constexpr size_t kHeaderLimit = 16 << 10;  // server.header_limit_bytes
constexpr size_t kBodyLimit = 1 << 20;     // server.body_limit_bytes
constexpr int kMaxRequests = 8;            // pipelined requests read from one input

// The API's route templates (net/*_handlers.cc); the handlers are never called here.
const Router& ApiRouter() {
  static const Router router = [] {
    constexpr std::pair<const char*, const char*> kRoutes[] = {
        {"GET", "/livez"},
        {"GET", "/readyz"},
        {"GET", "/v2/campaigns"},
        {"POST", "/v2/campaigns"},
        {"GET", "/v2/campaigns/{campaign_id}"},
        {"PATCH", "/v2/campaigns/{campaign_id}"},
        {"POST", "/v2/campaigns/{campaign_id}/fields"},
        {"PATCH", "/v2/campaigns/{campaign_id}/fields/{slug}"},
        {"POST", "/v2/campaigns/{campaign_id}/selects/{slug}/options"},
        {"POST", "/v2/campaigns/{campaign_id}/filters"},
        {"GET", "/v2/campaigns/{campaign_id}/filters/{filter_id}"},
        {"DELETE", "/v2/campaigns/{campaign_id}/filters/{filter_id}"},
        {"POST", "/v2/campaigns/{campaign_id}/leads"},
        {"GET", "/v2/campaigns/{campaign_id}/leads"},
        {"POST", "/v2/campaigns/{campaign_id}/leads/bulk"},
        {"GET", "/v2/campaigns/{campaign_id}/leads/{lead_id}"},
        {"PATCH", "/v2/campaigns/{campaign_id}/leads/{lead_id}"},
        {"POST", "/v2/leads"},
        {"POST", "/leads"},
        {"POST", "/v2/tokens"},
        {"GET", "/v2/tokens/{token_id}"},
        {"POST", "/v2/tokens/{token_id}/reveal"},
        {"POST", "/v2/tokens/{token_id}/docs-link/rotate"},
        {"GET", "/v2/audit"},
        {"GET", "/docs/{docs_id}"},
        {"GET", "/docs/{docs_id}/openapi.json"},
        {"GET", "/a/{account_slug}/api-documentation"},
    };
    Router r;
    for (auto [method, pattern] : kRoutes) {
      r.Add(method, pattern, std::string_view(pattern).starts_with("/v2") ? Access::kBearer : Access::kPublic, {});
    }
    return r;
  }();
  return router;
}

size_t Captures(const Router::Route& route) {
  size_t n = 0;
  for (const auto& segment : route.segments) n += segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
  return n;
}

void CheckRoute(std::string_view method, const std::string& path) {
  Router::Match match = ApiRouter().Find(method, path);
  if (match.route) {
    LG_FUZZ_CHECK(match.route->method == (method == "HEAD" ? std::string_view("GET") : method));
    LG_FUZZ_CHECK_EQ(match.params.size(), Captures(*match.route));
    // Only a literal '/' separates segments; an encoded one is a character of its capture.
    LG_FUZZ_CHECK_EQ(static_cast<size_t>(std::count(path.begin(), path.end(), '/')), match.route->segments.size());
    const bool encoded_slash = path.find("%2F") != std::string::npos || path.find("%2f") != std::string::npos;
    for (const auto& [name, value] : match.params) {
      LG_FUZZ_CHECK(!value.empty());
      LG_FUZZ_CHECK(encoded_slash || value.find('/') == std::string::npos);
    }
  } else {
    LG_FUZZ_CHECK(match.params.empty());
    for (const auto& allowed : match.allowed) LG_FUZZ_CHECK(allowed != method);
  }
}

// Feeds `in` to the parser until `done` says so; false when the bytes end first (the server
// would wait for more) or are not HTTP (400, or 431/413 for a limit; the connection closes).
template <typename Done>
bool Put(http::request_parser<http::string_body>& parser, std::string_view& in, Done done) {
  while (!done()) {
    beast::error_code ec;
    size_t used = parser.put(boost::asio::buffer(in.data(), in.size()), ec);
    LG_FUZZ_CHECK(used <= in.size());
    in.remove_prefix(used);
    if (ec || used == 0) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lg::fuzz::Setup();
  ApiRouter();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = lg::fuzz::Text(data, size);
  for (int n = 0; n < kMaxRequests && !in.empty(); ++n) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kHeaderLimit));
    parser.body_limit(boost::none);
    if (!Put(parser, in, [&] { return parser.is_header_done(); })) return 0;

    const auto target = parser.get().target();
    std::string path;
    std::multimap<std::string, std::string> query;
    const bool target_ok = lg::net::ParseRequestTarget(std::string_view(target.data(), target.size()), path, query);
    if (target_ok) {
      LG_FUZZ_CHECK(!path.empty() && path.front() == '/');
      const auto method = parser.get().method_string();
      CheckRoute(std::string_view(method.data(), method.size()), path);
    } else {
      LG_FUZZ_CHECK(path.empty() && query.empty());
    }

    if (parser.content_length() && *parser.content_length() > kBodyLimit) return 0;  // 413
    parser.body_limit(kBodyLimit);
    if (!Put(parser, in, [&] { return parser.is_done(); })) return 0;
    http::request<http::string_body> req = parser.release();
    LG_FUZZ_CHECK(req.body().size() <= kBodyLimit);
    if (!req.keep_alive()) return 0;
  }
  return 0;
}
