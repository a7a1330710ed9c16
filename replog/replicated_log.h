#pragma once
// The replicated log under cluster mode: an ordered sequence of opaque entries that a quorum of
// machines holds before an append returns. Every node appends the commands it takes and applies
// every entry, in log order, into its own store. The engine (NATS JetStream today,
// replog/nats_log.h) stays behind this interface: nothing else includes its client.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace lg::replog {

// What a node appends: `id` names the command across retries and nodes, so the log keeps one copy
// of an entry appended twice with the same id (within the engine's de-duplication window).
struct Record {
  std::string id;
  std::string payload;
};

// Where an appended record stands: its position (1-based, gapless, the same on every node), and
// whether the log already held a record with its id (the position is then the earlier one's).
struct Appended {
  uint64_t position = 0;
  bool duplicate = false;
};

struct Entry {
  uint64_t position = 0;
  std::string id;
  std::string payload;
};

// How much one Read takes, named: a position and a count side by side are easily swapped.
struct ReadLimit {
  size_t max = 0;
  std::chrono::milliseconds wait{0};
};

// The log as the engine sees it now.
struct LogStatus {
  std::string name;
  std::string leader;                 // the machine that orders appends now; empty without one
  std::vector<std::string> replicas;  // the others that hold it, each "name (current|lagging)"
  uint64_t first_position = 0;        // the oldest entry still kept (older ones aged out)
  uint64_t last_position = 0;         // the newest entry; 0 when empty
};

class ReplicatedLog {
 public:
  virtual ~ReplicatedLog() = default;

  // Appends `records` in order and returns once a quorum holds each, with their positions. An
  // engine without a leader is retried until `wait` has passed, then kUnavailable; records
  // already appended by then keep their place, and appending them again with the same ids adds
  // nothing.
  virtual core::Result<std::vector<Appended>> Append(const std::vector<Record>& records,
                                                     std::chrono::milliseconds wait) = 0;

  // Up to `limit.max` entries from `from` on, in order, waiting up to `limit.wait` for the first
  // when there is none yet (an empty result then). `from` below the first kept position is a
  // kConflict `log_truncated`: the reader must catch up from a copy of another node. One reader
  // at a time (it follows the log from where its last read stopped).
  virtual core::Result<std::vector<Entry>> Read(uint64_t from, ReadLimit limit) = 0;

  virtual core::Result<LogStatus> Status() = 0;
  // The largest record payload the engine takes (nats-server's max_payload).
  virtual size_t MaxRecordBytes() const = 0;
};

}  // namespace lg::replog
