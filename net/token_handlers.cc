#include "net/token_handlers.h"

#include "core/json_writer.h"
#include "net/handler_util.h"

namespace lg::net {

void AddTokenRoutes(Router& router, const ApiContext& ctx) {
  using service::TokenService;
  router.Add("POST", "/v2/tokens", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams&, const auth::Principal* principal) {
               return Respond(ctx.tokens.Create(*principal, request.body), [&](service::IssuedToken& issued) {
                 return JsonResponse(201, TokenService::Encode(issued.record, ctx.base_url, &issued.secret));
               });
             });
  router.Add("GET", "/v2/tokens", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams&, const auth::Principal* principal) {
               return Respond(ctx.tokens.List(*principal), [&](std::vector<core::TokenRecord>& records) {
                 core::JsonWriter out;
                 out.BeginObject().Key("data").BeginArray();
                 for (const auto& r : records) out.Raw(TokenService::Encode(r, ctx.base_url));
                 out.EndArray().Key("meta").BeginObject().Key("count").Uint(records.size());
                 out.Key("has_more").Bool(false).EndObject();
                 out.Key("links").BeginObject().Key("next").Null().EndObject().EndObject();
                 return JsonResponse(200, out.Take());
               });
             });
  router.Add("GET", "/v2/tokens/{token_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params, const auth::Principal* principal) {
               auto token_id = PathId(params, "token_id");
               if (!token_id) return NotFoundResponse();
               return Respond(ctx.tokens.Get(*principal, *token_id), [&](core::TokenRecord& r) {
                 return JsonResponse(200, TokenService::Encode(r, ctx.base_url));
               });
             });
  router.Add("DELETE", "/v2/tokens/{token_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params, const auth::Principal* principal) {
               auto token_id = PathId(params, "token_id");
               if (!token_id) return NotFoundResponse();
               return Respond(ctx.tokens.Revoke(*principal, *token_id), [&](core::TokenRecord& r) {
                 return JsonResponse(200, TokenService::Encode(r, ctx.base_url));
               });
             });
}

}  // namespace lg::net
