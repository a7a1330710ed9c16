#pragma once
// The lead events of webhooks in the store (column family `events`, layout in store/key_codec.h):
// added to the batch of the change that causes them, read in the sync feed's order per campaign,
// deleted with their lead (erasure) or once older than the delivery log keeps them. What an event
// holds is service/lead_events.h's business; here it is bytes.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {

class LeadEventRepo {
 public:
  explicit LeadEventRepo(Db& db) : db_(db) {}

  static void Add(WriteUnit& unit, uint64_t campaign_id, const keys::LeadEventPosition& position,
                  std::string_view payload);
  // Adds to `unit` the deletion of every event of lead `lead_id` stored now.
  core::Status AddForgetLead(WriteUnit& unit, core::CampaignId campaign_id, core::LeadId lead_id) const;

  // The campaign's events after `after` (all when null) with a stamp below `until`, in order;
  // false from `visit` stops.
  using Visit = std::function<bool(const keys::LeadEventPosition& position, std::string_view payload)>;
  core::Status Scan(uint64_t campaign_id, const keys::LeadEventPosition* after, int64_t until,
                    const Visit& visit) const;
  // The payload of one event; nullopt when it is gone.
  core::Result<std::optional<std::string>> Get(uint64_t campaign_id, const keys::LeadEventPosition& position) const;

  // Deletes up to `max` of the campaign's events stamped before `before`, oldest first (not
  // synced: what a crash loses is dropped again). How many.
  core::Result<size_t> DropBefore(uint64_t campaign_id, int64_t before, size_t max);
  // DropBefore for every campaign that has events. How many in all.
  core::Result<size_t> DropAllBefore(int64_t before, size_t max_per_campaign);

 private:
  Db& db_;
};

}  // namespace lg::store
