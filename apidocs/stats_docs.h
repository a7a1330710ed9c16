#pragma once
// The vendor statistics part of the documentation (README "Vendor statistics"):
// GET /v2/campaigns/{id}/stats, answered as JSON or CSV. Which selects this token may group by
// (every select; for a token with a filter, those its filter sets to one option: the others
// answer 403 group_by_not_pinned), an example answer written by the server's own encoders
// (core/stats_table.h), a curl example, the OpenAPI path item and the HTML section. Pure.

#include <string>
#include <vector>

#include "apidocs/docs_model.h"
#include "apidocs/html_writer.h"
#include "core/json_writer.h"
#include "core/stats_table.h"

namespace lg::apidocs {

// "/v2/campaigns/<id>/stats".
std::string StatsPath(const DocsCampaign& campaign);

// The select slugs `campaign`'s statistics may be grouped by with this token, in campaign order;
// empty when there is none (the docs then leave the statistics out for that campaign).
std::vector<std::string> StatsGroupBy(const DocsCampaign& campaign);

// An answer for the first of those selects: two days of November 2026 for two of its options
// (the token's own one only, for a token with a filter), every status, and this token's refusals.
core::StatsTable ExampleStatsTable(const DocsRequest& request, const DocsCampaign& campaign);

// The JSON of the last 30 days per option per week, and the same as CSV, reading $TOKEN.
std::string StatsCurlExample(const DocsRequest& request, const DocsCampaign& campaign);

// `campaign`'s statistics path item, as a member of `paths`; nothing when StatsGroupBy is empty.
void WriteStatsPath(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                    const std::string& suffix);

// The page's "Statistics" section, for the first campaign with statistics for this token:
// what is counted, the parameters, a curl example and an example answer. Nothing without one.
void WriteStatsSection(HtmlWriter& page, const DocsRequest& request);

}  // namespace lg::apidocs
