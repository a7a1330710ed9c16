#include "net/lead_handlers.h"

#include "core/json_writer.h"
#include "net/handler_util.h"
#include "net/request_target.h"

namespace lg::net {
namespace {

HttpResponse CreatedLeadResponse(const ApiContext& ctx, service::CreatedLead& created) {
  HttpResponse response = JsonResponse(201, std::move(created.json));
  response.headers.emplace_back("Location", ctx.base_url + "/v2/campaigns/" + std::to_string(created.campaign_id) +
                                                "/leads/" + std::to_string(created.lead_id));
  return response;
}

// The next page's URL: the same conditions and sort, with the next cursor or page number.
std::optional<std::string> NextUrl(const ApiContext& ctx, const HttpRequest& request, const service::LeadPage& page) {
  if (!page.next_cursor && !page.next_page) return std::nullopt;
  std::string url = ctx.base_url + request.path + "?";
  for (const auto& [name, value] : request.query) {
    if (name == "cursor" || name == "page" || name == "limit" || name == "per_page") continue;
    url += EncodeQueryValue(name) + "=" + EncodeQueryValue(value) + "&";
  }
  if (page.next_page) {
    return url + "page=" + std::to_string(*page.next_page) + "&per_page=" + std::to_string(page.limit);
  }
  return url + "limit=" + std::to_string(page.limit) + "&cursor=" + EncodeQueryValue(*page.next_cursor);
}

HttpResponse ListResponse(const ApiContext& ctx, const HttpRequest& request, service::LeadPage& page) {
  std::optional<std::string> next_url = NextUrl(ctx, request, page);
  core::JsonWriter out;
  out.BeginObject().Key("data").BeginArray();
  for (const auto& lead : page.leads_json) out.Raw(lead);
  out.EndArray();
  out.Key("meta").BeginObject().Key("limit").Uint(page.limit).Key("has_more").Bool(next_url.has_value());
  out.Key("next_cursor");
  page.next_cursor ? out.String(*page.next_cursor) : out.Null();
  if (page.page) out.Key("page").Uint(*page.page).Key("per_page").Uint(page.limit);
  out.EndObject();
  out.Key("links").BeginObject().Key("next");
  next_url ? out.String(*next_url) : out.Null();
  out.EndObject().EndObject();
  HttpResponse response = JsonResponse(200, out.Take());
  if (next_url) response.headers.emplace_back("Link", "<" + *next_url + ">; rel=\"next\"");
  return response;
}

}  // namespace

void AddLeadRoutes(Router& router, const ApiContext& ctx) {
  auto create = [&ctx](const HttpRequest& request, const RouteParams& params, const auth::Principal* principal) {
    std::optional<uint64_t> campaign_id;
    if (params.contains("campaign_id")) {
      campaign_id = PathId(params, "campaign_id");
      if (!campaign_id) return NotFoundResponse();
    }
    return Respond(ctx.leads.Create(*principal, campaign_id, request.body),
                   [&](service::CreatedLead& created) { return CreatedLeadResponse(ctx, created); });
  };
  router.Add("POST", "/v2/campaigns/{campaign_id}/leads", Access::kBearer, create);
  router.Add("POST", "/v2/leads", Access::kBearer, create);
  router.Add("POST", "/leads", Access::kBearer, create);

  router.Add("GET", "/v2/campaigns/{campaign_id}/leads", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams& params, const auth::Principal* principal) {
               auto campaign_id = PathId(params, "campaign_id");
               if (!campaign_id) return NotFoundResponse();
               return Respond(ctx.leads.List(*principal, *campaign_id, request.query),
                              [&](service::LeadPage& page) { return ListResponse(ctx, request, page); });
             });

  router.Add("GET", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params, const auth::Principal* principal) {
               auto campaign_id = PathId(params, "campaign_id");
               auto lead_id = PathId(params, "lead_id");
               if (!campaign_id || !lead_id) return NotFoundResponse();
               return Respond(ctx.leads.Get(*principal, *campaign_id, *lead_id),
                              [](std::string& json) { return JsonResponse(200, std::move(json)); });
             });

  router.Add("PATCH", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams& params, const auth::Principal* principal) {
               auto campaign_id = PathId(params, "campaign_id");
               auto lead_id = PathId(params, "lead_id");
               if (!campaign_id || !lead_id) return NotFoundResponse();
               return Respond(ctx.leads.Patch(*principal, *campaign_id, *lead_id, request.body),
                              [](std::string& json) { return JsonResponse(200, std::move(json)); });
             });
}

}  // namespace lg::net
