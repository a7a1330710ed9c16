#pragma once
// The lead events webhooks deliver, kept in the store in the batch of the change that causes
// them (an outbox: an event exists exactly when its change committed, crash or not):
//  - lead.created: a new lead (single or bulk create);
//  - lead.updated: any change of a lead (PATCH), and lead.status_changed as well when its status
//    changed (the event says from which status);
//  - lead.deleted: a deletion (request, erasure, retention). Deleting a lead also deletes the
//    events of it still held, so its personal data leaves with it; lead.deleted itself holds
//    the tombstone only (no field values).
// An event holds the lead as the change left it (stored form); what an endpoint may see of it is
// decided at delivery, by the endpoint's scope. Each event sits at its change's sync-feed
// position (updated_at, lead id) and a kind, so readers stop at the feed's watermark and never
// skip an event a write in flight is about to add.
// Events are written only for campaigns that want them (an enabled webhook endpoint: SetWanted),
// so a server without webhooks writes nothing more. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/lead.h"
#include "core/status.h"
#include "store/key_codec.h"
#include "store/lead_event_repo.h"
#include "store/write_unit.h"

namespace lg::service {

enum class LeadEventKind : uint8_t { kCreated = 1, kUpdated = 2, kStatusChanged = 3, kDeleted = 4 };

// "lead.created", "lead.updated", "lead.status_changed", "lead.deleted"; nullopt for other bytes.
std::optional<std::string_view> LeadEventType(uint8_t kind);
std::optional<LeadEventKind> LeadEventKindOf(std::string_view type);

// One stored event, decoded.
struct LeadEvent {
  uint64_t campaign_id = 0;
  store::keys::LeadEventPosition position;
  LeadEventKind kind = LeadEventKind::kCreated;
  std::string lead_json;                   // stored form; for lead.deleted the stored tombstone
  std::optional<std::string> status_from;  // lead.status_changed
};
core::Result<LeadEvent> DecodeLeadEvent(uint64_t campaign_id, const store::keys::LeadEventPosition& position,
                                        std::string_view payload);

class LeadEvents {
 public:
  explicit LeadEvents(store::LeadEventRepo& repo) : repo_(repo) {}

  // Whether changes in `campaign_id` write events (the webhook endpoints keep it up to date).
  void SetWanted(uint64_t campaign_id, bool wanted);
  bool Wanted(uint64_t campaign_id) const;

  // Each adds the change's events to `unit` when the lead's campaign wants them.
  void AddCreated(store::WriteUnit& unit, const core::Lead& lead, std::string_view lead_json) const;
  void AddChanged(store::WriteUnit& unit, const core::Lead& previous, const core::Lead& lead,
                  std::string_view lead_json) const;
  // Also deletes the lead's events held (always: the campaign may have wanted them before).
  core::Status AddDeleted(store::WriteUnit& unit, const core::Lead& lead, int64_t deleted_at,
                          std::string_view stored_tombstone) const;

  store::LeadEventRepo& repo() const { return repo_; }

 private:
  store::LeadEventRepo& repo_;
  mutable std::shared_mutex mu_;
  std::set<uint64_t> wanted_;
};

}  // namespace lg::service
