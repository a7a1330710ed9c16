#pragma once
// Brings a store written before 2026-11-29 to the current index layout: option and status
// entries move from the ascending form ([0x01]/[0x02], plain lead id) to the descending one
// ([0x05]/[0x06], complemented lead id; see store/key_codec.h). Each batch deletes old entries
// and adds their new form atomically and synced, so a run cut short by a crash is simply
// carried on by the next. Db::Open runs it; a store already in the current layout costs one
// empty seek.

#include <cstddef>

#include "core/status.h"

namespace lg::store {

class Db;

// Returns how many entries were rewritten.
core::Result<size_t> UpgradeIndexLayout(Db& db);

}  // namespace lg::store
