#include "net/lead_stream_handler.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "core/list_query.h"
#include "core/metrics.h"
#include "core/time_util.h"
#include "net/client_counters.h"
#include "net/handler_util.h"
#include "net/live_feed.h"

namespace lg::net {
namespace {

constexpr std::string_view kPageSize = "100";      // items per read; a backlog is sent page by page
constexpr std::string_view kRetryMillis = "2000";  // the reconnection delay clients are told

core::metrics::Gauge& OpenStreamsGauge() {
  static auto& open =
      core::metrics::Registry::Global().GetGauge("leadgate_event_streams_open", "Lead event streams open now");
  return open;
}

// One open stream of a token, counted against the token's cap while it lives.
class StreamSlot {
 public:
  StreamSlot(std::shared_ptr<ClientCounters> open, std::string token)
      : open_(std::move(open)), token_(std::move(token)) {
    OpenStreamsGauge().Add(1);
  }
  ~StreamSlot() {
    open_->Remove(token_);
    OpenStreamsGauge().Add(-1);
  }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;

  static std::unique_ptr<StreamSlot> TryOpen(const std::shared_ptr<ClientCounters>& open, uint64_t token_id) {
    std::string token = std::to_string(token_id);
    if (!open->TryAdd(token)) return nullptr;
    return std::make_unique<StreamSlot>(open, std::move(token));
  }

