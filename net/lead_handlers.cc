#include "net/lead_handlers.h"

#include <cctype>
#include <functional>

#include "core/json_writer.h"
#include "core/percent_encoding.h"
#include "core/problem.h"
#include "net/handler_util.h"

namespace lg::net {
namespace {

HttpResponse CreatedLeadResponse(const ApiContext& ctx, service::CreatedLead& created) {
  HttpResponse response = JsonResponse(201, std::move(created.json));
  response.headers.emplace_back("Location", ctx.base_url + service::LeadPath(created.campaign_id, created.lead_id));
  return response;
}

// Runs a create under the request's Idempotency-Key, if it has one: a stored response is
// replayed through `reply` instead, and a fresh one is recorded by the create through the claim
// (which releases the key when the create lets go of it).
void Idempotently(const ApiContext& ctx, const HttpRequest& request, const auth::Principal& principal,
                  const Reply& reply, const std::function<void(std::shared_ptr<service::IdempotencyClaim>)>& create) {
  if (!request.idempotency_key) return create(nullptr);
  auto start =
      ctx.idempotency.Begin(principal.token_id, *request.idempotency_key, request.method, request.path, request.body);
  if (!start.has_value()) return reply(ProblemResponse(start.error()));
  if (start->replay) {
    HttpResponse response = JsonResponse(start->replay->status, std::move(start->replay->body));
    if (!start->replay->location.empty())
      response.headers.emplace_back("Location", ctx.base_url + start->replay->location);
    response.headers.emplace_back("Idempotent-Replayed", "true");
    return reply(std::move(response));
  }
  create(std::move(start->claim));
}

// {"results": [{"index", "status", "id"} or {"index", "status", "code", "detail", "errors"?}],
//  "created", "failed"}
std::string EncodeBulkResult(const service::BulkCreated& result) {
  core::JsonWriter out;
  out.BeginObject().Key("results").BeginArray();
  for (const auto& outcome : result.outcomes) {
    out.BeginObject().Key("index").Uint(outcome.index);
    if (outcome.error.ok()) {
      out.Key("status").Int(201).Key("id").Uint(outcome.lead_id);
      if (outcome.doublet_of) out.Key("doublet_of").Uint(*outcome.doublet_of);
    } else {
      const core::Status& error = outcome.error;
      out.Key("status").Int(core::HttpStatusOf(error.kind())).Key("code").String(error.code());
      // What failed inside stays in the log (the batch's failure was logged when it happened).
      if (error.kind() == core::ErrorKind::kInternal) {
        out.Key("detail").String("An internal error occurred; this lead was not stored.");
      } else {
        out.Key("detail").String(error.detail());
        core::WriteProblemDetails(out, error);
      }
    }
    out.EndObject();
  }
  out.EndArray().Key("created").Uint(result.created).Key("failed").Uint(result.failed).EndObject();
  return out.Take();
}

// The media type of a Content-Type header, lower-case, without parameters.
std::string MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  std::string out;
  for (char c : content_type) {
    if (c != ' ' && c != '\t') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// The next page's URL: the same conditions and sort, with the next cursor or page number.
std::optional<std::string> NextUrl(const ApiContext& ctx, const HttpRequest& request, const service::LeadPage& page) {
  if (!page.next_cursor && !page.next_page) return std::nullopt;
  std::string url = ctx.base_url + request.path + "?";
  for (const auto& [name, value] : request.query) {
    if (name == "cursor" || name == "page" || name == "limit" || name == "per_page") continue;
    url += core::PercentEncode(name) + "=" + core::PercentEncode(value) + "&";
  }
  if (page.next_page) {
    return url + "page=" + std::to_string(*page.next_page) + "&per_page=" + std::to_string(page.limit);
  }
  return url + "limit=" + std::to_string(page.limit) + "&cursor=" + core::PercentEncode(*page.next_cursor);
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
    // Answered once the lead is synced, without holding a thread meanwhile.
    return DeferredResponse([&ctx, &request, campaign_id, principal = *principal](Reply reply) {
      Idempotently(ctx, request, principal, reply, [&](std::shared_ptr<service::IdempotencyClaim> claim) {
        ctx.leads.Create(principal, campaign_id, request.body, std::move(claim),
                         [&ctx, reply](core::Result<service::CreatedLead> created) {
                           reply(Respond(std::move(created),
                                         [&](service::CreatedLead& lead) { return CreatedLeadResponse(ctx, lead); }));
                         });
      });
    });
  };
  router.Add("POST", "/v2/campaigns/{campaign_id}/leads", Access::kBearer, create, Runs::kOnReactor);
  router.Add("POST", "/v2/leads", Access::kBearer, create, Runs::kOnReactor);
  router.Add("POST", "/leads", Access::kBearer, create, Runs::kOnReactor);

  router.Add(
      "POST", "/v2/campaigns/{campaign_id}/leads/bulk", Access::kBearer,
      [&ctx](const HttpRequest& request, const RouteParams& params, const auth::Principal* principal) {
        auto campaign_id = PathId(params, "campaign_id");
        if (!campaign_id) return NotFoundResponse();
        std::string media_type = MediaType(request.content_type);
        core::BulkFormat format;
        if (media_type.empty() || media_type == "application/json") {
          format = core::BulkFormat::kJsonArray;
        } else if (media_type == "application/x-ndjson" || media_type == "application/ndjson") {
          format = core::BulkFormat::kNdjson;
        } else {
          return ProblemResponse({core::ErrorKind::kUnsupportedMediaType, "unsupported_media_type",
                                  "Send a JSON array (application/json) or NDJSON (application/x-ndjson)."});
        }
        HttpResponse response;
        Idempotently(
            ctx, request, *principal, [&](HttpResponse replayed) { response = std::move(replayed); },
            [&](std::shared_ptr<service::IdempotencyClaim> claim) {
              response = Respond(
                  ctx.leads.CreateBulk(*principal, *campaign_id, format, request.body, EncodeBulkResult, claim.get()),
                  [](service::BulkCreated& result) { return JsonResponse(200, std::move(result.body)); });
            });
        return response;
      });

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

bool IsBulkCreate(std::string_view method, std::string_view path) {
  constexpr std::string_view kPrefix = "/v2/campaigns/", kSuffix = "/leads/bulk";
  if (method != "POST" || !path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return false;
  if (path.size() <= kPrefix.size() + kSuffix.size()) return false;
  std::string_view id = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  return id.find('/') == std::string_view::npos;
}

}  // namespace lg::net
