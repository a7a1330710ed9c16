// The NATS checkpoint exchange as one object (see nats_checkpoint_exchange.h): one connection,
// shared by the serving side (nats_checkpoint_server.h) and the fetching side
// (nats_checkpoint_fetcher.h), and the factory that connects it.
#include "replog/nats_checkpoint_exchange.h"

#include <nats/nats.h>

#include <thread>
#include <utility>

#include "replog/nats_checkpoint_fetcher.h"
#include "replog/nats_checkpoint_protocol.h"
#include "replog/nats_checkpoint_server.h"
#include "replog/nats_util.h"

namespace lg::replog {
namespace {

core::Result<ConnectionPtr> Connect(const NatsCheckpointOptions& options) {
  LG_ASSIGN_OR_RETURN(const OptionsPtr opts, ClusterOptions(options.urls));
  const auto deadline = Clock::now() + options.connect_wait;
  while (true) {
    natsConnection* nc = nullptr;
    const natsStatus s = natsConnection_Connect(&nc, opts.get());
    if (s == NATS_OK) return ConnectionPtr(nc);
    if (Clock::now() >= deadline) {
      return core::Status(core::ErrorKind::kUnavailable, "checkpoint_unavailable",
                          "The checkpoint exchange has no NATS server that answers: " + Describe(s));
    }
    std::this_thread::sleep_for(kRetryPause);
  }
}

class NatsCheckpointExchange final : public CheckpointExchange {
 public:
  NatsCheckpointExchange(ConnectionPtr connection, const NatsCheckpointOptions& options)
      : connection_(std::move(connection)), server_(connection_.get(), options), fetcher_(connection_.get(), options) {}

  core::Status Serve(MakeCopy make, const std::string& scratch_dir) override {
    return server_.Serve(std::move(make), scratch_dir);
  }
  void StopServing() override { server_.StopServing(); }

  core::Result<FetchedCheckpoint> Fetch(const std::string& dir, std::chrono::milliseconds wait) override {
    return fetcher_.Fetch(dir, wait);
  }

 private:
  ConnectionPtr connection_;     // first in, last out
  NatsCheckpointServer server_;  // stops serving when it goes
  NatsCheckpointFetcher fetcher_;
};

}  // namespace

core::Result<std::unique_ptr<CheckpointExchange>> OpenNatsCheckpointExchange(const NatsCheckpointOptions& options) {
  LG_ASSIGN_OR_RETURN(ConnectionPtr connection, Connect(options));
  return std::unique_ptr<CheckpointExchange>(std::make_unique<NatsCheckpointExchange>(std::move(connection), options));
}

}  // namespace lg::replog
