#pragma once
// What is left of a deleted lead: its id, campaign, status, select values and times, and nothing
// a person could be identified by (no field values, no creator). It is the item the
// `sort=updated_at` feed shows for the deletion:
//   {"id": 1, "campaign_id": 2, "deleted": true, "deleted_at": "...", "status": "new",
//    "select_field_values": {"source": "vendor-xyz"}, "created_at": "...", "updated_at": "..."}
// (updated_at is the deletion time: the feed's position). DecodeLead reads it as a lead without
// field values, so a token's filter and a list's conditions judge it like the lead it was.

#include <cstdint>
#include <string>

#include "core/lead.h"

namespace lg::core {

std::string EncodeTombstone(const Lead& lead, int64_t deleted_at);

}  // namespace lg::core
