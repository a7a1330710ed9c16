#include "net/stats_handlers.h"

#include "core/time_util.h"
#include "net/handler_util.h"
#include "net/problem.h"

namespace lg::net {

void AddStatsRoutes(Router& router, const ApiContext& ctx) {
  router.Add(
      "GET", "/v2/campaigns/{campaign_id}/stats", Access::kBearer,
      [&ctx](const HttpRequest& request, const RouteParams& params,
             const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        const bool csv = request.accept.find("text/csv") != std::string::npos;
        co_return Respond(ctx.stats.Table(*principal, params.Id("campaign_id"), request.query, core::NowMillis()),
                          [&](core::StatsTable& table) {
                            if (!csv) return JsonResponse(200, core::StatsJson(table));
                            HttpResponse response;
                            response.content_type = "text/csv; charset=utf-8";
                            response.body = core::StatsCsv(table);
                            return response;
                          });
      },
      // A few hundred counter reads at most: off the reactors all the same.
      Runs::kOnReaders);
}

}  // namespace lg::net
