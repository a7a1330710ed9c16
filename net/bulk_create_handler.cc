#include "net/bulk_create_handler.h"

#include <cctype>

#include "net/async_slots.h"
#include "net/handler_util.h"
#include "net/worker_pool.h"
#include "service/bulk_create.h"

namespace lg::net {
namespace {

// The media type of a Content-Type header, lower-case, without parameters.
std::string MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  std::string out;
  for (char c : content_type) {
    if (c != ' ' && c != '\t') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// The body format a bulk create's Content-Type names; nullopt for any other type (415).
std::optional<core::BulkFormat> BulkFormatOf(const HttpRequest& request) {
  std::string media_type = MediaType(request.content_type);
  if (media_type.empty() || media_type == "application/json") return core::BulkFormat::kJsonArray;
  if (media_type == "application/x-ndjson" || media_type == "application/ndjson") return core::BulkFormat::kNdjson;
  return std::nullopt;
}

// Feeds the body to `bulk` as it arrives: framing on the reactor is the stream's, the work (and
// the commits) on a worker. An error refuses the request as a whole.
// Runs `work` on a worker. The task is named, not a temporary of the co_await's expression:
// GCC 12 destroys such temporaries twice.
asio::awaitable<void> OnWorker(const ApiContext& ctx, std::function<void()> work) {
  co_await ctx.workers.Run(std::move(work));
}

asio::awaitable<core::Status> FeedBody(const ApiContext& ctx, const HttpRequest& request, service::BulkCreate& bulk) {
  core::Status refused = core::Status::Ok();
  if (!request.body_stream) {
    std::function<void()> feed = [&] { refused = bulk.Feed(request.body); };
    co_await OnWorker(ctx, std::move(feed));
    co_return refused;
  }
  while (refused.ok() && !bulk.done()) {
    core::Result<std::string_view> piece = co_await request.body_stream->Read();
    if (!piece.has_value()) {
      // A body over its limit or broken chunk framing is answered; a client gone or stalled is not.
      const bool answered = piece.error().kind() != core::ErrorKind::kUnavailable;
      std::function<void()> cut = [&] { refused = bulk.Cut(piece.error(), answered); };
      co_await OnWorker(ctx, std::move(cut));
      break;
    }
    if (piece->empty()) break;  // the end of the body
    std::function<void()> feed = [&] { refused = bulk.Feed(*piece); };
    co_await OnWorker(ctx, std::move(feed));
  }
  co_return refused;
}

}  // namespace

void AddBulkCreateRoute(Router& router, const ApiContext& ctx) {
  router.Add(
      "POST", "/v2/campaigns/{campaign_id}/leads/bulk", Access::kBearer,
      [&ctx](const HttpRequest& request, const RouteParams& params,
             const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
        const uint64_t campaign_id = params.Id("campaign_id");
        std::optional<core::BulkFormat> format = BulkFormatOf(request);
        if (!format) {
          co_return ProblemResponse({core::ErrorKind::kUnsupportedFormat, "unsupported_media_type",
                                     "Send a JSON array (application/json) or NDJSON (application/x-ndjson)."});
        }
        // A bulk holds a batch in memory while it runs: as many run at once as there are workers,
        // and the others wait here, before any of their body is read.
        AsyncSlots::Slot slot = co_await ctx.bulk_slots.Acquire();
        core::Result<std::unique_ptr<service::BulkCreate>> bulk = core::Status::Internal("bulk not begun");
        std::function<void()> begin = [&] {
          bulk = ctx.leads.BeginBulk(*principal, campaign_id, *format, IdempotencyOf(request));
        };
        co_await OnWorker(ctx, std::move(begin));
        if (!bulk.has_value()) co_return ProblemResponse(bulk.error());
        core::Status refused = co_await FeedBody(ctx, request, **bulk);
        if (!refused.ok()) co_return ProblemResponse(refused);
        core::Result<service::BulkCreated> result = core::Status::Internal("bulk not finished");
        std::function<void()> finish = [&] {
          result = (*bulk)->Finish();
          bulk->reset();  // releases the key (its record committed) off the reactor
        };
        co_await OnWorker(ctx, std::move(finish));
        co_return Respond(std::move(result), [](service::BulkCreated& created) {
          HttpResponse response = JsonResponse(200, std::move(created.body));
          if (created.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
          return response;
        });
      },
      // Reads its body on the reactor as it arrives, up to the bulk limit; what may block runs on
      // the workers.
      Runs::kOnReactor, std::nullopt, Body::kBulkStreamed);
}

}  // namespace lg::net
