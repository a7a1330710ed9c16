#pragma once
// What is left of a deleted lead: its id, campaign, status, select values and times, and nothing
// a person could be identified by (no field values, no creator). The sync feed
// (`sort=updated_at`) shows it as the deletion's item:
//   {"id": 1, "campaign_id": 2, "deleted": true, "deleted_at": "...", "status": "new",
//    "select_field_values": {"source": "vendor-xyz"}, "created_at": "...", "updated_at": "..."}
// (updated_at is the deletion time: the feed's position). The stored form also names the saved
// filters the lead matched when it was deleted: a token with a filter is told of the deletion
// only if its filter held the lead then (a tombstone has no field values to judge a filter on).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/lead.h"
#include "core/status.h"

namespace lg::core {

struct Tombstone {
  Lead lead;  // id, campaign, status, select values, created_at; updated_at = the deletion time
  int64_t deleted_at = 0;
  std::vector<uint64_t> in_filters;  // ascending
};

// The stored form.
std::string EncodeTombstone(const Lead& lead, int64_t deleted_at, const std::vector<uint64_t>& in_filters);
Result<Tombstone> DecodeTombstone(std::string_view stored);
// The feed's item: the stored form without the filters.
std::string TombstoneItem(const Tombstone& tombstone);
// Whether a token with saved filter `filter_id` is told of the deletion.
bool ToldTo(const Tombstone& tombstone, uint64_t filter_id);

}  // namespace lg::core
