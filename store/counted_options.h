#pragma once
// What a lead is counted under in the vendor statistics (store/stats_repo.h): the hour of a time,
// and each select option the lead carries. Shared by the counting (service/lead_stats.h) and the
// integrity check, so both read a lead alike.

#include <algorithm>
#include <cstdint>

#include "core/campaign.h"
#include "core/lead.h"

namespace lg::store {

// The hour (since 1970, UTC) of a time in ms.
inline uint32_t StatsHourOf(int64_t millis) { return static_cast<uint32_t>(std::max<int64_t>(millis, 0) / 3600000); }

// `visit(select_id, option_id)` for each option of the campaign's selects the lead carries.
template <typename Visit>
void ForEachCountedOption(const core::Campaign& campaign, const core::Lead& lead, const Visit& visit) {
  for (const auto& [select_slug, option_slug] : lead.select_values) {
    const core::Select* select = campaign.FindSelect(select_slug);
    const core::SelectOption* option = select ? select->FindOption(option_slug) : nullptr;
    if (option) visit(select->id, option->id);
  }
}

}  // namespace lg::store
