#pragma once
// Copies of a live node's store for cluster mode: a node that is new, wiped, or behind what the
// replicated log still keeps (a `log_truncated` read) fetches a full copy (a RocksDB checkpoint
// directory) from any other node that serves one, then follows the log from the copy's position.
// The engine (NATS core request/reply today, replog/nats_checkpoint_exchange.h) stays behind this
// interface, like the log's.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"

namespace lg::replog {

// What a fetch brought: whose copy, how many files and bytes.
struct FetchedCheckpoint {
  uint32_t from_node = 0;
  size_t files = 0;
  uint64_t bytes = 0;
};

class CheckpointExchange {
 public:
  virtual ~CheckpointExchange() = default;

  // Makes a copy of this node's store into `dir` (which does not exist yet; its parent does).
  // Only regular files and directories may be in it.
  using MakeCopy = std::function<core::Status(const std::string& dir)>;

  // Starts answering other nodes: each fetch gets a fresh copy, made by `make` in a new directory
  // under `scratch_dir` (created 0700 when missing, and owned by this exchange: copies left there
  // by an earlier process are removed), on a thread of its own so other fetches go on meanwhile.
  // A copy is removed when its fetcher says it is done, or after the exchange's idle time without
  // a request from it. kConflict when already serving.
  virtual core::Status Serve(MakeCopy make, const std::string& scratch_dir) = 0;
  // Stops answering, waits for copies being made, and removes every copy still held. Fetches in
  // progress from this node fail. Nothing when not serving.
  virtual void StopServing() = 0;

  // Fetches a copy from another node that serves (never from this node's own id) into `dir`, which
  // must not exist and whose parent must. The copy is written beside it and renamed into place
  // once complete: `dir` (0700, its files 0600) appears only with every file of the server's
  // manifest in it, each with the manifest's size and SHA-256, files and directories fsynced. On
  // any failure there is no `dir`.
  //  - kUnavailable `no_checkpoint_source` when no node offers a copy within `wait`;
  //  - kUnavailable `checkpoint_failed` when the source could not make one, went away, or sent
  //    something other than its manifest says (the caller may try again: another node may answer);
  //  - kConflict `checkpoint_dir_exists`, kInternal for local file system errors.
  // `wait` bounds finding a source only: making the copy has the engine's own bound, and the
  // transfer then goes on as long as the source answers (a request unanswered a few times fails it).
  virtual core::Result<FetchedCheckpoint> Fetch(const std::string& dir, std::chrono::milliseconds wait) = 0;
};

}  // namespace lg::replog
