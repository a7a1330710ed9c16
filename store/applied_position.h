#pragma once
// Cluster mode: how far into the replicated log this node's store has applied. The position is
// staged into the same WriteUnit as the changes of the entry it names, so after any crash the
// store holds an entry's changes exactly when it holds its position, and applying resumes at
// the next entry.

#include <cstdint>

#include "core/status.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

// The position applied last; 0 when nothing was applied (a new store, or a single node's).
core::Result<uint64_t> ReadAppliedPosition(const Db& db);

// Adds "applied up to `position`" to `unit`.
void StageAppliedPosition(WriteUnit& unit, uint64_t position);

}  // namespace lg::store
