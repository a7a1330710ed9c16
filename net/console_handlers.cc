#include "net/console_handlers.h"

#include "net/console_assets.h"
#include "net/handler_util.h"

namespace lg::net {
namespace {

// Scripts and styles come from the console's own files only: no inline script, no eval, no
// other host. The API is called on this origin; the page cannot be framed or post forms.
constexpr std::string_view kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

HttpResponse AssetResponse(const ConsoleAsset& asset) {
  HttpResponse response;
  response.content_type = std::string(asset.content_type);
  response.body = std::string(asset.body);
  response.headers.emplace_back("Content-Security-Policy", std::string(kPolicy));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  // Revalidated on every load, so a new binary's console is used at once.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

const ConsoleAsset* FindAsset(std::string_view name) {
  for (const ConsoleAsset& asset : ConsoleAssets()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

}  // namespace

void AddConsoleRoutes(Router& router) {
  router.Add("GET", "/console", Access::kPublic,
             [](const HttpRequest&, const RouteParams&, const auth::Principal*) -> asio::awaitable<HttpResponse> {
               HttpResponse response;
               response.status = 308;
               response.content_type = "text/plain; charset=utf-8";
               response.body = "/console/\n";
               response.headers.emplace_back("Location", "/console/");
               co_return response;
             });
  router.Add("GET", "/console/", Access::kPublic,
             [](const HttpRequest&, const RouteParams&, const auth::Principal*) -> asio::awaitable<HttpResponse> {
               const ConsoleAsset* index = FindAsset("index.html");
               co_return index ? AssetResponse(*index) : NotFoundResponse();
             });
  router.Add(
      "GET", "/console/{file}", Access::kPublic,
      [](const HttpRequest&, const RouteParams& params, const auth::Principal*) -> asio::awaitable<HttpResponse> {
        const ConsoleAsset* asset = FindAsset(params.at("file"));
        co_return asset ? AssetResponse(*asset) : NotFoundResponse();
      });
}

}  // namespace lg::net
