#pragma once
// Cluster mode: how far into the replicated log this node's store has applied, and which
// commands it applied. Both are staged into the same WriteUnit as the changes of the entry they
// name, so after any crash the store holds an entry's changes exactly when it holds its
// position, and applying resumes at the next entry. The applied-command marks let a copy of a
// command appended again (a node republishing its outbox after a restart) change nothing.

#include <cstdint>
#include <optional>

#include "core/apply_scope.h"
#include "core/status.h"
#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

// How far the store has applied: the position applied last (0: nothing yet, a new store or a
// single node's) and the apply clock the commands up to it left (core/apply_scope.h).
struct AppliedState {
  uint64_t position = 0;
  core::ApplyClock clock;
  bool operator==(const AppliedState&) const = default;
};
core::Result<AppliedState> ReadAppliedState(const Db& db);
// Adds "applied up to `state.position`, leaving `state.clock`" to `unit`.
void StageAppliedState(WriteUnit& unit, const AppliedState& state);

// Whether the command (origin, sequence) was applied already.
core::Result<bool> WasApplied(const Db& db, uint32_t origin, uint64_t sequence);
// Where the command was applied (or seen again, already applied) last; nullopt: never. 0 for a
// mark written before positions were kept.
core::Result<std::optional<uint64_t>> AppliedAt(const Db& db, uint32_t origin, uint64_t sequence);
// Marks the command (origin, sequence) applied, as the entry at `position`. The position first:
// it and the sequence are both uint64_t, and apart they cannot be swapped unnoticed.
void StageApplied(WriteUnit& unit, uint64_t position, uint32_t origin, uint64_t sequence);
// The highest sequence applied from `origin` (0: none): a node proposes above it after a
// restart, so a new command never takes the name of an applied one.
core::Result<uint64_t> HighestApplied(const Db& db, uint32_t origin);

}  // namespace lg::store
