#include "net/api.h"

#include "core/log.h"
#include "core/time_util.h"
#include "net/campaign_handlers.h"
#include "net/filter_handlers.h"
#include "net/handler_util.h"
#include "net/lead_handlers.h"
#include "net/token_handlers.h"

namespace lg::net {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (out.find(item) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

void AddHealthRoutes(Router& router) {
  auto ok = [](const HttpRequest&, const RouteParams&, const auth::Principal*) {
    return JsonResponse(200, "{\"status\":\"ok\"}");
  };
  router.Add("GET", "/livez", Access::kPublic, ok);
  router.Add("GET", "/readyz", Access::kPublic, ok);
}

}  // namespace

Api::Api(ApiContext ctx) : ctx_(std::move(ctx)) {
  AddHealthRoutes(router_);
  AddCampaignRoutes(router_, ctx_);
  AddFilterRoutes(router_, ctx_);
  AddLeadRoutes(router_, ctx_);
  AddTokenRoutes(router_, ctx_);
}

HttpResponse Api::Handle(const HttpRequest& request) const {
  try {
    Router::Match match = router_.Find(request.method, request.path);
    if (!match.route) {
      if (match.allowed.empty()) return ProblemResponse(404, "not_found", "No such resource.");
      HttpResponse response =
          ProblemResponse(405, "method_not_allowed", "Allowed methods: " + Join(match.allowed) + ".");
      response.headers.emplace_back("Allow", Join(match.allowed));
      return response;
    }
    std::optional<auth::Principal> principal;
    if (match.route->access == Access::kBearer) {
      auto authenticated = ctx_.authenticator.Authenticate(request.authorization, core::NowMillis());
      if (!authenticated.ok()) return ProblemResponse(authenticated.status());
      principal = std::move(authenticated).value();
    }
    HttpResponse response = match.route->handler(request, match.params, principal ? &*principal : nullptr);
    if (response.status >= 500)
      core::log::Error("request_failed", {{"method", request.method}, {"path", request.path}});
    return response;
  } catch (const std::exception& e) {
    core::log::Error("handler_exception", {{"what", e.what()}, {"path", request.path}});
    return ProblemResponse(500, "internal_error", "An internal error occurred.");
  }
}

}  // namespace lg::net
