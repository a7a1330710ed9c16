#pragma once
// Vendor statistics kept with the data (column family `stats`): counters per campaign, select
// option and UTC hour, each a little-endian u64 that RocksDB adds up (CounterAddOperator), so a
// change adds to its counters in its own WriteBatch without reading them, and a question over a
// time range reads one key per hour and counter that had something, however many leads there
// are.
//
// Keys (per option and hour, and per token and hour for refusals): store/key_codec.h.

#include <rocksdb/merge_operator.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "core/ids.h"
#include "core/status.h"
#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

// On-disk values (the stat byte of a counter key): never renumber.
enum class LeadStat : uint8_t {
  kCreated = 1,            // leads created with the option
  kReachedStatus = 2,      // leads that reached status_id (created in it, or changed to it)
  kDuplicateFlagged = 3,   // created, flagged as a duplicate of an earlier lead (doublet_of)
  kDuplicateRejected = 4,  // refused by a duplicate rule's `reject`
};

struct LeadStatKey {
  uint64_t campaign_id = 0;
  uint32_t select_id = 0;
  uint32_t option_id = 0;
  uint32_t hour = 0;
  LeadStat stat = LeadStat::kCreated;
  uint32_t status_id = 0;
  bool operator==(const LeadStatKey&) const = default;
};

// In Cf::kMeta once every lead of the store is counted (a store from before statistics is
// counted once when it is opened: service/lead_stats.h); value empty.
inline constexpr std::string_view kStatsCountedKey = "stats/backfilled";

// Adds u64 counters (8 bytes little endian; a missing value is 0).
std::shared_ptr<rocksdb::MergeOperator> CounterAddOperator();

class StatsRepo {
 public:
  explicit StatsRepo(const Db& db) : db_(db) {}

  // Adds `delta` to the counter, in `unit`.
  static void Add(WriteUnit& unit, const LeadStatKey& key, uint64_t delta = 1);

  // Hours since 1970 UTC in [from, to).
  using Hours = keys::HourRange;
  // The counters of one option of one select over some hours.
  struct OptionHours {
    uint64_t campaign_id = 0;
    uint32_t select_id = 0;
    uint32_t option_id = 0;
    Hours hours;
  };
  // The counters in `range`, in key order.
  using Visit = std::function<void(const LeadStatKey& key, uint64_t count)>;
  core::Status Scan(const OptionHours& range, const Visit& visit) const;
  // Every lead counter of the campaign (the integrity check, tests).
  core::Status ScanCampaign(uint64_t campaign_id, const Visit& visit) const;

  // Adds `delta` to the token's refusals for `reason` ("" for all its refused submissions).
  static void AddRefusal(WriteUnit& unit, core::CampaignId campaign_id, core::TokenId token_id, uint32_t hour,
                         std::string_view reason, uint64_t delta = 1);
  // The token's refusal counters with an hour in `hours`, in key order.
  using RefusalVisit = std::function<void(uint32_t hour, std::string_view reason, uint64_t count)>;
  core::Status ScanRefusals(core::CampaignId campaign_id, core::TokenId token_id, Hours hours,
                            const RefusalVisit& visit) const;

 private:
  const Db& db_;
};

}  // namespace lg::store
