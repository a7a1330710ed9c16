#pragma once
// The store's on-disk format version, a meta marker written at open. Db::Open checks it before
// anything else: a store written by a newer leadgate (a higher version) is refused with a message
// saying so, rather than read wrongly; an older one (no marker, or a lower version) is upgraded
// by the open's migrations (store/index_layout_upgrade.h, store/index_backfill.h), and
// the marker then records the current version.
//
// Versions: 1 option/status indexes ascending (before 2026-11-29); 2 descending; 3 with the
// per-option updated-time index; 4 with the duplicate-rule index keyed by rule; 5 with the
// person index and the `tombstones` column family (an older leadgate cannot open its families);
// 6 with the `events` column family (lead events for webhooks).

#include <cstdint>
#include <string>

#include "core/status.h"

namespace lg::store {

class Db;

inline constexpr uint32_t kStoreFormatVersion = 6;
inline constexpr const char* kFormatVersionMarker = "format_version";

// The stored version (0: none recorded, a store older than the marker or a new one).
core::Result<uint32_t> ReadFormatVersion(const Db& db);
// An error naming both versions for a store newer than this build can read.
core::Status CheckFormatVersion(const Db& db, const std::string& path);
// Records kStoreFormatVersion (synced), once the migrations are done.
core::Status WriteFormatVersion(Db& db);

}  // namespace lg::store
