#pragma once
// What replog's NATS engines (the log and the checkpoint exchange) share of the client: owners of
// its objects, so that every path out of a function gives back what the client allocated, and the
// options of a connection to the cluster. Internal to replog: nothing outside it sees the client.

#include <nats/nats.h>

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace lg::replog {

struct ConnectionDeleter {
  void operator()(natsConnection* nc) const { natsConnection_Destroy(nc); }
};
struct OptionsDeleter {
  void operator()(natsOptions* o) const { natsOptions_Destroy(o); }
};
struct SubscriptionDeleter {
  void operator()(natsSubscription* sub) const {
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
  }
};
struct MsgDeleter {
  void operator()(natsMsg* msg) const { natsMsg_Destroy(msg); }
};
struct InboxDeleter {
  void operator()(natsInbox* inbox) const { natsInbox_Destroy(inbox); }
};
using ConnectionPtr = std::unique_ptr<natsConnection, ConnectionDeleter>;
using OptionsPtr = std::unique_ptr<natsOptions, OptionsDeleter>;
using MsgPtr = std::unique_ptr<natsMsg, MsgDeleter>;

// Options to connect to any of `urls` (nats://host:port of the cluster's servers). Once
// connected, a server that goes away is replaced by another of the cluster's, for as long as it
// takes.
core::Result<OptionsPtr> ClusterOptions(const std::vector<std::string>& urls);

}  // namespace lg::replog
