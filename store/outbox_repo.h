#pragma once
// Cluster mode: the commands this node proposed that the replicated log may not hold yet, or
// may hold in memory only. A command is synced here before it is appended (so a 2xx never rests
// on the log's unsynced memory alone), kept for a while after it is applied (LogProposer::
// PruneOutbox), and appended again after a restart, or a log that went back, while it is here.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

struct OutboxEntry {
  uint64_t sequence = 0;
  std::string command;  // core::EncodeCommand's bytes
};

// A proposed command, under its sequence (never reused: see HighestApplied in apply_progress.h).
void StageOutbox(WriteUnit& unit, uint64_t sequence, std::string_view command);
void StageOutboxDone(WriteUnit& unit, uint64_t sequence);
// What the outbox holds under sequences below `before` (default: everything), oldest first.
core::Result<std::vector<OutboxEntry>> ReadOutbox(const Db& db, uint64_t before = UINT64_MAX);

}  // namespace lg::store
