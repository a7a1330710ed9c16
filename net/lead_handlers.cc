#include "net/lead_handlers.h"

#include <chrono>
#include <functional>

#include "core/json_writer.h"
#include "core/list_query.h"
#include "net/bulk_create_handler.h"
#include "net/handler_util.h"
#include "net/lead_stream_handler.h"
#include "net/live_feed.h"
#include "net/next_link.h"
#include "net/worker_pool.h"

namespace lg::net {
namespace {

HttpResponse CreatedResponse(const ApiContext& ctx, service::CreatedLead& created) {
  HttpResponse response = JsonResponse(201, std::move(created.json));
  response.headers.emplace_back("Location", ctx.base_url + created.location);
  if (created.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

// The next page's URL: the same conditions and sort, with the next cursor or page number.
std::optional<std::string> NextUrl(const ApiContext& ctx, const HttpRequest& request, const service::LeadPage& page) {
  if (page.next_page) {
    return NextPageUrl(ctx.base_url, request,
                       {{"page", std::to_string(*page.next_page)}, {"per_page", std::to_string(page.limit)}});
  }
  if (page.next_cursor) {
    return NextPageUrl(ctx.base_url, request, {{"limit", std::to_string(page.limit)}, {"cursor", *page.next_cursor}});
  }
  return std::nullopt;
}

HttpResponse ListResponse(const ApiContext& ctx, const HttpRequest& request, service::LeadPage& page) {
  std::optional<std::string> next_url = NextUrl(ctx, request, page);
  core::JsonWriter out;
  out.Reserve(page.leads_json.size() + 512 + (next_url ? 2 * next_url->size() : 0));
  out.BeginObject().Key("data").BeginArray();
  if (page.count > 0) out.Raw(page.leads_json);
  out.EndArray();
  out.Key("meta").BeginObject().Key("limit").Uint(page.limit).Key("has_more").Bool(next_url.has_value());
  out.Key("next_cursor");
  page.next_cursor ? out.String(*page.next_cursor) : out.Null();
  if (page.poll_cursor) out.Key("poll_cursor").String(*page.poll_cursor);
  if (page.page) out.Key("page").Uint(*page.page).Key("per_page").Uint(page.limit);
  out.EndObject();
  out.Key("links").BeginObject().Key("next");
  next_url ? out.String(*next_url) : out.Null();
  out.EndObject().EndObject();
  HttpResponse response = JsonResponse(200, out.Take());
  if (next_url) response.headers.emplace_back("Link", NextLinkHeader(*next_url));
  return response;
}

}  // namespace

void AddLeadRoutes(Router& router, const ApiContext& ctx) {
  // Answered once the lead is synced; the reactor serves other connections meanwhile.
  auto create = [&ctx](const HttpRequest& request, const RouteParams& params,
                       const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
    // From /v2/campaigns/{campaign_id}/leads; /v2/leads and /leads name none.
    const std::optional<uint64_t> campaign_id = params.FindId("campaign_id");
    auto created = co_await ctx.leads.Create(*principal, campaign_id, request.body, IdempotencyOf(request));
    co_return Respond(std::move(created), [&](service::CreatedLead& lead) { return CreatedResponse(ctx, lead); });
  };
  router.Add("POST", "/v2/campaigns/{campaign_id}/leads", Access::kBearer, create, Runs::kOnReactor);
  router.Add("POST", "/v2/leads", Access::kBearer, create, Runs::kOnReactor);
  router.Add("POST", "/leads", Access::kBearer, create, Runs::kOnReactor);

  // Admin tokens only (see LeadService::Count). POST because the conditions are a document, but
  // a read: answered from this node's copy. On the read pool, as a count may read much of a
  // campaign.
  router.Add(
      "POST", "/v2/campaigns/{campaign_id}/leads/count", Access::kBearer,
      [&ctx](const HttpRequest& request, const RouteParams& params,
             const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        co_return Respond(ctx.leads.Count(*principal, params.Id("campaign_id"), request.body),
                          [](service::LeadCount& c) {
                            core::JsonWriter out;
                            out.BeginObject().Key("count").Uint(c.matches).Key("exact").Bool(c.exact);
                            out.Key("examined").Uint(c.examined).EndObject();
                            return JsonResponse(200, out.Take());
                          });
      },
      Runs::kOnReaders, Reach::kThisNode);

  AddBulkCreateRoute(router, ctx);

  router.Add(
      "GET", "/v2/campaigns/{campaign_id}/leads", Access::kBearer,
      [&ctx](const HttpRequest& request, const RouteParams& params,
             const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        const uint64_t campaign_id = params.Id("campaign_id");
        auto wait = core::ParseListWait(request.query, ctx.live_feed.max_wait_seconds);
        if (!wait.has_value()) co_return ProblemResponse(wait.error());
        core::Result<service::LeadPage> page = core::Status::Internal("list not read");
        if (*wait) {
          page = co_await LongPollPage(ctx, request, *principal, campaign_id, std::chrono::seconds(**wait));
        } else {
          // A page seeks to its range, but conditions no index answers are checked lead by lead
          // and may read much of a campaign: off the reactors, on the read pool.
          std::function<void()> read = [&] { page = ctx.leads.List(*principal, campaign_id, request.query); };
          co_await ctx.readers.Run(std::move(read));
        }
        co_return Respond(std::move(page), [&](service::LeadPage& p) { return ListResponse(ctx, request, p); });
      },
      // A long-poll waits here without holding a thread; the reads go to the read pool.
      Runs::kOnReactor);

  AddLeadStreamRoute(router, ctx);

  router.Add("GET", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.leads.Get(*principal, core::CampaignId(params.Id("campaign_id")),
                                               core::LeadId(params.Id("lead_id"))),
                                 [](std::string& json) { return JsonResponse(200, std::move(json)); });
             });

  router.Add("PATCH", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.leads.Patch(*principal, core::CampaignId(params.Id("campaign_id")),
                                                 core::LeadId(params.Id("lead_id")), request.body),
                                 [](std::string& json) { return JsonResponse(200, std::move(json)); });
             });

  // 204 once the deletion is synced; the sync feed then carries the lead's tombstone.
  router.Add("DELETE", "/v2/campaigns/{campaign_id}/leads/{lead_id}", Access::kBearer,
             [&ctx](const HttpRequest&, const RouteParams& params,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               core::Status deleted = ctx.leads.Delete(*principal, core::CampaignId(params.Id("campaign_id")),
                                                       core::LeadId(params.Id("lead_id")));
               if (!deleted.ok()) co_return ProblemResponse(deleted);
               HttpResponse response;
               response.status = 204;
               co_return response;
             });

  // Every lead of one person (by e-mail and/or phone), or with dry_run only their ids.
  router.Add("POST", "/v2/leads/erase", Access::kBearer,
             [&ctx](const HttpRequest& request, const RouteParams&,
                    const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               co_return Respond(ctx.leads.Erase(*principal, request.body), [](service::ErasureResult& result) {
                 core::JsonWriter out;
                 out.BeginObject().Key("dry_run").Bool(result.dry_run);
                 out.Key(result.dry_run ? "matched" : "deleted").Uint(result.leads.size());
                 out.Key("leads").BeginArray();
                 for (const auto& lead : result.leads) {
                   out.BeginObject().Key("campaign_id").Uint(lead.campaign_id).Key("id").Uint(lead.lead_id).EndObject();
                 }
                 out.EndArray().EndObject();
                 return JsonResponse(200, out.Take());
               });
             });
}

}  // namespace lg::net
