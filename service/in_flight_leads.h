#pragma once
// New leads that passed their campaign's duplicate-rule check and are on their way to the store.
// The doublet index shows only committed leads, so a create checking its rules meanwhile also
// compares against these; that way the check need not hold a lock while a commit syncs.
// Thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

#include "core/lead.h"

namespace lg::service {

class InFlightLeads {
 public:
  void Add(const core::Lead& lead);
  // Once the lead is committed (or failed to be): from then on the index answers for it.
  void Remove(uint64_t campaign_id, uint64_t lead_id);
  // Visits the campaign's in-flight leads, oldest first.
  void ForEach(uint64_t campaign_id, const std::function<void(const core::Lead&)>& visit) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<uint64_t, std::map<uint64_t, core::Lead>> by_campaign_;  // campaign -> lead id -> lead
};

}  // namespace lg::service
