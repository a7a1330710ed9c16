#pragma once
// One-off index migrations run by Db::Open, before anyone writes: an index kind a newer leadgate
// keeps is built for the leads of a store written before it. Every lead of every campaign gets
// the entries of that kind LeadRepo::IndexKeysFor implies, written in synced batches; a marker
// key in `meta`, written with the last batch, says it is done, so it runs once. A run cut short
// by a crash leaves no marker and is simply done again (adding an entry twice is harmless). A
// store that has the marker costs one point read. Records or campaigns that do not decode are
// skipped and left for `leadgate check`.
//  - The option-updated index ([0x07], one entry per select value and update time): stores
//    written before 2026-12.
//  - The duplicate-rule index ([0x08], one entry per rule key; see store/key_codec.h): stores
//    written before 2026-12-06 hold a per-value index ([0x04]) instead, which is removed first.
//  - The person index ([0x09], one entry per e-mail and phone value): stores written before
//    2026-12-07.

#include <cstddef>

#include "core/status.h"

namespace lg::store {

class Db;

// The meta markers' names.
inline constexpr const char* kOptionUpdatedBackfillMarker = "index.option_updated.v1";
inline constexpr const char* kDuplicateBackfillMarker = "index.doublet.v2";
inline constexpr const char* kPersonBackfillMarker = "index.person.v1";

// Each returns how many entries were written (0 when its marker was already there).
core::Result<size_t> BackfillOptionUpdatedIndex(Db& db);
core::Result<size_t> BackfillDuplicateIndex(Db& db);
core::Result<size_t> BackfillPersonIndex(Db& db);

}  // namespace lg::store
