#include "net/webhook_handlers.h"

#include "core/json_writer.h"
#include "core/time_util.h"
#include "core/webhook_delivery.h"
#include "net/handler_util.h"

namespace lg::net {
namespace {

using service::WebhookWithSecret;

// An answer that carries a secret: no cache may keep it.
HttpResponse SecretResponse(int status, const WebhookWithSecret& made) {
  HttpResponse response =
      JsonResponse(status, core::WebhookEndpointJson(made.endpoint, core::NowMillis(), &made.secret));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse EndpointResponse(const core::WebhookEndpoint& endpoint) {
  return JsonResponse(200, core::WebhookEndpointJson(endpoint, core::NowMillis()));
}

// Adds a route on /v2/webhooks/{webhook_id}... whose handler gets the id.
template <typename Fn>
void AddEndpointRoute(Router& router, const std::string& method, std::string_view pattern, Fn fn,
                      std::optional<Reach> reach = std::nullopt) {
  router.Add(
      method, pattern, Access::kBearer,
      [fn](const HttpRequest& request, const RouteParams& params, const auth::Principal* principal)
          -> asio::awaitable<HttpResponse> { co_return fn(request, params, *principal, params.Id("webhook_id")); },
      std::nullopt, reach);
}

HttpResponse DeliveryResponse(int status, const core::WebhookDelivery& delivery) {
  return JsonResponse(status, core::WebhookDeliveryJson(delivery));
}

void AddDeliveryRoutes(Router& router, const ApiContext& ctx) {
  // Served by the node asked. In cluster mode the delivery log is the same on every node (the
  // dispatcher's writes go through the log): a replay is recorded everywhere and sent by the node
  // holding the delivery lease; a ping is sent by this node, which waits for its answer.
  AddEndpointRoute(router, "GET", "/v2/webhooks/{webhook_id}/deliveries",
                   [&ctx](const HttpRequest& request, const RouteParams&, const auth::Principal& p, uint64_t id) {
                     return Respond(ctx.webhook_deliveries.Deliveries(p, id, request.query),
                                    [](service::WebhookDeliveryPage& page) {
                                      core::JsonWriter out;
                                      out.BeginObject().Key("data").BeginArray();
                                      for (const auto& d : page.deliveries) out.Raw(core::WebhookDeliveryJson(d));
                                      out.EndArray().Key("meta").BeginObject();
                                      out.Key("count").Uint(page.deliveries.size()).Key("next_cursor");
                                      if (page.next_cursor) {
                                        out.String(*page.next_cursor);
                                      } else {
                                        out.Null();
                                      }
                                      out.EndObject().EndObject();
                                      return JsonResponse(200, out.Take());
                                    });
                   });
  AddEndpointRoute(
      router, "POST", "/v2/webhooks/{webhook_id}/deliveries/{delivery_id}/replay",
      [&ctx](const HttpRequest&, const RouteParams& params, const auth::Principal& p, uint64_t id) {
        auto delivery_id = params.find("delivery_id");
        return Respond(ctx.webhook_deliveries.Replay(p, id, delivery_id->second),
                       [](core::WebhookDelivery& d) { return DeliveryResponse(202, d); });
      },
      Reach::kThisNode);
  AddEndpointRoute(
      router, "POST", "/v2/webhooks/{webhook_id}/replay",
      [&ctx](const HttpRequest& request, const RouteParams&, const auth::Principal& p, uint64_t id) {
        return Respond(ctx.webhook_deliveries.ReplayFailed(p, id, request.body), [](size_t& n) {
          core::JsonWriter out;
          out.BeginObject().Key("replayed").Uint(n).EndObject();
          return JsonResponse(202, out.Take());
        });
      },
      Reach::kThisNode);
  AddEndpointRoute(
      router, "POST", "/v2/webhooks/{webhook_id}/ping",
      [&ctx](const HttpRequest&, const RouteParams&, const auth::Principal& p, uint64_t id) {
        return Respond(ctx.webhook_deliveries.Ping(p, id),
                       [](core::WebhookDelivery& d) { return DeliveryResponse(200, d); });
      },
      Reach::kThisNode);
}

}  // namespace

void AddWebhookRoutes(Router& router, const ApiContext& ctx) {
  router.Add("POST", "/v2/webhooks", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.webhooks.Create(*principal, request.body),
                                 [](WebhookWithSecret& made) { return SecretResponse(201, made); });
             });
  router.Add("GET", "/v2/webhooks", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               const int64_t now = core::NowMillis();
               core::JsonWriter out;
               auto endpoints = ctx.webhooks.List(*principal);
               out.BeginObject().Key("data").BeginArray();
               for (const auto& endpoint : endpoints) out.Raw(core::WebhookEndpointJson(endpoint, now));
               out.EndArray().Key("meta").BeginObject().Key("count").Uint(endpoints.size()).EndObject().EndObject();
               co_return JsonResponse(200, out.Take());
             });
  AddEndpointRoute(router, "GET", "/v2/webhooks/{webhook_id}",
                   [&ctx](const HttpRequest&, const RouteParams&, const auth::Principal& p, uint64_t id) {
                     return Respond(ctx.webhooks.Get(p, id), EndpointResponse);
                   });
  AddEndpointRoute(router, "PATCH", "/v2/webhooks/{webhook_id}",
                   [&ctx](const HttpRequest& request, const RouteParams&, const auth::Principal& p, uint64_t id) {
                     return Respond(ctx.webhooks.Patch(p, id, request.body), EndpointResponse);
                   });
  AddEndpointRoute(router, "DELETE", "/v2/webhooks/{webhook_id}",
                   [&ctx](const HttpRequest&, const RouteParams&, const auth::Principal& p, uint64_t id) {
                     core::Status deleted = ctx.webhooks.Delete(p, id);
                     if (!deleted.ok()) return ProblemResponse(deleted);
                     HttpResponse response;
                     response.status = 204;
                     return response;
                   });
  AddEndpointRoute(router, "POST", "/v2/webhooks/{webhook_id}/reveal",
                   [&ctx](const HttpRequest&, const RouteParams&, const auth::Principal& p, uint64_t id) {
                     return Respond(ctx.webhooks.Reveal(p, id),
                                    [](WebhookWithSecret& made) { return SecretResponse(200, made); });
                   });
  AddEndpointRoute(router, "POST", "/v2/webhooks/{webhook_id}/rotate",
                   [&ctx](const HttpRequest& request, const RouteParams&, const auth::Principal& p, uint64_t id) {
                     return Respond(ctx.webhooks.Rotate(p, id, request.body),
                                    [](WebhookWithSecret& made) { return SecretResponse(200, made); });
                   });
  AddDeliveryRoutes(router, ctx);
}

}  // namespace lg::net
