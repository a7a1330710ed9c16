#include "net/docs_handlers.h"

#include "docs/html_page.h"
#include "docs/openapi.h"
#include "docs/postman.h"
#include "docs/yaml.h"
#include "net/handler_util.h"
#include "net/problem.h"

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

HttpResponse Render(const docs::DocsRequest& docs, Form form) {
  HttpResponse response;
  switch (form) {
    case Form::kHtml:
      response.content_type = "text/html; charset=utf-8";
      response.body = docs::BuildHtmlPage(docs);
      // Everything the page needs is inline; nothing may load from anywhere else.
      response.headers.emplace_back("Content-Security-Policy",
                                    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                                    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      break;
    case Form::kOpenApiJson:
      response.body = docs::BuildOpenApi(docs);
      break;
    case Form::kOpenApiYaml: {
      auto yaml = docs::JsonToYaml(docs::BuildOpenApi(docs));
      if (!yaml.has_value()) return ProblemResponse(yaml.error());
      response.content_type = "application/yaml; charset=utf-8";
      response.body = std::move(yaml).value();
      break;
    }
    case Form::kPostman:
      response.body = docs::BuildPostman(docs);
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

}  // namespace

void AddDocsRoutes(Router& router, const ApiContext& ctx) {
  Access account_access = ctx.docs.settings().account_docs_require_admin ? Access::kBearer : Access::kPublic;
  for (const FormRoute& route : kForms) {
    const Form form = route.form;
    const std::string_view suffix = route.suffix;
    router.Add("GET", "/docs/{docs_id}" + std::string(suffix), Access::kPublic,
               [&ctx, form](const HttpRequest&, const RouteParams& params,
                            const auth::Principal*) -> asio::awaitable<HttpResponse> {
                 co_return Respond(ctx.docs.ForDocsLink(params.at("docs_id")),
                                   [&](docs::DocsRequest& docs) { return Render(docs, form); });
               });
    router.Add("GET", "/a/{account_slug}/api-documentation" + std::string(suffix), account_access,
               [&ctx, form](const HttpRequest&, const RouteParams& params,
                            const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
                 co_return Respond(ctx.docs.ForAccount(params.at("account_slug"), principal),
                                   [&](docs::DocsRequest& docs) { return Render(docs, form); });
               });
  }
}

}  // namespace lg::net
