#pragma once
// Cluster mode, before the store opens: a node that is new or wiped (and far behind), or that fell
// further behind than the replicated log still reaches (the stream dropped what it needs next:
// cluster.stream_max_entries), starts from a copy of another node's live store, fetched over the
// copy exchange (replog/checkpoint_exchange.h), and then follows the log after the copy's
// position like any restarted node.
//
// The copy replaces <data_dir>/db whole. What this node's outbox held (writes it acknowledged
// that the log may not hold) moves into the copy's outbox, so they are appended again; the
// source's outbox (its own proposals, appended by it) is left out. The swap is two renames:
// after a crash between them the old store comes back and the catch-up starts again.

#include <string>

#include "core/config.h"
#include "core/status.h"

namespace lg::app {

// Whether this node needs a copy and, if so, fetches and installs it into `store_dir`. Ok when no
// copy is needed, or when an empty store cannot get one but the log still holds every entry (it
// is applied from the start instead). kUnavailable when a copy is needed and no other node gives
// one within a minute: start another node first.
core::Status CatchUpFromCopy(const core::Config& config, const std::string& store_dir);

}  // namespace lg::app
