#pragma once
// The sync feed (sort=updated_at lists) for clients that wait for changes: the event stream
// (net/lead_stream_handler.h) and a list's wait= long-poll. Pages are read on the read pool;
// between them a reader waits on its reactor without holding a thread, and every poll interval
// asks the update sequencer whether a write has settled that its last read could not have seen
// (service::FeedMayHaveMore), which reads nothing from the store.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "auth/principal.h"
#include "core/status.h"
#include "net/api_context.h"
#include "net/http_types.h"
#include "service/lead_lists.h"
#include "service/update_sequencer.h"

namespace lg::net {

// One waiting reader's view of the feed: its token and campaign. Not thread-safe; `ctx` must
// outlive it.
class LiveFeed {
 public:
  // A feed reads for as long as its client waits: each read takes the token's scope as it is
  // then (a filter edited meanwhile applies from the next read on), not the one `principal` was
  // admitted with.
  LiveFeed(const ApiContext& ctx, std::string authorization, auth::Principal principal, uint64_t campaign_id);

  // The page LeadService::List gives for `params` (a sort=updated_at list query), read on the
  // read pool.
  boost::asio::awaitable<core::Result<service::LeadPage>> Read(const std::multimap<std::string, std::string>& params);
  // Whether a read now may find a change the last Read did not see. Cheap: no store read.
  bool MayHaveMore() const { return service::FeedMayHaveMore(mark_, watermark_, ctx_.leads.Settled()); }
  // Whether the request's token still authenticates (it may have been revoked, rotated or have
  // expired since the request came in). Cheap: no store read.
  bool Authorized() const;

  const auth::Principal& principal() const { return principal_; }

 private:
  const ApiContext& ctx_;
  const std::string authorization_;
  const auth::Principal principal_;
  const uint64_t campaign_id_;
  service::SettledWrites mark_;  // as the last read began
  int64_t watermark_ = 0;        // the last read's
};

// GET /v2/campaigns/{id}/leads?sort=updated_at&wait=N: the page for the request's parameters
// (wait aside) once one is not empty, or the empty page after `wait`, or when the server drains.
// 401 when the token stops authenticating meanwhile.
boost::asio::awaitable<core::Result<service::LeadPage>> LongPollPage(const ApiContext& ctx, const HttpRequest& request,
                                                                     const auth::Principal& principal,
                                                                     uint64_t campaign_id, std::chrono::seconds wait);

}  // namespace lg::net
