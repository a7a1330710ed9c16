#include "service/bulk_result.h"

#include <simdjson.h>

#include "core/json_writer.h"
#include "core/problem.h"

namespace lg::service {

void AppendBulkOutcome(std::string& out, const BulkOutcome& outcome) {
  core::JsonWriter json;
  json.BeginObject().Key("index").Uint(outcome.index);
  if (outcome.error.ok()) {
    json.Key("status").Int(201).Key("id").Uint(outcome.lead_id);
    if (outcome.doublet_of) json.Key("doublet_of").Uint(*outcome.doublet_of);
    if (outcome.replayed) json.Key("replayed").Bool(true);
  } else {
    const core::Status& error = outcome.error;
    const bool internal = error.kind() == core::ErrorKind::kInternal;
    json.Key("status").Int(core::HttpStatusOf(error.kind()));
    json.Key("code").String(internal ? "internal_error" : error.code());
    // What failed inside stays in the log (the batch's failure was logged when it happened).
    if (internal) {
      json.Key("detail").String("An internal error occurred; this lead was not stored.");
    } else {
      json.Key("detail").String(error.detail());
      if (error.errors().size() > kMaxBulkItemErrors) {
        std::vector<core::FieldError> first(error.errors().begin(), error.errors().begin() + kMaxBulkItemErrors);
        core::Status capped(error.kind(), error.code(), error.detail(), std::move(first));
        for (const auto& [key, value] : error.members()) capped.WithMember(key, value);
        core::WriteProblemDetails(json, capped);
      } else {
        core::WriteProblemDetails(json, error);
      }
    }
  }
  json.EndObject();
  if (!out.empty()) out += ',';
  out += json.Take();
}

std::string EncodeBulkResult(std::string_view results, const BulkCounts& counts) {
  core::JsonWriter out;
  out.Reserve(results.size() + 96);
  out.BeginObject().Key("results").BeginArray();
  if (!results.empty()) out.Raw(results);
  out.EndArray().Key("created").Uint(counts.created).Key("failed").Uint(counts.failed);
  if (counts.replayed > 0) out.Key("replayed").Uint(counts.replayed);
  out.EndObject();
  return out.Take();
}

core::Result<std::string> ReplayedOutcomes(std::string_view stored, BulkCounts& counts) {
  simdjson::dom::parser parser;
  simdjson::padded_string json("[" + std::string(stored) + "]");
  simdjson::dom::array items;
  if (parser.parse(json).get_array().get(items) != simdjson::SUCCESS) {
    return core::Status::Internal("a bulk's stored progress does not decode");
  }
  std::string out;
  for (simdjson::dom::element item : items) {
    int64_t status = 0;
    uint64_t index = 0, id = 0;
    if (item["status"].get(status) != simdjson::SUCCESS || item["index"].get(index) != simdjson::SUCCESS) {
      return core::Status::Internal("a bulk's stored progress does not decode");
    }
    if (status != 201 || item["id"].get(id) != simdjson::SUCCESS) {
      ++counts.failed;
      if (!out.empty()) out += ',';
      out += simdjson::minify(item);
      continue;
    }
    BulkOutcome created;
    created.index = index;
    created.lead_id = id;
    uint64_t doublet_of = 0;
    if (item["doublet_of"].get(doublet_of) == simdjson::SUCCESS) created.doublet_of = doublet_of;
    created.replayed = true;
    ++counts.created;
    ++counts.replayed;
    AppendBulkOutcome(out, created);
  }
  return out;
}

}  // namespace lg::service
