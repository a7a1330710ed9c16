#include "net/campaign_handlers.h"

#include <functional>

#include "core/campaign_json.h"
#include "core/json_writer.h"
#include "net/handler_util.h"
#include "service/vendor_offboarding.h"

namespace lg::net {
namespace {

using service::CampaignPtr;

HttpResponse CampaignResponse(int status, const CampaignPtr& campaign) {
  return JsonResponse(status, core::EncodeCampaign(*campaign, core::CampaignForm::kApi));
}

// What a token reads of a schema: a filtered vendor token sees only the option values (and
// statuses) its filter allows, so it never learns the other vendors' names. Other tokens get
// the cached schema as it is, without a copy; a vendor's cut is the one its request's scope
// holds (LeadService::VisibleSchema).
void WriteVisibleSchema(core::JsonWriter& out, const ApiContext& ctx, const auth::Principal& principal,
                        const CampaignPtr& campaign) {
  core::WriteCampaign(out, *ctx.leads.VisibleSchema(principal, campaign), core::CampaignForm::kApi);
}

// A schema change, answered with the whole updated campaign.
using SchemaChange = std::function<core::Result<CampaignPtr>(const auth::Principal&, uint64_t campaign_id,
                                                             const RouteParams&, std::string_view body)>;
// A change to the campaign (its name, or a new field, select or status).
using CampaignChange = core::Result<CampaignPtr> (service::CampaignService::*)(const auth::Principal&, uint64_t,
                                                                               std::string_view);
// A change to one member of the schema named by the path's {slug} (a field, status or select).
using MemberChange = core::Result<CampaignPtr> (service::CampaignService::*)(const auth::Principal&, uint64_t,
                                                                             std::string_view, std::string_view);

SchemaChange Of(const ApiContext& ctx, CampaignChange change) {
  return [&ctx, change](const auth::Principal& p, uint64_t id, const RouteParams&, std::string_view body) {
    return (ctx.campaigns.*change)(p, id, body);
  };
}
SchemaChange Of(const ApiContext& ctx, MemberChange change) {
  return [&ctx, change](const auth::Principal& p, uint64_t id, const RouteParams& params, std::string_view body) {
    return (ctx.campaigns.*change)(p, id, params.at("slug"), body);
  };
}
// A change to one option of the select named by the path's {slug}.
using OptionChange = core::Result<CampaignPtr> (service::CampaignService::*)(const auth::Principal&, uint64_t,
                                                                             std::string_view, std::string_view,
                                                                             std::string_view);
SchemaChange Of(const ApiContext& ctx, OptionChange change) {
  return [&ctx, change](const auth::Principal& p, uint64_t id, const RouteParams& params, std::string_view body) {
    return (ctx.campaigns.*change)(p, id, params.at("slug"), params.at("option_slug"), body);
  };
}

void AddSchemaChange(Router& router, std::string method, std::string_view pattern, SchemaChange change,
                     int success_status) {
  router.Add(
      std::move(method), pattern, Access::kBearer,
      [change = std::move(change), success_status](const HttpRequest& request, const RouteParams& params,
                                                   const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        co_return Respond(change(*principal, params.Id("campaign_id"), params, request.body),
                          [&](CampaignPtr& c) { return CampaignResponse(success_status, c); });
      });
}

}  // namespace

void AddCampaignRoutes(Router& router, const ApiContext& ctx) {
  router.Add("GET", "/v2/campaigns", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               auto campaigns = ctx.campaigns.List(*principal);
               core::JsonWriter out;
               out.BeginObject().Key("data").BeginArray();
               for (const auto& c : campaigns) WriteVisibleSchema(out, ctx, *principal, c);
               out.EndArray().Key("meta").BeginObject().Key("count").Uint(campaigns.size());
               out.Key("has_more").Bool(false).EndObject();
               out.Key("links").BeginObject().Key("next").Null().EndObject().EndObject();
               co_return JsonResponse(200, out.Take());
             });
  router.Add("POST", "/v2/campaigns", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.campaigns.Create(*principal, request.body),
                                 [](CampaignPtr& c) { return CampaignResponse(201, c); });
             });
  router.Add("GET", "/v2/campaigns/{campaign_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.campaigns.Get(*principal, params.Id("campaign_id")), [&](CampaignPtr& c) {
                 core::JsonWriter out;
                 WriteVisibleSchema(out, ctx, *principal, c);
                 return JsonResponse(200, out.Take());
               });
             });
  using service::CampaignService;
  AddSchemaChange(router, "PATCH", "/v2/campaigns/{campaign_id}", Of(ctx, &CampaignService::Patch), 200);
  AddSchemaChange(router, "POST", "/v2/campaigns/{campaign_id}/fields", Of(ctx, &CampaignService::AddField), 201);
  AddSchemaChange(router, "POST", "/v2/campaigns/{campaign_id}/selects", Of(ctx, &CampaignService::AddSelect), 201);
  AddSchemaChange(router, "POST", "/v2/campaigns/{campaign_id}/statuses", Of(ctx, &CampaignService::AddStatus), 201);
  AddSchemaChange(router, "PATCH", "/v2/campaigns/{campaign_id}/fields/{slug}", Of(ctx, &CampaignService::PatchField),
                  200);
  AddSchemaChange(router, "PATCH", "/v2/campaigns/{campaign_id}/statuses/{slug}",
                  Of(ctx, &CampaignService::PatchStatus), 200);
  AddSchemaChange(router, "POST", "/v2/campaigns/{campaign_id}/selects/{slug}/options",
                  Of(ctx, &CampaignService::AddOption), 201);
  // Renames (labels; slugs never change) and retirement (`"retired": true`, reversible).
  AddSchemaChange(router, "PATCH", "/v2/campaigns/{campaign_id}/selects/{slug}", Of(ctx, &CampaignService::PatchSelect),
                  200);
  AddSchemaChange(router, "PATCH", "/v2/campaigns/{campaign_id}/selects/{slug}/options/{option_slug}",
                  Of(ctx, &CampaignService::PatchOption), 200);
  // A vendor leaves: its tokens revoked and its option retired, in one step (dry_run: what would).
  router.Add("POST", "/v2/campaigns/{campaign_id}/selects/{slug}/options/{option_slug}/offboard", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               service::VendorOffboarding offboarding(ctx.campaigns, ctx.filters, ctx.tokens, ctx.webhooks, ctx.audit);
               co_return Respond(offboarding.Offboard(*principal, params.Id("campaign_id"), params.at("slug"),
                                                      params.at("option_slug"), request.body),
                                 [](service::Offboarded& done) {
                                   core::JsonWriter out;
                                   out.BeginObject().Key("dry_run").Bool(done.dry_run);
                                   out.Key("option_retired").Bool(done.option_retired);
                                   out.Key("tokens_revoked").BeginArray();
                                   for (uint64_t id : done.tokens) out.Uint(id);
                                   out.EndArray().Key("webhooks_disabled").BeginArray();
                                   for (uint64_t id : done.webhooks) out.Uint(id);
                                   out.EndArray().EndObject();
                                   return JsonResponse(200, out.Take());
                                 });
             });
}

}  // namespace lg::net
