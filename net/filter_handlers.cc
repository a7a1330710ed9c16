#include "net/filter_handlers.h"

#include "core/filter_json.h"
#include "core/json_writer.h"
#include "net/handler_util.h"

namespace lg::net {
namespace {

using service::FilterPtr;

HttpResponse FilterResponse(int status, const FilterPtr& filter) {
  return JsonResponse(status, core::EncodeFilter(*filter, /*stored=*/false));
}

}  // namespace

void AddFilterRoutes(Router& router, const ApiContext& ctx) {
  router.Add("POST", "/v2/campaigns/{campaign_id}/filters", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.filters.Create(*principal, params.Id("campaign_id"), request.body),
                                 [](FilterPtr& f) { return FilterResponse(201, f); });
             });
  router.Add("GET", "/v2/campaigns/{campaign_id}/filters", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.filters.List(*principal, params.Id("campaign_id")),
                                 [](std::vector<FilterPtr>& filters) {
                                   core::JsonWriter out;
                                   out.BeginObject().Key("data").BeginArray();
                                   for (const auto& f : filters) core::WriteFilter(out, *f, false);
                                   out.EndArray().Key("meta").BeginObject().Key("count").Uint(filters.size());
                                   out.Key("has_more").Bool(false).EndObject();
                                   out.Key("links").BeginObject().Key("next").Null().EndObject().EndObject();
                                   return JsonResponse(200, out.Take());
                                 });
             });
  router.Add("GET", "/v2/campaigns/{campaign_id}/filters/{filter_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.filters.Get(*principal, core::CampaignId(params.Id("campaign_id")),
                                                 core::FilterId(params.Id("filter_id"))),
                                 [](FilterPtr& f) { return FilterResponse(200, f); });
             });
  router.Add("PATCH", "/v2/campaigns/{campaign_id}/filters/{filter_id}", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.filters.Patch(*principal, core::CampaignId(params.Id("campaign_id")),
                                                   core::FilterId(params.Id("filter_id")), request.body),
                                 [](FilterPtr& f) { return FilterResponse(200, f); });
             });
  router.Add("DELETE", "/v2/campaigns/{campaign_id}/filters/{filter_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               core::Status deleted = ctx.filters.Delete(*principal, core::CampaignId(params.Id("campaign_id")),
                                                         core::FilterId(params.Id("filter_id")));
               if (!deleted.ok()) co_return ProblemResponse(deleted);
               HttpResponse response;
               response.status = 204;
               co_return response;
             });
}

}  // namespace lg::net
