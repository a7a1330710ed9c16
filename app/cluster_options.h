#pragma once
// The replicated log's and the copy exchange's settings, as the cluster.* configuration keys
// give them (one reading for the node and for its catch-up at start).

#include "core/config.h"
#include "replog/nats_checkpoint_exchange.h"
#include "replog/nats_log.h"

namespace lg::app {

replog::NatsLogOptions LogOptionsFrom(const core::Config& config);
replog::NatsCheckpointOptions CopyOptionsFrom(const core::Config& config);

}  // namespace lg::app
