#include "net/api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

#include "core/log.h"
#include "core/metrics.h"
#include "core/time_util.h"
#include "net/admin_handlers.h"
#include "net/campaign_handlers.h"
#include "net/cluster_routes.h"
#include "net/console_handlers.h"
#include "net/docs_handlers.h"
#include "net/filter_handlers.h"
#include "net/handler_util.h"
#include "net/lead_handlers.h"
#include "net/stats_handlers.h"
#include "net/token_handlers.h"
#include "net/webhook_handlers.h"
#include "net/worker_pool.h"

namespace lg::net {

namespace asio = boost::asio;

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

core::metrics::Counter& AuthFailures() {
  static auto& failures = core::metrics::Registry::Global().GetCounter(
      "leadgate_auth_failures_total", "Requests whose bearer token did not authenticate");
  return failures;
}

long Ceil(double seconds) { return static_cast<long>(std::ceil(std::max(seconds, 0.0))); }

// The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers): the policy as a quota
// over the window that refills the whole burst, and what is left of it now.
void AddRateLimitHeaders(std::vector<std::pair<std::string, std::string>>& headers, const auth::RateLimit& limit,
                         const auth::RateDecision& d) {
  // Every answer to a token carries these two, so they are built without temporaries.
  auto number = [](std::string& out, long value) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
  };
  long window = std::max(1L, Ceil(limit.burst / limit.per_second));
  std::string policy = "\"token\";q=";
  number(policy, static_cast<long>(limit.burst));
  policy.append(";w=");
  number(policy, window);
  long reset = d.allowed ? Ceil(d.full_after_s) : std::max(1L, Ceil(d.retry_after_s));
  std::string now = "\"token\";r=";
  number(now, static_cast<long>(d.remaining));
  now.append(";t=");
  number(now, reset);
  headers.emplace_back("RateLimit-Policy", std::move(policy));
  headers.emplace_back("RateLimit", std::move(now));
}

// The path captures that name a resource by its id, in every route that has them: read as ids
// at match time (see RouteParams). Others are text: a docs link's id, a delivery's id, slugs.
const std::vector<std::string> kIdCaptures{"campaign_id", "lead_id", "filter_id", "token_id", "webhook_id"};

// /livez: the process answers. /readyz: it can serve, 503 with the reason while it cannot.
void AddHealthRoutes(Router& router, const ApiContext& ctx) {
  router.Add("GET", "/livez", Access::kPublic,
             [](const HttpRequest&, const RouteParams&, const auth::Principal*) -> asio::awaitable<HttpResponse> {
               co_return JsonResponse(200, R"({"status":"ok"})");
             });
  router.Add("GET", "/readyz", Access::kPublic,
             [&ctx](const HttpRequest&, const RouteParams&, const auth::Principal*) -> asio::awaitable<HttpResponse> {
               core::Status ready = ctx.readiness ? ctx.readiness() : core::Status::Ok();
               if (!ready.ok()) co_return ProblemResponse(ready);
               co_return JsonResponse(200, R"({"status":"ok"})");
             });
}

}  // namespace

Api::Api(ApiContext ctx) : ctx_(std::move(ctx)), router_(kIdCaptures) {
  AddHealthRoutes(router_, ctx_);
  AddCampaignRoutes(router_, ctx_);
  AddFilterRoutes(router_, ctx_);
  AddLeadRoutes(router_, ctx_);
  AddTokenRoutes(router_, ctx_);
  AddWebhookRoutes(router_, ctx_);
  AddStatsRoutes(router_, ctx_);
  AddDocsRoutes(router_, ctx_);
  AddAdminRoutes(router_, ctx_);
  AddConsoleRoutes(router_);
  if (ctx_.cluster) {
    // Every node runs a kEveryNode route's handler when it applies the route's command.
    for (const Router::Route& route : router_.routes()) {
      if (route.reach != Reach::kEveryNode) continue;
      ctx_.cluster->applier.Handle(route.name, [this, &route](const core::Command& command, store::WriteUnit&) {
        return std::any(ApplyRoute(ctx_, route, command));
      });
    }
  }
}

Body Api::BodyOf(HttpRequest& request) const {
  const RouteMatch& match = MatchOf(request, request.admission);
  return match.route ? match.route->body : DefaultBody(request.method);
}

std::optional<HttpResponse> Api::Admit(HttpRequest& request) const {
  // A request that waits for a log position this node has not applied yet is admitted once it
  // has (in Handle): its token may be one of the changes it waits for.
  if (ctx_.cluster && request.min_position && !ReachedMinPosition(ctx_, request)) return std::nullopt;
  return Admit(request, request.admission);
}

