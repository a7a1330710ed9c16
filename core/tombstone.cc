#include "core/tombstone.h"

#include <algorithm>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/lead_json.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

void WriteItem(JsonWriter& out, const Lead& lead, int64_t deleted_at) {
  out.Key("id").Uint(lead.id).Key("campaign_id").Uint(lead.campaign_id);
  out.Key("deleted").Bool(true).Key("deleted_at").String(FormatTimestamp(deleted_at));
  out.Key("status").String(lead.status);
  out.Key("select_field_values").BeginObject();
  for (const auto& [slug, option] : lead.select_values) out.Key(slug).String(option);
  out.EndObject();
  out.Key("created_at").String(FormatTimestamp(lead.created_at));
  out.Key("updated_at").String(FormatTimestamp(deleted_at));
}

}  // namespace

std::string EncodeTombstone(const Lead& lead, int64_t deleted_at, const std::vector<uint64_t>& in_filters) {
  JsonWriter out;
  out.BeginObject();
  WriteItem(out, lead, deleted_at);
  out.Key("in_filters").BeginArray();
  for (uint64_t id : in_filters) out.Uint(id);
  out.EndArray().EndObject();
  return out.Take();
}

Result<Tombstone> DecodeTombstone(std::string_view stored) {
  Tombstone tombstone;
  // The item's members are a lead's (without field values); the filters are read apart.
  LG_ASSIGN_OR_RETURN(tombstone.lead, DecodeLead(stored));
  tombstone.deleted_at = tombstone.lead.updated_at;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseStoredJsonObject(parser, stored, obj));
  simdjson::dom::array filters;
  if (obj["in_filters"].get_array().get(filters) == simdjson::SUCCESS) {
    for (simdjson::dom::element id : filters) {
      uint64_t value = 0;
      if (id.get_uint64().get(value) == simdjson::SUCCESS) tombstone.in_filters.push_back(value);
    }
  }
  return tombstone;
}

std::string TombstoneItem(const Tombstone& tombstone) {
  JsonWriter out;
  out.BeginObject();
  WriteItem(out, tombstone.lead, tombstone.deleted_at);
  out.EndObject();
  return out.Take();
}

bool ToldTo(const Tombstone& tombstone, uint64_t filter_id) {
  return std::binary_search(tombstone.in_filters.begin(), tombstone.in_filters.end(), filter_id);
}

}  // namespace lg::core
