#pragma once
// Gives a store written before 2026-12 its option-updated index ([0x07], one entry per select
// value and update time; see store/key_codec.h): every lead of every campaign gets the entries
// LeadRepo::IndexKeysFor implies. Writes in synced batches; a marker key in `meta`, written with
// the last batch, says it is done, so it runs once. A run cut short by a crash leaves no marker
// and is simply done again (adding an entry twice is harmless). Db::Open runs it, before anyone
// writes; a store that has the marker costs one point read. Records or campaigns that do not
// decode are skipped and left for `leadgate check`.

#include <cstddef>

#include "core/status.h"

namespace lg::store {

class Db;

// The meta marker's name.
inline constexpr const char* kOptionUpdatedBackfillMarker = "index.option_updated.v1";

// Returns how many entries were written (0 when the marker was already there).
core::Result<size_t> BackfillOptionUpdatedIndex(Db& db);

}  // namespace lg::store
