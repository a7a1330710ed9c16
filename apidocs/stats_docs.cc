#include "apidocs/stats_docs.h"

#include <cstdint>
#include <string_view>

#include "apidocs/openapi.h"
#include "apidocs/openapi_parts.h"
#include "core/list_query.h"
#include "core/problem.h"

namespace lg::apidocs {
namespace {

// The example token that refused in the account's docs (a vendor's docs show its own).
constexpr uint64_t kExampleTokenId = 7;

// A counter: a whole number, never negative.
constexpr std::string_view kCount = R"({"type":"integer","minimum":0})";
// A share of the leads created, rounded to four places; null when none were created.
constexpr std::string_view kRate = R"({"type":["number","null"],"minimum":0})";

// {"<status slug>": <count or rate>, ...}: every status of the campaign, those retired since
// included (they may hold counts from before).
void WriteStatusMap(core::JsonWriter& out, const DocsCampaign& campaign, std::string_view value,
                    std::string_view description) {
  out.BeginObject().Key("type").String("object").Key("description").String(description);
  out.Key("properties").BeginObject();
  for (const auto& status : campaign.schema.statuses) out.Key(status.slug).Raw(value);
  out.EndObject().Key("required").BeginArray();
  for (const auto& status : campaign.schema.statuses) out.String(status.slug);
  out.EndArray().Key("additionalProperties").Raw(value).EndObject();
}

// One option's numbers; `total` for the range's totals (no period, rates added).
void WriteRowSchema(core::JsonWriter& out, const DocsCampaign& campaign, bool total) {
  out.BeginObject().Key("type").String("object").Key("additionalProperties").Bool(false);
  out.Key("required").BeginArray();
  if (!total) out.String("period");
  out.String("option").String("created").String("duplicates").String("duplicates_rejected").String("statuses");
  if (total) out.String("duplicate_rate").String("conversion");
  out.EndArray().Key("properties").BeginObject();
  if (!total) {
    out.Key("period").BeginObject().Key("type").String("string");
    out.Key("description").String("the day (YYYY-MM-DD), the week's Monday (YYYY-MM-DD) or the month (YYYY-MM)");
    out.EndObject();
  }
  out.Key("option").BeginObject().Key("type").String("string").Key("description").String("the option's slug");
  out.EndObject();
  out.Key("created").Raw(kCount).Key("duplicates").Raw(kCount).Key("duplicates_rejected").Raw(kCount);
  out.Key("statuses");
  WriteStatusMap(out, campaign, kCount, "leads that reached each status (created in it, or changed to it)");
  if (total) {
    out.Key("duplicate_rate").Raw(kRate).Key("conversion");
    WriteStatusMap(out, campaign, kRate, "each status's leads as a share of the leads created");
  }
  out.EndObject().EndObject();
}

void WriteRefusalSchema(core::JsonWriter& out, bool total) {
  out.BeginObject().Key("type").String("object").Key("additionalProperties").Bool(false);
  out.Key("required").BeginArray();
  if (!total) out.String("period");
  out.String("token_id").String("token").String("refused").String("reasons").EndArray();
  out.Key("properties").BeginObject();
  if (!total) out.Key("period").BeginObject().Key("type").String("string").EndObject();
  out.Key("token_id").Raw(kCount);
  out.Key("token").BeginObject().Key("type").String("string").Key("description").String("the token's name");
  out.EndObject();
  out.Key("refused").Raw(kCount);
  out.Key("reasons").BeginObject().Key("type").String("object");
  out.Key("description")
      .String(
          "refusals by reason: <error code>/<field> for each field at fault (invalid_email/email, "
          "unknown_option/source, required/name), else the problem's code (duplicate_lead, rate_limited)");
  out.Key("additionalProperties").Raw(kCount).EndObject();
  out.EndObject().EndObject();
}

void WriteStatsSchema(core::JsonWriter& out, const DocsCampaign& campaign) {
  out.BeginObject().Key("type").String("object").Key("additionalProperties").Bool(false);
  out.Key("required").BeginArray();
  for (std::string_view member : {"campaign_id", "group_by", "interval", "from", "to", "time_zone", "statuses", "data",
                                  "totals", "refused", "refused_totals"}) {
    out.String(member);
  }
  out.EndArray().Key("properties").BeginObject();
  out.Key("campaign_id").BeginObject().Key("const").Uint(campaign.schema.id).EndObject();
  out.Key("group_by").BeginObject().Key("enum").BeginArray();
  for (const auto& slug : StatsGroupBy(campaign)) out.String(slug);
  out.EndArray().EndObject();
  out.Key("interval").Raw(R"({"enum":["day","week","month"]})");
  out.Key("from").Raw(R"({"type":"string","format":"date"})").Key("to").Raw(R"({"type":"string","format":"date"})");
  out.Key("time_zone").BeginObject().Key("type").String("string");
  out.Key("description").String("the account's time zone: the days counted are its days").EndObject();
  out.Key("statuses").Raw(R"({"type":"array","items":{"type":"string"},"description":"the status slugs, in order"})");
  out.Key("data").BeginObject().Key("type").String("array");
  out.Key("description").String("per period and option, periods with anything only, oldest first").Key("items");
  WriteRowSchema(out, campaign, false);
  out.EndObject();
  out.Key("totals").BeginObject().Key("type").String("array").Key("description").String("per option, the range");
  out.Key("items");
  WriteRowSchema(out, campaign, true);
  out.EndObject();
  out.Key("refused").BeginObject().Key("type").String("array");
  out.Key("description").String("refused submissions per period and token").Key("items");
  WriteRefusalSchema(out, false);
  out.EndObject();
  out.Key("refused_totals").BeginObject().Key("type").String("array");
  out.Key("description").String("per token over the range, most refused first").Key("items");
  WriteRefusalSchema(out, true);
  out.EndObject();
  out.EndObject().EndObject();
}

void WriteParameters(core::JsonWriter& out, const DocsCampaign& campaign) {
  const std::vector<std::string> group_by = StatsGroupBy(campaign);
  out.Key("parameters").BeginArray();
  out.BeginObject().Key("name").String("group_by").Key("in").String("query").Key("required").Bool(false);
  out.Key("description").String("the select whose options are the rows (default: " + group_by.front() + ")");
  out.Key("schema").BeginObject().Key("enum").BeginArray();
  for (const auto& slug : group_by) out.String(slug);
  out.EndArray().EndObject().EndObject();
  out.BeginObject().Key("name").String("interval").Key("in").String("query").Key("required").Bool(false);
  out.Key("description").String("day (default), week (named by its Monday) or month");
  out.Key("schema").Raw(R"({"enum":["day","week","month"],"default":"day"})").EndObject();
  for (std::string_view name : {"from", "to"}) {
    out.BeginObject().Key("name").String(name).Key("in").String("query").Key("required").Bool(false);
    out.Key("description")
        .String(name == "from" ? "the first day (default: 29 days before to)"
                               : "the last day, included (default: today)");
    out.Key("schema").Raw(R"({"type":"string","format":"date"})").EndObject();
  }
  out.EndArray();
}

void WriteProblem(core::JsonWriter& out, core::ErrorKind kind, std::string_view description,
                  const core::Status& example) {
  out.Key(std::to_string(core::HttpStatusOf(kind))).BeginObject().Key("description").String(description);
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String("#/components/schemas/Problem").EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(core::EncodeProblem(example));
  out.EndObject().EndObject().EndObject().EndObject().EndObject();
}

}  // namespace

std::string StatsPath(const DocsCampaign& campaign) {
  return "/v2/campaigns/" + std::to_string(campaign.schema.id) + "/stats";
}

std::vector<std::string> StatsGroupBy(const DocsCampaign& campaign) {
  std::vector<std::string> out;
  for (const core::Select& select : campaign.schema.selects) {
    if (!campaign.filtered || campaign.pinned.selects.contains(select.slug)) out.push_back(select.slug);
  }
  return out;
}

core::StatsTable ExampleStatsTable(const DocsRequest& request, const DocsCampaign& campaign) {
  core::StatsTable table;
  table.campaign_id = campaign.schema.id;
  table.interval = "day";
  table.from = "2026-11-01";
  table.to = "2026-11-30";
  table.time_zone = request.time_zone;
  for (const auto& status : campaign.schema.statuses) table.statuses.push_back(status.slug);
  const std::vector<std::string> group_by = StatsGroupBy(campaign);
  if (group_by.empty()) return table;
  table.group_by = group_by.front();
  const core::Select* select = campaign.schema.FindSelect(table.group_by);
  std::vector<std::string> options;
  if (campaign.filtered) {
    options.push_back(campaign.pinned.selects.at(table.group_by));
  } else {
    for (const auto& option : select->options) {
      if (options.size() < 2) options.push_back(option.slug);
    }
  }
  // Fewer leads reach each later status: a funnel.
  auto row = [&](const std::string& period, const std::string& option, uint64_t created) {
    core::StatsRow out{period, option, created, created / 8, created / 20, {}};
    uint64_t reached = created;
    for (const auto& slug : table.statuses) {
      out.statuses[slug] = reached;
      reached /= 3;
    }
    return out;
  };
  for (std::string_view day : {"2026-11-02", "2026-11-03"}) {
    uint64_t created = day.back() == '2' ? 48 : 41;
    for (const auto& option : options) {
      table.rows.push_back(row(std::string(day), option, created));
      created -= 17;
    }
  }
  for (const auto& option : options) {
    core::StatsRow total{"", option, 0, 0, 0, {}};
    for (const auto& part : table.rows) {
      if (part.option != option) continue;
      total.created += part.created;
      total.duplicates += part.duplicates;
      total.duplicates_rejected += part.duplicates_rejected;
      for (const auto& [slug, count] : part.statuses) total.statuses[slug] += count;
    }
    table.totals.push_back(std::move(total));
  }
  const std::string token = campaign.filtered ? request.title : "Vendor token";
  std::string field_reason = "invalid_json";
  for (const auto& field : campaign.schema.fields) {
    if (field.required) {
      field_reason = "required/" + field.slug;
      break;
    }
  }
  table.refused.push_back({"2026-11-02", kExampleTokenId, token, 3, {{field_reason, 2}, {"rate_limited", 1}}});
  table.refused_totals.push_back({"", kExampleTokenId, token, 3, {{field_reason, 2}, {"rate_limited", 1}}});
  return table;
}

std::string StatsCurlExample(const DocsRequest& request, const DocsCampaign& campaign) {
  const std::string url = request.base_url + StatsPath(campaign);
  const std::vector<std::string> group_by = StatsGroupBy(campaign);
  const std::string query = group_by.empty() ? "" : "?group_by=" + group_by.front();
  return "# Per option and day, the last 30 days\ncurl -s \"" + url + query +
         "\" \\\n  -H \"Authorization: Bearer $TOKEN\"\n# Per week of November, as CSV\ncurl -s \"" + url + query +
         (query.empty() ? "?" : "&") + "interval=week&from=2026-11-01&to=2026-11-30\" \\\n" +
         R"(  -H "Authorization: Bearer $TOKEN" -H "Accept: text/csv")";
}

void WriteStatsPath(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                    const std::string& suffix) {
  if (StatsGroupBy(campaign).empty()) return;
  const core::StatsTable example = ExampleStatsTable(request, campaign);
  out.Key(StatsPath(campaign)).BeginObject().Key("get").BeginObject();
  out.Key("operationId").String("getStats" + suffix);
  out.Key("summary").String("Leads, funnel, duplicates and refusals per option and day, week or month");
  out.Key("description")
      .String(campaign.filtered
                  ? "This token's own numbers: the option its filter sets, and its own refused submissions."
                  : "Counted as leads are written: created, reaching each status, flagged or rejected as duplicates, "
                    "and each token's refused submissions. Days are those of the account's time zone.");
  out.Key("tags").BeginArray().String("Statistics").EndArray();
  WriteParameters(out, campaign);
  out.Key("responses").BeginObject();
  out.Key("200").BeginObject().Key("description").String("The table; Accept: text/csv gives its data rows as CSV");
  out.Key("headers").BeginObject();
  WriteRateLimitHeaderRefs(out);
  out.EndObject().Key("content").BeginObject();
  out.Key("application/json").BeginObject().Key("schema");
  WriteStatsSchema(out, campaign);
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(core::StatsJson(example));
  out.EndObject().EndObject().EndObject();
  out.Key("text/csv").BeginObject().Key("schema").BeginObject().Key("type").String("string");
  out.Key("description")
      .String(
          "A header line period,option,created,duplicates,duplicates_rejected,<status slugs>, then one line per "
          "data row (RFC 4180)");
  out.EndObject().Key("examples").BeginObject().Key("example").BeginObject().Key("value");
  out.String(core::StatsCsv(example)).EndObject().EndObject().EndObject();
  out.EndObject().EndObject();
  WriteProblem(out, core::ErrorKind::kMalformed,
               "invalid_parameter: an unknown parameter, a group_by that is no select, a bad interval or date, or a "
               "range of more than 731 days",
               core::InvalidListParameter("interval", "must be day, week or month"));
  if (campaign.filtered) {
    WriteProblem(out, core::ErrorKind::kNotPermitted,
                 "group_by_not_pinned: a select this token's filter does not set to one option",
                 core::GroupByNotPinned());
  }
  WriteResponseRef(out, core::ErrorKind::kNotFound, "NotFound");
  WriteAnyRequestResponses(out, {core::ErrorKind::kMalformed});
  out.EndObject().EndObject().EndObject();
}

// The statistics of the first campaign that has any for this token (docs/api.md "Vendor statistics").
void WriteStatsSection(HtmlWriter& page, const DocsRequest& request) {
  const DocsCampaign* campaign = nullptr;
  for (const auto& candidate : request.campaigns) {
    if (!campaign && !StatsGroupBy(candidate).empty()) campaign = &candidate;
  }
  if (!campaign) return;
  page.Heading(2, "stats", "Statistics");
  page.Raw(
      "<p><code>GET /v2/campaigns/{campaign_id}/stats</code> counts, per option of a select and per day, week or "
      "month: the leads created, the leads that reached each status (a funnel, with conversion rates), the leads "
      "flagged or rejected as duplicates, and the submissions refused, by reason (<code>required/name</code>, "
      "<code>invalid_email/email</code>, <code>rate_limited</code>, ...). Days are those of ");
  page.Code(request.time_zone);
  page.Raw(". Parameters: <code>group_by</code> (");
  std::string selects;
  for (const auto& slug : StatsGroupBy(*campaign)) selects += (selects.empty() ? "" : ", ") + slug;
  page.Text(selects);
  page.Raw(
      "), <code>interval</code> (<code>day</code>, <code>week</code>, <code>month</code>), <code>from</code> and "
      "<code>to</code> (YYYY-MM-DD, at most 731 days; by default the last 30). <code>Accept: text/csv</code> gives "
      "the rows as CSV.");
  if (campaign->filtered) {
    page.Raw(
        " This token sees its own numbers only: the option its filter sets, and its own refusals; another "
        "<code>group_by</code> answers 403 <code>group_by_not_pinned</code>.");
  }
  page.Raw("</p>\n");
  page.Block(StatsCurlExample(request, *campaign));
  page.Raw("<p>Answer (200):</p>\n");
  page.Block(core::StatsJson(ExampleStatsTable(request, *campaign)));
}

}  // namespace lg::apidocs
