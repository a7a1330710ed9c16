#include "net/live_feed.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>

#include "core/time_util.h"
#include "net/worker_pool.h"

namespace lg::net {

namespace asio = boost::asio;

namespace {

auth::Principal WithoutAttachedScope(auth::Principal principal) {
  principal.scope.reset();
  return principal;
}

}  // namespace

LiveFeed::LiveFeed(const ApiContext& ctx, std::string authorization, auth::Principal principal, uint64_t campaign_id)
    : ctx_(ctx),
      authorization_(std::move(authorization)),
      principal_(WithoutAttachedScope(std::move(principal))),
      campaign_id_(campaign_id) {}

asio::awaitable<core::Result<service::LeadPage>> LiveFeed::Read(const std::multimap<std::string, std::string>& params) {
  core::Result<service::LeadPage> page = core::Status::Internal("feed not read");
  std::function<void()> read = [&] {
    // Taken before the read: a write settling after it makes MayHaveMore true.
    mark_ = ctx_.leads.Settled();
    page = ctx_.leads.List(principal_, campaign_id_, params);
  };
  co_await ctx_.readers.Run(std::move(read));
  if (page.has_value()) watermark_ = page->feed_watermark;
  co_return page;
}

bool LiveFeed::Authorized() const {
  return ctx_.authenticator.Authenticate(authorization_, core::NowMillis()).has_value();
}

asio::awaitable<core::Result<service::LeadPage>> LongPollPage(const ApiContext& ctx, const HttpRequest& request,
                                                              const auth::Principal& principal, uint64_t campaign_id,
                                                              std::chrono::seconds wait) {
  std::multimap<std::string, std::string> params = request.query;
  params.erase("wait");
  LiveFeed feed(ctx, request.authorization, principal, campaign_id);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    core::Result<service::LeadPage> page = co_await feed.Read(params);
    if (!page.has_value() || page->count > 0) co_return page;
    for (;;) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline || (request.draining && request.draining->load())) co_return page;
      timer.expires_after(std::min<std::chrono::steady_clock::duration>(ctx.live_feed.poll_interval, deadline - now));
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      // What arrives after a revocation is not the revoked token's to see.
      if (!feed.Authorized()) co_return core::Status::Unauthenticated();
      if (feed.MayHaveMore()) break;
    }
  }
}

}  // namespace lg::net
