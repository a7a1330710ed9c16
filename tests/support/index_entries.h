#pragma once
// The raw secondary-index entries of a store, read key by key, for tests that check indexes
// against records. Production code reads indexes through LeadRepo's scans; these read the
// entries themselves, so an entry without its record (or with the wrong one) shows.

#include <cstdint>
#include <utility>
#include <vector>

#include "store/db.h"

namespace lg::test {

// Lead ids of the option's entries (select index), in lead id order.
std::vector<uint64_t> IdsWithOption(const store::Db& db, uint64_t campaign_id, uint32_t select_id, uint32_t option_id);
// Lead ids of the status's entries, in lead id order.
std::vector<uint64_t> IdsWithStatus(const store::Db& db, uint64_t campaign_id, uint32_t status_id);
// (updated_at, lead id) of the campaign's updated-time entries, in key order.
std::vector<std::pair<int64_t, uint64_t>> UpdatedEntries(const store::Db& db, uint64_t campaign_id);
// (updated_at, lead id) of the option's option-updated entries, in key order.
std::vector<std::pair<int64_t, uint64_t>> OptionUpdatedEntries(const store::Db& db, uint64_t campaign_id,
                                                               uint32_t select_id, uint32_t option_id);

}  // namespace lg::test
