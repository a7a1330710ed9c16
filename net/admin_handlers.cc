#include "net/admin_handlers.h"

#include "core/json_writer.h"
#include "net/handler_util.h"

namespace lg::net {

void AddAdminRoutes(Router& router, const ApiContext& ctx) {
  // On the worker pool (the default): the checkpoint waits on the disk.
  router.Add("POST", "/v2/admin/backup", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.backups.Create(*principal), [](const service::Backup& backup) {
                 core::JsonWriter out;
                 out.BeginObject().Key("name").String(backup.name).Key("path").String(backup.path);
                 out.Key("created_at").String(backup.created_at).Key("bytes").Uint(backup.bytes).EndObject();
                 return JsonResponse(201, out.Take());
               });
             });
}

}  // namespace lg::net
