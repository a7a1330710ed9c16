#include "tools/crash_test/api.h"

#include "core/json_writer.h"
#include "core/lead_json.h"
#include "core/percent_encoding.h"

namespace lg::crash_test {

namespace {
constexpr size_t kPageLimit = 500;

void WriteValues(core::JsonWriter& out, const Values& values) {
  out.Key("field_values").BeginObject();
  for (const auto& [slug, json] : values.fields) out.Key(slug).Raw(json);
  out.EndObject();
  if (!values.source.empty())
    out.Key("select_field_values").BeginObject().Key("source").String(values.source).EndObject();
}
}  // namespace

std::unique_ptr<tools::SyncClient> Connect(uint16_t port) {
  tools::Url url{"127.0.0.1", std::to_string(port), ""};
  return std::make_unique<tools::SyncClient>(url, std::chrono::seconds(20), "leadgate-crash-test",
                                             tools::SyncClient::Retry::kNever);
}

std::string CreateBody(const Values& values) {
  core::JsonWriter out;
  out.BeginObject();
  WriteValues(out, values);
  out.EndObject();
  return out.Take();
}

std::string PatchBody(const Values& values) {
  core::JsonWriter out;
  out.BeginObject().Key("status").String(values.status);
  WriteValues(out, values);
  out.EndObject();
  return out.Take();
}

std::optional<std::vector<BulkItem>> ParseBulkAnswer(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array results;
  if (parser.parse(body).get(doc) || doc["results"].get_array().get(results)) return std::nullopt;
  std::vector<BulkItem> items;
  for (simdjson::dom::element r : results) {
    BulkItem item;
    int64_t status = 0;
    uint64_t index = 0;
    if (r["status"].get_int64().get(status) || r["index"].get_uint64().get(index) || index != items.size()) {
      return std::nullopt;
    }
    item.status = static_cast<int>(status);
    uint64_t u = 0;
    if (!r["id"].get_uint64().get(u)) item.id = u;
    if (!r["doublet_of"].get_uint64().get(u)) item.doublet_of = u;
    bool replayed = false;
    if (!r["replayed"].get_bool().get(replayed)) item.replayed = replayed;
    std::string_view code;
    if (!r["code"].get_string().get(code)) item.code.assign(code);
    if (item.status == 201 && item.id == 0) return std::nullopt;
    items.push_back(std::move(item));
  }
  return items;
}

Problem ParseProblem(std::string_view body) {
  Problem problem;
  if (auto code = StringMember(body, "code")) problem.code = *code;
  problem.doublet_of = UintMember(body, "doublet_of");
  return problem;
}

std::optional<uint64_t> UintMember(std::string_view body, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  uint64_t value = 0;
  if (parser.parse(body).get(doc) || doc[key].get_uint64().get(value)) return std::nullopt;
  return value;
}

std::optional<std::string> StringMember(std::string_view body, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view value;
  if (parser.parse(body).get(doc) || doc[key].get_string().get(value)) return std::nullopt;
  return std::string(value);
}

std::optional<SchemaSlugs> ParseSchema(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array fields, selects, statuses;
  if (parser.parse(body).get(doc) || doc["fields"].get_array().get(fields) || doc["selects"].get_array().get(selects) ||
      doc["statuses"].get_array().get(statuses)) {
    return std::nullopt;
  }
  SchemaSlugs slugs;
  std::string_view slug;
  for (auto f : fields) {
    if (f["slug"].get_string().get(slug)) return std::nullopt;
    slugs.fields.emplace(slug);
  }
  for (auto s : statuses) {
    if (s["slug"].get_string().get(slug)) return std::nullopt;
    slugs.statuses.emplace(slug);
  }
  for (auto s : selects) {
    if (s["slug"].get_string().get(slug)) return std::nullopt;
    if (slug != "source") continue;
    simdjson::dom::array options;
    if (s["options"].get_array().get(options)) return std::nullopt;
    for (auto o : options) {
      if (o["slug"].get_string().get(slug)) return std::nullopt;
      slugs.options.emplace(slug);
    }
  }
  return slugs;
}

bool ListLeads(tools::SyncClient& conn, const std::string& token, const std::string& leads_path,
               const std::string& query, const std::function<void(const core::Lead&)>& visit, std::string& error,
               size_t* pages) {
  std::string cursor;
  simdjson::dom::parser parser;
  for (;;) {
    std::string target = leads_path;
    target.append("?limit=").append(std::to_string(kPageLimit)).append(query);
    if (!cursor.empty()) target += "&cursor=" + core::PercentEncode(cursor);
    auto res = conn.Send("GET", target, token);
    if (pages) ++*pages;
    if (res.status != 200) {
      error = "GET " + target + " answered " + (res.status ? std::to_string(res.status) : res.error) + ": " +
              res.body.substr(0, 300);
      return false;
    }
    simdjson::dom::element doc;
    simdjson::dom::array data;
    bool has_more = false;
    if (parser.parse(res.body).get(doc) || doc["data"].get_array().get(data) ||
        doc["meta"]["has_more"].get_bool().get(has_more)) {
      error = "GET " + target + " answered an unreadable page";
      return false;
    }
    for (auto element : data) {
      auto lead = core::DecodeLead(simdjson::minify(element));
      if (!lead.has_value()) {
        error = "GET " + target + " listed an undecodable lead: " + simdjson::minify(element).substr(0, 300);
        return false;
      }
      visit(*lead);
    }
    if (!has_more) return true;
    std::string_view next;
    if (doc["meta"]["next_cursor"].get_string().get(next)) {
      error = "GET " + target + " has more but no next_cursor";
      return false;
    }
    cursor.assign(next);
  }
}

}  // namespace lg::crash_test
