#include "net/token_handlers.h"

#include "core/json_writer.h"
#include "net/handler_util.h"
#include "net/next_link.h"

namespace lg::net {
namespace {

using service::TokenService;

std::string EncodeToken(const ApiContext& ctx, const core::TokenRecord& record, const std::string* secret = nullptr) {
  return TokenService::Encode(record, ctx.base_url, ctx.tokens.LastUsed(record.id), ctx.tokens.settings(), secret);
}

// An answer that carries a token's secret: no cache (a browser's, a proxy's) may keep it.
HttpResponse SecretResponse(const ApiContext& ctx, int status, const service::IssuedToken& issued) {
  HttpResponse response = JsonResponse(status, EncodeToken(ctx, issued.record, &issued.secret));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

// Adds a route on /v2/tokens/{token_id}... whose handler gets the id.
template <typename Fn>
void AddTokenRoute(Router& router, const std::string& method, std::string_view pattern, Fn fn) {
  router.Add(method, pattern, Access::kBearer,
             [fn](const HttpRequest& request, const RouteParams& params, const auth::Principal* principal)
                 -> asio::awaitable<HttpResponse> { co_return fn(request, *principal, params.Id("token_id")); });
}

}  // namespace

void AddTokenRoutes(Router& router, const ApiContext& ctx) {
  router.Add("POST", "/v2/tokens", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.tokens.Create(*principal, request.body),
                                 [&](service::IssuedToken& issued) { return SecretResponse(ctx, 201, issued); });
             });
  router.Add("GET", "/v2/tokens", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.tokens.List(*principal), [&](std::vector<core::TokenRecord>& records) {
                 core::JsonWriter out;
                 out.BeginObject().Key("data").BeginArray();
                 for (const auto& r : records) out.Raw(EncodeToken(ctx, r));
                 out.EndArray().Key("meta").BeginObject().Key("count").Uint(records.size());
                 out.Key("has_more").Bool(false).EndObject();
                 out.Key("links").BeginObject().Key("next").Null().EndObject().EndObject();
                 return JsonResponse(200, out.Take());
               });
             });
  auto record_response = [&ctx](core::TokenRecord& r) { return JsonResponse(200, EncodeToken(ctx, r)); };
  auto secret_response = [&ctx](service::IssuedToken& issued) { return SecretResponse(ctx, 200, issued); };
  AddTokenRoute(router, "GET", "/v2/tokens/{token_id}",
                [&ctx, record_response](const HttpRequest&, const auth::Principal& p, uint64_t id) {
                  return Respond(ctx.tokens.Get(p, id), record_response);
                });
  AddTokenRoute(router, "PATCH", "/v2/tokens/{token_id}",
                [&ctx, record_response](const HttpRequest& request, const auth::Principal& p, uint64_t id) {
                  return Respond(ctx.tokens.Patch(p, id, request.body), record_response);
                });
  AddTokenRoute(router, "DELETE", "/v2/tokens/{token_id}",
                [&ctx, record_response](const HttpRequest&, const auth::Principal& p, uint64_t id) {
                  return Respond(ctx.tokens.Revoke(p, id), record_response);
                });
  AddTokenRoute(router, "POST", "/v2/tokens/{token_id}/reveal",
                [&ctx, secret_response](const HttpRequest&, const auth::Principal& p, uint64_t id) {
                  return Respond(ctx.tokens.Reveal(p, id), secret_response);
                });
  AddTokenRoute(router, "POST", "/v2/tokens/{token_id}/rotate",
                [&ctx, secret_response](const HttpRequest&, const auth::Principal& p, uint64_t id) {
                  return Respond(ctx.tokens.Rotate(p, id), secret_response);
                });
  AddTokenRoute(router, "POST", "/v2/tokens/{token_id}/docs-link/rotate",
                [&ctx, record_response](const HttpRequest&, const auth::Principal& p, uint64_t id) {
                  return Respond(ctx.tokens.RotateDocsLink(p, id), record_response);
                });
  router.Add("GET", "/v2/audit", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.audit.List(*principal, request.query), [&](service::AuditPage& page) {
                 std::optional<std::string> next_url;
                 if (page.next_cursor) {
                   next_url = NextPageUrl(ctx.base_url, request,
                                          {{"limit", std::to_string(page.limit)}, {"cursor", *page.next_cursor}});
                 }
                 core::JsonWriter out;
                 out.BeginObject().Key("data").BeginArray();
                 for (const auto& e : page.events_json) out.Raw(e);
                 out.EndArray().Key("meta").BeginObject().Key("limit").Uint(page.limit);
                 out.Key("has_more").Bool(page.next_cursor.has_value()).Key("next_cursor");
                 page.next_cursor ? out.String(*page.next_cursor) : out.Null();
                 out.EndObject().Key("links").BeginObject().Key("next");
                 next_url ? out.String(*next_url) : out.Null();
                 out.EndObject().EndObject();
                 HttpResponse response = JsonResponse(200, out.Take());
                 if (next_url) response.headers.emplace_back("Link", NextLinkHeader(*next_url));
                 return response;
               });
             });
}

}  // namespace lg::net
