#pragma once
// The replicated log on NATS JetStream: one stream, replicated by the nats-server cluster's Raft
// groups. An entry's position is its stream sequence; a record's id is its Nats-Msg-Id, which
// the stream de-duplicates within its window. Created (file storage, `replicas` copies) when
// missing; several nodes creating it at once end with one.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "replog/replicated_log.h"

namespace lg::replog {

struct NatsLogOptions {
  std::vector<std::string> urls;  // nats://host:port of the cluster's servers (any subset finds the rest)
  std::string stream = "leadgate";
  int replicas = 3;
  // Entries the stream keeps, the oldest dropped first (0: all). Readers further behind get
  // log_truncated.
  int64_t max_entries = 0;
  // How long the stream keeps an entry (0: for ever). Unlike max_entries it is also set on a
  // stream that exists already: an erased lead's commands must leave the log within it.
  std::chrono::seconds max_age{0};
  // How long the stream remembers record ids: an append retried within it adds nothing.
  std::chrono::seconds duplicate_window{600};
  // Connecting, and creating the stream, are retried until this has passed.
  std::chrono::milliseconds connect_wait{20000};
};

// Connects, and creates the stream when it does not exist. kUnavailable when no server answers
// within `connect_wait`.
core::Result<std::unique_ptr<ReplicatedLog>> OpenNatsLog(const NatsLogOptions& options);

}  // namespace lg::replog
