#include "net/docs_handlers.h"

#include <memory>

#include "apidocs/html_page.h"
#include "apidocs/openapi.h"
#include "apidocs/postman.h"
#include "apidocs/yaml.h"
#include "auth/rate_limiter.h"
#include "core/time_util.h"
#include "net/docs_cache.h"
#include "net/handler_util.h"
#include "net/problem.h"
#include "net/route_metrics.h"

namespace lg::net {
namespace {

enum class Form { kHtml, kOpenApiJson, kOpenApiYaml, kPostman };

struct FormRoute {
  Form form;
  std::string_view suffix;
};
constexpr FormRoute kForms[] = {
    {Form::kHtml, ""},
    {Form::kOpenApiJson, "/openapi.json"},
    {Form::kOpenApiYaml, "/openapi.yaml"},
    {Form::kPostman, "/postman.json"},
};

HttpResponse Render(const apidocs::DocsRequest& docs, Form form) {
  HttpResponse response;
  switch (form) {
    case Form::kHtml:
      response.content_type = "text/html; charset=utf-8";
      response.body = apidocs::BuildHtmlPage(docs);
      // Everything the page needs is inline; nothing may load from anywhere else.
      response.headers.emplace_back("Content-Security-Policy",
                                    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                                    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      break;
    case Form::kOpenApiJson:
      response.body = apidocs::BuildOpenApi(docs);
      break;
    case Form::kOpenApiYaml: {
      auto yaml = apidocs::JsonToYaml(apidocs::BuildOpenApi(docs));
      if (!yaml.has_value()) return ProblemResponse(yaml.error());
      response.content_type = "application/yaml; charset=utf-8";
      response.body = std::move(yaml).value();
      break;
    }
    case Form::kPostman:
      response.body = apidocs::BuildPostman(docs);
      response.headers.emplace_back("Content-Disposition", "inline; filename=\"postman_collection.json\"");
      break;
  }
  // The link is the credential: keep it out of Referer headers, caches and search engines.
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Robots-Tag", "noindex");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

// Rendered pages kept: a few forms of a few hundred tokens, and at most this many bytes.
constexpr size_t kCachedPages = 1024;
constexpr size_t kCachedBytes = 32 << 20;

// What the docs routes share, owned by their handlers (so it lives exactly as long as the
// router). The limiter is here rather than in DocsService because it is keyed by the client
// address, which only the HTTP layer knows; the service decides what a page shows, not who may
// ask how often. Likewise the cache holds HTTP responses, not service values.
struct DocsRoutes {
  explicit DocsRoutes(const ApiContext& context) : ctx(context) {}
  const ApiContext& ctx;
  auth::RateLimiter limiter;  // per client address, anonymous requests only
  DocsCache cache{{.max_entries = kCachedPages, .max_bytes = kCachedBytes}};
};

// The page of `source` in `form`, rendered once per version of what it shows. The source is
// looked up on every request, so a revoked link is 404 and a schema change shows at once.
HttpResponse Serve(DocsRoutes& routes, core::Result<service::DocsSource> source, Form form) {
  if (!source.has_value()) return ProblemResponse(source.error());
  std::string key = std::to_string(static_cast<int>(form)) + ":" + source->key;
  return routes.cache.GetOrBuild(key, [&] { return Render(service::DocsService::Build(*source), form); });
}

// An anonymous request takes one from its address's bucket before anything is looked up, so an
// unknown docs id costs as much as a known one: guessing links is slowed down like any other use.
// A request that came with a token (the admin-only account docs) is limited per token instead.
std::optional<HttpResponse> Throttle(DocsRoutes& routes, const HttpRequest& request, const auth::Principal* principal) {
  if (principal) return std::nullopt;
  auto decision =
      routes.limiter.Take(request.client_address, routes.ctx.docs.settings().public_limit, core::NowMillis());
  if (decision.allowed) return std::nullopt;
  Rejected("docs_rate").Add();
  return TooManyRequestsResponse("too_many_requests", "Too many documentation requests from this address; retry later.",
                                 decision.retry_after_s);
}

}  // namespace

void AddDocsRoutes(Router& router, const ApiContext& ctx) {
  const bool admin_only = ctx.docs.settings().account_docs_require_admin;
  Access account_access = admin_only ? Access::kBearer : Access::kPublic;
  // A filtered token's docs link is public; an unfiltered one's needs an admin token, which the
  // request may then carry (DocsService decides once the link's token is known).
  Access link_access = admin_only ? Access::kBearerIfSent : Access::kPublic;
  auto routes = std::make_shared<DocsRoutes>(ctx);
  for (const FormRoute& route : kForms) {
    const Form form = route.form;
    const std::string_view suffix = route.suffix;
    router.Add("GET", "/docs/{docs_id}" + std::string(suffix), link_access,
               [routes, form](const HttpRequest& request, const RouteParams& params,
                              const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
                 if (auto refused = Throttle(*routes, request, principal)) co_return std::move(*refused);
                 co_return Serve(*routes, routes->ctx.docs.SourceForDocsLink(params.at("docs_id"), principal), form);
               });
    router.Add("GET", "/a/{account_slug}/api-documentation" + std::string(suffix), account_access,
               [routes, form](const HttpRequest& request, const RouteParams& params,
                              const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
                 if (auto refused = Throttle(*routes, request, principal)) co_return std::move(*refused);
                 co_return Serve(*routes, routes->ctx.docs.SourceForAccount(params.at("account_slug"), principal),
                                 form);
               });
  }
}

}  // namespace lg::net