std::optional<HttpResponse> Api::Admit(const HttpRequest& request, Admission& admission) const {
  const auto started = std::chrono::steady_clock::now();
  std::optional<HttpResponse> refused = Decide(request, admission);
  if (refused) {
    const Route* route = admission.match ? admission.match->route : nullptr;
    (route ? *route->metrics : UnmatchedRoute())
        .Record(refused->status, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return refused;
}

const RouteMatch& Api::MatchOf(const HttpRequest& request, Admission& admission) const {
  if (!admission.match) admission.match = router_.Find(request.method, request.path);
  return *admission.match;
}

std::optional<HttpResponse> Api::Decide(const HttpRequest& request, Admission& admission) const {
  const RouteMatch& match = MatchOf(request, admission);
  if (!match.route) {
    if (match.allowed.empty()) return NotFoundResponse();
    HttpResponse response = ProblemResponse(
        {core::ErrorKind::kWrongMethod, "method_not_allowed", "Allowed methods: " + Join(match.allowed) + "."});
    response.headers.emplace_back("Allow", Join(match.allowed));
    return response;
  }
  if (match.route->access == Access::kPublic ||
      (match.route->access == Access::kBearerIfSent && request.authorization.empty())) {
    admission.done = true;
    return std::nullopt;
  }

  int64_t now = core::NowMillis();
  auto authenticated = ctx_.authenticator.Authenticate(request.authorization, now);
  if (!authenticated.has_value()) {
    // Only failures are throttled, per client address, so guessing tokens costs time; a valid
    // token always proceeds, even from an address shared with a misconfigured client (a NAT).
    AuthFailures().Add();
    auto failure = ctx_.auth_failure_limiter.Take(request.client_address, ctx_.auth_failure_limit, now);
    if (!failure.allowed) {
      Rejected("auth_failures").Add();
      return TooManyRequestsResponse("too_many_failed_authentications",
                                     "Too many failed authentications from this address; retry later.",
                                     failure.retry_after_s);
    }
    ctx_.audit.RecordAnonymous("auth_failed", request.client_address, request.method + " " + request.path);
    return ProblemResponse(authenticated.error());
  }
  auth::Principal& principal = admission.principal.emplace(std::move(authenticated).value());
  principal.client_address = request.client_address;
  ctx_.tokens.RecordUse(principal.token_id, now);
  const auto& settings = ctx_.tokens.settings();
  auth::RateLimit limit{static_cast<double>(principal.rate_per_second.value_or(settings.default_rate_per_second)),
                        static_cast<double>(principal.rate_burst.value_or(settings.default_burst))};
  auto decision = ctx_.token_limiter.Take(std::to_string(principal.token_id), limit, now);
  if (!decision.allowed) {
    Rejected("token_rate").Add();
    HttpResponse limited =
        TooManyRequestsResponse("rate_limited", "This token's request rate limit is exceeded.", decision.retry_after_s);
    CountRefusedSubmission(*match.route, match.params, principal);
    AddRateLimitHeaders(limited.headers, limit, decision);
    return limited;
  }
  AddRateLimitHeaders(admission.response_headers, limit, decision);
  // Compiled once here, for every call the handler makes.
  ctx_.leads.AttachScope(principal);
  admission.done = true;
  return std::nullopt;
}

void Api::CountRefusedSubmission(const Router::Route& route, const RouteParams& params,
                                 const auth::Principal& principal) const {
  // Only lead submissions count in the vendor statistics (a read refused is not a submission).
  std::optional<uint64_t> campaign_id;
  if (route.name == "POST /v2/campaigns/{campaign_id}/leads" ||
      route.name == "POST /v2/campaigns/{campaign_id}/leads/bulk") {
    campaign_id = params.FindId("campaign_id");
  } else if (route.name == "POST /v2/leads") {
    campaign_id = principal.campaign_id;
  } else {
    return;
  }
  ctx_.leads.RecordRefused(
      principal, campaign_id,
      core::Status(core::ErrorKind::kOverLimit, "rate_limited", "This token's request rate limit is exceeded."));
}

asio::awaitable<HttpResponse> Api::Handle(const HttpRequest& request) const {
  // Cluster mode: first this node reaches the position the client asks for (see Admit).
  std::optional<HttpResponse> behind = co_await AwaitMinPosition(ctx_, request);
  if (behind) co_return std::move(*behind);
  const Admission* admission = &request.admission;
  Admission here;
  if (!admission->done) {
    here.match = request.admission.match;  // found already (BodyOf): not looked up again
    if (std::optional<HttpResponse> refused = Admit(request, here)) co_return std::move(*refused);
    admission = &here;
  }
  // Admitted: the route was found there, once, and exists.
  if (!admission->match || !admission->match->route) co_return NotFoundResponse();
  const RouteMatch& match = *admission->match;
  const auth::Principal* principal = admission->principal ? &*admission->principal : nullptr;
  if (match.route->access == Access::kBearer && !principal) co_return NotFoundResponse();
  const auto started = std::chrono::steady_clock::now();
  HttpResponse response = co_await Run(*match.route, request, match.params, principal);
  match.route->metrics->Record(response.status,
                               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  response.headers.insert(response.headers.end(), admission->response_headers.begin(),
                          admission->response_headers.end());
  // A 503 is the server saying no on purpose (overload, disk full, draining), not a failure.
  if (response.status >= 500 && response.status != 503)
    core::log::Error("request_failed", {{"method", request.method}, {"path", request.path}});
  co_return response;
}

asio::awaitable<HttpResponse> Api::Run(const Router::Route& route, const HttpRequest& request,
                                       const RouteParams& params, const auth::Principal* principal) const {
  try {
    // Cluster mode: a change is proposed, and every node runs the handler when it applies it.
    if (ctx_.cluster && route.reach == Reach::kEveryNode && principal) {
      co_return co_await ProposeRoute(ctx_, route, request, params, *principal);
    }
    HttpResponse response;
    if (route.runs == Runs::kOnWorker) {
      response = co_await ctx_.workers.Run(route.Run(request, params, principal));
    } else if (route.runs == Runs::kOnReaders) {
      response = co_await ctx_.readers.Run(route.Run(request, params, principal));
    } else {
      response = co_await route.Run(request, params, principal);
    }
    AddPositionHeader(ctx_, response);  // cluster mode only
    co_return response;
  } catch (const std::exception& e) {
    // Internal: the detail goes to the log only.
    co_return ProblemResponse(core::Status::Internal("handler exception on " + request.path + ": " + e.what()));
  }
}

}  // namespace lg::net
