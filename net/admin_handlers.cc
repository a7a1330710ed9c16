#include "net/admin_handlers.h"

#include "auth/policy.h"
#include "core/json_writer.h"
#include "core/metrics.h"
#include "net/handler_util.h"

namespace lg::net {

void AddAdminRoutes(Router& router, const ApiContext& ctx) {
  router.Add("GET", "/metrics", ctx.metrics_require_admin ? Access::kBearer : Access::kPublic,
             [&ctx](const HttpRequest&, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               if (principal) {
                 if (auto s = auth::RequireAdmin(*principal); !s.ok()) co_return ProblemResponse(s);
               }
               HttpResponse response;
               response.content_type = "text/plain; version=0.0.4; charset=utf-8";
               response.body = core::metrics::Registry::Global().Render();
               co_return response;
             });

  // What `leadgate cluster status` prints. On the worker pool: it asks the log.
  router.Add(
      "GET", "/v2/admin/cluster", Access::kBearer,
      [&ctx](const HttpRequest&, const RouteParams&,
             const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        if (auto s = auth::RequireAdmin(*principal); !s.ok()) co_return ProblemResponse(s);
        if (!ctx.cluster) co_return JsonResponse(200, R"({"enabled":false})");
        co_return Respond(ctx.cluster->status(), [](std::string& json) { return JsonResponse(200, std::move(json)); });
      },
      Runs::kOnWorker);

  // On the worker pool (the default): the checkpoint waits on the disk. A backup is of this
  // node's store, so it is taken here, not through the replicated log.
  router.Add(
      "POST", "/v2/admin/backup", Access::kBearer,
      [&ctx](const HttpRequest&, const RouteParams&,
             const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        co_return Respond(ctx.backups.Create(*principal), [](const service::Backup& backup) {
          core::JsonWriter out;
          out.BeginObject().Key("name").String(backup.name).Key("path").String(backup.path);
          out.Key("created_at").String(backup.created_at).Key("bytes").Uint(backup.bytes).EndObject();
          return JsonResponse(201, out.Take());
        });
      },
      Runs::kOnWorker, Reach::kThisNode);
}

}  // namespace lg::net
