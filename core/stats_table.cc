#include "core/stats_table.h"

#include <cmath>

#include "core/json_writer.h"

namespace lg::core {
namespace {

void WriteStatuses(JsonWriter& out, const StatsTable& table, const StatsRow& row) {
  out.Key("statuses").BeginObject();
  for (const auto& slug : table.statuses) {
    auto it = row.statuses.find(slug);
    out.Key(slug).Uint(it == row.statuses.end() ? 0 : it->second);
  }
  out.EndObject();
}

// A share of the leads created, rounded to four places (null without leads).
void WriteRate(JsonWriter& out, uint64_t part, uint64_t created) {
  if (created == 0) {
    out.Null();
    return;
  }
  const double share = static_cast<double>(part) / static_cast<double>(created);
  out.Double(static_cast<double>(std::lround(10000.0 * share)) / 10000.0);
}

void WriteRefusal(JsonWriter& out, const RefusalRow& row) {
  out.BeginObject();
  if (!row.period.empty()) out.Key("period").String(row.period);
  out.Key("token_id").Uint(row.token_id).Key("token").String(row.token).Key("refused").Uint(row.refused);
  out.Key("reasons").BeginObject();
  for (const auto& [reason, count] : row.reasons) out.Key(reason).Uint(count);
  out.EndObject().EndObject();
}

// RFC 4180: a field with a comma, quote or line break goes in quotes, its quotes doubled.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

Status GroupByNotPinned() {
  return Status(ErrorKind::kNotPermitted, "group_by_not_pinned",
                "This token sees the leads of its filter only, and statistics are kept per option: group by a "
                "select its filter sets to one option.",
                {{"group_by", "not_pinned", "the token's filter does not set one option of this select"}});
}

std::string StatsJson(const StatsTable& table) {
  JsonWriter out;
  out.BeginObject().Key("campaign_id").Uint(table.campaign_id).Key("group_by").String(table.group_by);
  out.Key("interval").String(table.interval).Key("from").String(table.from).Key("to").String(table.to);
  out.Key("time_zone").String(table.time_zone);
  out.Key("statuses").BeginArray();
  for (const auto& slug : table.statuses) out.String(slug);
  out.EndArray().Key("data").BeginArray();
  for (const StatsRow& row : table.rows) {
    out.BeginObject().Key("period").String(row.period).Key("option").String(row.option);
    out.Key("created").Uint(row.created).Key("duplicates").Uint(row.duplicates);
    out.Key("duplicates_rejected").Uint(row.duplicates_rejected);
    WriteStatuses(out, table, row);
    out.EndObject();
  }
  out.EndArray().Key("totals").BeginArray();
  for (const StatsRow& row : table.totals) {
    out.BeginObject().Key("option").String(row.option).Key("created").Uint(row.created);
    out.Key("duplicates").Uint(row.duplicates).Key("duplicates_rejected").Uint(row.duplicates_rejected);
    out.Key("duplicate_rate");
    WriteRate(out, row.duplicates, row.created);
    WriteStatuses(out, table, row);
    out.Key("conversion").BeginObject();
    for (const auto& slug : table.statuses) {
      auto it = row.statuses.find(slug);
      out.Key(slug);
      WriteRate(out, it == row.statuses.end() ? 0 : it->second, row.created);
    }
    out.EndObject().EndObject();
  }
  out.EndArray().Key("refused").BeginArray();
  for (const RefusalRow& row : table.refused) WriteRefusal(out, row);
  out.EndArray().Key("refused_totals").BeginArray();
  for (const RefusalRow& row : table.refused_totals) WriteRefusal(out, row);
  out.EndArray().EndObject();
  return out.Take();
}

std::string StatsCsv(const StatsTable& table) {
  std::string out = "period,option,created,duplicates,duplicates_rejected";
  for (const auto& slug : table.statuses) out += "," + CsvField(slug);
  out += "\r\n";
  for (const StatsRow& row : table.rows) {
    out += CsvField(row.period) + "," + CsvField(row.option) + "," + std::to_string(row.created) + "," +
           std::to_string(row.duplicates) + "," + std::to_string(row.duplicates_rejected);
    for (const auto& slug : table.statuses) {
      auto it = row.statuses.find(slug);
      out += "," + std::to_string(it == row.statuses.end() ? 0 : it->second);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace lg::core
