#pragma once
// The checkpoint exchange on NATS core request/reply (no JetStream): nothing is stored in NATS,
// a copy goes straight from the serving node's disk to the fetcher's, in pieces well under the
// servers' max_payload. Subjects, for `prefix` P and a serving node N:
//  - P.checkpoint.offer: every serving node but the asker answers with its node id;
//  - P.checkpoint.N.open: N starts making a copy for the asker and answers with its id;
//  - P.checkpoint.N.manifest: the copy's state (still being made, failed, or its files: size,
//    SHA-256 and relative name, in pages);
//  - P.checkpoint.N.read: up to 256 KiB of one file of the manifest (named by its index, so
//    nothing outside the copy can be asked for);
//  - P.checkpoint.N.done: N removes the copy.
// Anyone who can publish on these subjects can fetch the whole store: the NATS servers must admit
// only the cluster's nodes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "replog/checkpoint_exchange.h"

namespace lg::replog {

struct NatsCheckpointOptions {
  std::vector<std::string> urls;  // nats://host:port of the cluster's servers (any subset finds the rest)
  std::string prefix = "leadgate";
  uint32_t node = 0;  // this node's id: what it serves under, and whom it never fetches from
  // Connecting is retried until this has passed.
  std::chrono::milliseconds connect_wait{20000};
  // A copy whose fetcher sent nothing for this long is removed (the fetcher died or gave up).
  std::chrono::milliseconds idle{60000};
  // How long a fetcher waits for its source to make a copy (a checkpoint is hard links and takes
  // seconds; hashing it reads the whole store).
  std::chrono::milliseconds copy_wait{600000};
  // Copies held at once by a serving node; a fetch beyond them fails (`checkpoint_failed`).
  int max_copies = 4;
};

// Connects. kUnavailable when no server answers within `connect_wait`.
core::Result<std::unique_ptr<CheckpointExchange>> OpenNatsCheckpointExchange(const NatsCheckpointOptions& options);

}  // namespace lg::replog
