#include "core/tombstone.h"

#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

constexpr std::string_view kDeletedMember = ",\"deleted\":true,";

}  // namespace

std::string EncodeTombstone(const Lead& lead, int64_t deleted_at) {
  JsonWriter out;
  out.BeginObject().Key("id").Uint(lead.id).Key("campaign_id").Uint(lead.campaign_id);
  out.Key("deleted").Bool(true).Key("deleted_at").String(FormatTimestamp(deleted_at));
  out.Key("status").String(lead.status);
  out.Key("select_field_values").BeginObject();
  for (const auto& [slug, option] : lead.select_values) out.Key(slug).String(option);
  out.EndObject();
  out.Key("created_at").String(FormatTimestamp(lead.created_at));
  out.Key("updated_at").String(FormatTimestamp(deleted_at));
  out.EndObject();
  return out.Take();
}

bool IsTombstone(std::string_view json) {
  // Both forms start with the two ids; the next member is "status" in a lead and "deleted" in
  // a tombstone, before any value a client wrote.
  size_t campaign = json.find("\"campaign_id\":");
  if (campaign == std::string_view::npos) return false;
  size_t next = json.find(",\"", campaign);
  return next != std::string_view::npos && json.substr(next, kDeletedMember.size()) == kDeletedMember;
}

}  // namespace lg::core
