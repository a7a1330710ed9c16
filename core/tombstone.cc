#include "core/tombstone.h"

#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::core {

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

}  // namespace lg::core
