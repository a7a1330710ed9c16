#include "net/cluster_routes.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <exception>
#include <stdexcept>

#include "core/time_util.h"
#include "net/handler_util.h"
#include "net/problem.h"
#include "net/worker_pool.h"

namespace lg::net {
namespace {

// Command headers: what a handler reads from the request besides its body and path.
constexpr const char* kPath = "path";
constexpr const char* kContentType = "content-type";
constexpr const char* kIdempotencyKey = "idempotency-key";
constexpr const char* kClientAddress = "client-address";

HttpResponse Unavailable(const core::Status& status) {
  HttpResponse response = ProblemResponse(status);
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

core::Status TooLargeForTheLog(size_t limit) {
  return {core::ErrorKind::kBodyTooLarge, "payload_too_large",
          "In cluster mode a request body may hold at most " + std::to_string(limit) +
              " bytes (the log's largest entry; raise max_payload in the nats-server configuration)."};
}

// The whole body: a streamed one (a bulk) is read to its end, up to what one command can carry.
asio::awaitable<core::Result<std::string>> WholeBody(const HttpRequest& request, size_t limit) {
  if (!request.body_stream) {
    if (request.body.size() > limit) co_return TooLargeForTheLog(limit);
    co_return request.body;
  }
  std::string body;
  for (;;) {
    core::Result<std::string_view> piece = co_await request.body_stream->Read();
    if (!piece.has_value()) co_return piece.error();
    if (piece->empty()) co_return body;
    if (body.size() + piece->size() > limit) co_return TooLargeForTheLog(limit);
    body.append(*piece);
  }
}

using Outcome = core::Result<service::LogApplier::Outcome>;

// Proposes `command` and resumes on the coroutine's own executor with what its apply decided
// here; no thread waits meanwhile.
asio::awaitable<std::shared_ptr<Outcome>> Propose(const ApiContext& ctx, core::Command command) {
  auto initiate = [&ctx, &command](auto handler) {
    auto handler_ptr = std::make_shared<decltype(handler)>(std::move(handler));
    ctx.cluster->proposer.Propose(std::move(command), ctx.cluster->write_wait, [handler_ptr](Outcome outcome) {
      auto result = std::make_shared<Outcome>(std::move(outcome));
      auto executor = asio::get_associated_executor(*handler_ptr);
      asio::post(executor, [handler_ptr, result] { (*handler_ptr)(result); });
    });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::shared_ptr<Outcome>)>(
      initiate, asio::use_awaitable);
}

}  // namespace

void AddPositionHeader(const ApiContext& ctx, HttpResponse& response) {
  if (ctx.cluster) response.headers.emplace_back(kPositionHeader, std::to_string(ctx.cluster->applier.applied()));
}

asio::awaitable<HttpResponse> ProposeRoute(const ApiContext& ctx, const Router::Route& route,
                                           const HttpRequest& request, const RouteParams& params,
                                           const auth::Principal& principal) {
  core::Result<std::string> body = co_await WholeBody(request, ctx.cluster->proposer.max_body_bytes());
  if (!body.has_value()) co_return ProblemResponse(body.error());
  core::Command command;
  command.kind = route.name;
  command.token_id = principal.token_id;
  command.path.insert(params.begin(), params.end());
  command.headers[kPath] = request.path;
  if (!request.content_type.empty()) command.headers[kContentType] = request.content_type;
  if (request.idempotency_key) command.headers[kIdempotencyKey] = *request.idempotency_key;
  command.headers[kClientAddress] = request.client_address;
  command.body = std::move(body).value();

  std::shared_ptr<Outcome> outcome = co_await Propose(ctx, std::move(command));
  if (!outcome->has_value()) {
    if (outcome->error().kind() != core::ErrorKind::kUnavailable) co_return ProblemResponse(outcome->error());
    co_return Unavailable(outcome->error());
  }
  auto* answer = std::any_cast<HttpResponse>(&(*outcome)->value);
  if (!answer) co_return ProblemResponse(core::Status::Internal("a proposal came back without an answer"));
  HttpResponse response = std::move(*answer);
  // The entry that holds the change, though this node may not have applied all of it yet: a
  // client that asks another node for it then waits until that node holds the change.
  response.headers.emplace_back(kPositionHeader,
                                std::to_string(std::max((*outcome)->position, ctx.cluster->applier.applied())));
  co_return response;
}

HttpResponse ApplyRoute(const ApiContext& ctx, const Router::Route& route, const core::Command& command) {
  auto header = [&](const char* name) -> std::string {
    auto it = command.headers.find(name);
    return it == command.headers.end() ? std::string() : it->second;
  };
  HttpRequest request;
  request.method = route.method;
  request.path = header(kPath);
  request.content_type = header(kContentType);
  if (command.headers.contains(kIdempotencyKey)) request.idempotency_key = header(kIdempotencyKey);
  request.client_address = header(kClientAddress);
  request.body = command.body;
  const RouteParams params = route.Params(command.path);

  // Authorized again here, as the token is at this point in the log (revoked meanwhile: 401).
  auto principal = ctx.authenticator.PrincipalFor(command.token_id, core::NowMillis());
  if (!principal.has_value()) return ProblemResponse(principal.error());
  principal->client_address = request.client_address;
  // The scope as it is at this point in the log, as admission attaches it on a single node.
  ctx.leads.AttachScope(*principal);

  // One per applier thread, run anew for each command: a fresh one would set up (and tear down)
  // an epoll reactor every time.
  thread_local asio::io_context io;
  io.restart();
  std::optional<HttpResponse> response;
  std::exception_ptr failure;
  asio::co_spawn(io, route.Run(request, params, &*principal), [&](const std::exception_ptr& e, HttpResponse answer) {
    failure = e;
    if (!e) response = std::move(answer);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  if (!response) throw std::runtime_error("the handler of " + route.name + " did not finish");
  if (response->status >= 500) {
    throw std::runtime_error(route.name + " answered " + std::to_string(response->status) + ": " + response->body);
  }
  return std::move(*response);
}

namespace {

std::optional<uint64_t> ParsePosition(const std::string& text) {
  uint64_t position = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), position);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return position;
}

}  // namespace

bool ReachedMinPosition(const ApiContext& ctx, const HttpRequest& request) {
  if (!request.min_position || !ctx.cluster) return true;
  std::optional<uint64_t> position = ParsePosition(*request.min_position);
  return position && ctx.cluster->applier.Reached(*position);
}

asio::awaitable<std::optional<HttpResponse>> AwaitMinPosition(const ApiContext& ctx, const HttpRequest& request) {
  if (!request.min_position || !ctx.cluster) co_return std::nullopt;
  const std::string& text = *request.min_position;
  std::optional<uint64_t> parsed = ParsePosition(text);
  const uint64_t position = parsed.value_or(0);
  if (!parsed) {
    co_return ProblemResponse(core::Status::Invalid(
        {{kMinPositionHeader, "invalid_parameter", "must be a position from a Leadgate-Position header"}}));
  }
  if (ctx.cluster->applier.Reached(position)) co_return std::nullopt;
  bool reached = false;
  std::function<void()> wait = [&] { reached = ctx.cluster->applier.WaitFor(position, ctx.cluster->read_wait); };
  co_await ctx.cluster->position_waits.Run(std::move(wait));
  if (reached) co_return std::nullopt;
  co_return Unavailable({core::ErrorKind::kUnavailable, "catching_up",
                         "This node has not yet applied position " + text + "; retry, or ask another node."});
}

}  // namespace lg::net
