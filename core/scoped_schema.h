#pragma once
// The part of a campaign schema a filtered token may see. A vendor's token whose filter pins
// `source = vendor-xyz` must never learn the other vendors' option slugs or labels, neither from
// GET /v2/campaigns nor from its documentation, so both render this view instead of the schema.

#include "core/campaign.h"
#include "core/filter_rules.h"

namespace lg::core {

// `campaign` with each select's options (and the statuses) cut down to the values `filter`
// allows a lead to have. Selects and statuses the filter does not restrict are kept whole.
// A null filter (an unfiltered token) returns the campaign unchanged.
Campaign RestrictToFilter(const Campaign& campaign, const CompiledFilter* filter);

// `campaign` without its retired fields, options and statuses: what new writes may use, so what
// documentation pages and pickers offer.
Campaign WithoutRetired(Campaign campaign);

}  // namespace lg::core