 private:
  std::shared_ptr<ClientCounters> open_;
  std::string token_;
};

// The list query the stream reads with: the client's conditions, the update order, a page size;
// the position is set per read.
core::Result<std::multimap<std::string, std::string>> StreamQuery(const HttpRequest& request) {
  static constexpr std::array<std::string_view, 5> kNotHere{"sort", "limit", "page", "per_page", "wait"};
  for (std::string_view name : kNotHere) {
    if (request.query.contains(std::string(name))) {
      return core::InvalidListParameter(std::string(name),
                                        "is not a parameter of the event stream (it sends the sort=updated_at feed)");
    }
  }
  std::multimap<std::string, std::string> params = request.query;
  params.erase("cursor");
  params.emplace("sort", "updated_at");
  params.emplace("limit", kPageSize);
  return params;
}

// Last-Event-ID (a reconnecting client), else cursor=, else now. A cursor= is checked by the
// first read, like a list's.
core::Result<std::string> StartPosition(const ApiContext& ctx, const HttpRequest& request) {
  if (request.last_event_id && !request.last_event_id->empty()) {
    auto cursor = core::DecodeCursor(*request.last_event_id);
    if (!cursor || cursor->sort != core::ListSort::kUpdatedAscending) {
      return core::Status(core::ErrorKind::kMalformed, "invalid_parameter",
                          "The Last-Event-ID header is not an event id of this stream.",
                          {{"Last-Event-ID", "invalid_parameter", "is not an event id of this stream"}});
    }
    return *request.last_event_id;
  }
  if (auto cursor = request.query.find("cursor"); cursor != request.query.end()) return cursor->second;
  return ctx.leads.FeedHead();
}

// The page's items as events, each with the feed position just after it as its id.
void AppendEvents(std::string& out, const service::LeadPage& page) {
  size_t begin = 0;
  for (const service::LeadPage::FeedItem& item : page.feed_items) {
    out.append("id: ").append(core::EncodeCursor(item.cursor));
    out.append(item.deleted ? "\nevent: lead.deleted\ndata: " : "\nevent: lead\ndata: ");
    const size_t data = out.size();
    out.append(page.leads_json, begin, item.end - begin);
    // JSON breaks lines only between tokens, where a space does as well; a break would end the
    // data line.
    std::replace_if(
        out.begin() + static_cast<std::ptrdiff_t>(data), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    out.append("\n\n");
    begin = item.end + 1;  // past the ','
  }
}

// What an open stream owns; the producer runs after the handler returned.
struct LeadStream {
  LeadStream(LiveFeed live_feed, std::multimap<std::string, std::string> query, std::string start)
      : feed(std::move(live_feed)), params(std::move(query)), position(std::move(start)) {}

  LiveFeed feed;
  std::multimap<std::string, std::string> params;
  std::string position;   // the feed cursor to read after
  bool has_more = false;  // the last read stopped at its page size
  std::string pending;    // written first: the opening and the first read's events
  std::unique_ptr<StreamSlot> slot;
};

asio::awaitable<void> Follow(std::shared_ptr<LeadStream> stream, const ApiContext& ctx, ResponseStream& out) {
  if (!co_await out.Write(stream->pending)) co_return;
  stream->pending.clear();
  auto last_write = std::chrono::steady_clock::now();
  while (out.open()) {
    if (!stream->has_more) {
      co_await out.Sleep(ctx.live_feed.poll_interval);
      if (!out.open()) break;
    }
    // A revoked (or rotated, or expired) token's stream ends now, not at its next event.
    if (!stream->feed.Authorized()) break;
    const auto now = std::chrono::steady_clock::now();
    if (!stream->has_more && !stream->feed.MayHaveMore()) {
      if (now - last_write < ctx.live_feed.heartbeat) continue;
      // Keeps proxies from closing an idle stream, and finds a client that went away silently.
      if (!co_await out.Write(": heartbeat\n\n")) break;
      ctx.tokens.RecordUse(stream->feed.principal().token_id, core::NowMillis());
      last_write = now;
      continue;
    }
    stream->params.erase("cursor");
    stream->params.emplace("cursor", stream->position);
    core::Result<service::LeadPage> page = co_await stream->feed.Read(stream->params);
    // A read that fails ends the stream: the client reconnects with its last event id.
    if (!page.has_value()) break;
    stream->position = *page->poll_cursor;
    stream->has_more = page->next_cursor.has_value();
    if (page->count == 0) continue;
    std::string events;
    AppendEvents(events, *page);
    if (!co_await out.Write(events)) break;
    last_write = now;
  }
}

}  // namespace

void AddLeadStreamRoute(Router& router, const ApiContext& ctx) {
  auto open = std::make_shared<ClientCounters>(ctx.live_feed.max_streams_per_token);
  router.Add("GET", "/v2/campaigns/{campaign_id}/leads/events", Access::kBearer,
             [&ctx, open](const HttpRequest& request, const RouteParams& params,
                          const auth::Principal* principal) -> asio::awaitable<HttpResponse> {
               const uint64_t campaign_id = params.Id("campaign_id");
               auto query = StreamQuery(request);
               if (!query.has_value()) co_return ProblemResponse(query.error());
               auto start = StartPosition(ctx, request);
               if (!start.has_value()) co_return ProblemResponse(start.error());
               auto stream = std::make_shared<LeadStream>(LiveFeed(ctx, request.authorization, *principal, campaign_id),
                                                          std::move(*query), std::move(*start));
               stream->params.emplace("cursor", stream->position);
               // The first read answers what a list would refuse (404 outside the token's scope, a bad
               // condition or cursor) before the stream begins.
               core::Result<service::LeadPage> first = co_await stream->feed.Read(stream->params);
               if (!first.has_value()) co_return ProblemResponse(first.error());
               stream->slot = StreamSlot::TryOpen(open, principal->token_id);
               if (!stream->slot) {
                 co_return TooManyRequestsResponse("too_many_streams",
                                                   "This token has " +
                                                       std::to_string(ctx.live_feed.max_streams_per_token) +
                                                       " event streams open already; close one first.",
                                                   static_cast<double>(ctx.live_feed.heartbeat.count()));
               }
               // The start position as an event of its own (clients keep the id of events with data
               // only): a client that reconnects before the first change resumes from here.
               stream->pending.append("retry: ").append(kRetryMillis).append("\nid: ").append(stream->position);
               stream->pending.append("\nevent: ready\ndata: {\"cursor\":")
                   .append(core::JsonWriter::Quoted(stream->position))
                   .append("}\n\n");
               AppendEvents(stream->pending, *first);
               stream->position = *first->poll_cursor;
               stream->has_more = first->next_cursor.has_value();

               HttpResponse response;
               response.content_type = "text/event-stream";
               response.headers.emplace_back("Cache-Control", "no-cache");
               response.headers.emplace_back("X-Accel-Buffering", "no");  // nginx: pass events on at once
               response.stream = [stream, &ctx](ResponseStream& out) { return Follow(stream, ctx, out); };
               co_return response;
             });
}

}  // namespace lg::net
