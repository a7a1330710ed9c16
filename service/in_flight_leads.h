#pragma once
// New leads that passed their campaign's duplicate-rule check and are on their way to the store.
// The duplicate index shows only committed leads, so a check meanwhile also looks here, under the
// same rule keys the index uses (core::DuplicateKeys): a lookup is one map search, whatever else is
// in flight. Each lead carries its commit, so a check can tell a lead that is durable or still
// on its way from one whose commit failed (and that will never be stored). Thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "core/lead.h"

namespace lg::store {
class PendingCommit;
}

namespace lg::service {

// The commit a lead rides in, once it is submitted (the lead is registered first, under the same
// lock as the submission, so a reader holding that lock sees it set).
struct CommitSlot {
  std::shared_ptr<store::PendingCommit> commit;
};

class InFlightLeads {
 public:
  // `lead` under the duplicate-index keys it will have (LeadRepo's entries for it, without the
  // campaign and times: core::DuplicateKeys of the rules its status counts for).
  void Add(const core::Lead& lead, std::vector<std::string> rule_keys, std::shared_ptr<CommitSlot> slot);
  // Once the lead's commit is done (or failed): from then on the index answers for it.
  void Remove(core::CampaignId campaign_id, core::LeadId lead_id);
  // Visits the campaign's in-flight leads under `rule_key` created at or after `created_from`,
  // oldest first (created_at, then id), with their commit (null before submission); `visit`
  // returns false to stop. Runs under this object's lock: keep `visit` short.
  using Visitor = std::function<bool(const core::Lead& lead, const std::shared_ptr<store::PendingCommit>& commit)>;
  void Visit(uint64_t campaign_id, const std::string& rule_key, int64_t created_from, const Visitor& visit) const;

 private:
  struct Entry {
    core::Lead lead;
    std::vector<std::string> rule_keys;
    std::shared_ptr<CommitSlot> slot;
  };
  struct Campaign {
    std::unordered_map<uint64_t, Entry> leads;                                  // by id
    std::map<std::string, std::set<std::pair<int64_t, uint64_t>>> by_rule_key;  // (created_at, id)
  };

  mutable std::mutex mu_;
  std::unordered_map<uint64_t, Campaign> by_campaign_;
};

}  // namespace lg::service
