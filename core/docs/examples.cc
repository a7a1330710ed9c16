#include "core/docs/examples.h"

#include "core/json_writer.h"
#include "core/lead_id_generator.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"

namespace lg::core::docs {
namespace {

constexpr int64_t kExampleTime = 1795860000000;  // 2026-11-28T10:00:00Z

bool Contains(const std::string& slug, std::string_view part) { return slug.find(part) != std::string::npos; }

// The option an example uses for a select: the token's pinned value, else the first option.
const SelectOption* ExampleOption(const DocsCampaign& campaign, const Select& select) {
  auto pinned = campaign.pinned.selects.find(select.slug);
  if (pinned != campaign.pinned.selects.end()) {
    if (const SelectOption* option = select.FindOption(pinned->second)) return option;
  }
  return select.options.empty() ? nullptr : &select.options.front();
}

}  // namespace

uint64_t ExampleLeadId() { return LeadIdGenerator::FirstIdAt(kExampleTime) + 1; }

std::string ExampleFieldValue(const Field& field) {
  switch (field.type) {
    case FieldType::kEmail:
      return JsonWriter::Quoted("jane.doe@example.com");
    case FieldType::kPhone:
      return JsonWriter::Quoted("+4512345678");
    case FieldType::kNumber:
      return "42";
    case FieldType::kDate:
      return JsonWriter::Quoted("2026-11-28");
    case FieldType::kDatetime:
      return JsonWriter::Quoted("2026-11-28T10:00:00Z");
    case FieldType::kCheckbox:
      return "true";
    case FieldType::kJson:
      return R"({"example":true})";
    case FieldType::kText:
      break;
  }
  const std::string& s = field.slug;
  if (Contains(s, "first")) return JsonWriter::Quoted("Jane");
  if (Contains(s, "last") || Contains(s, "surname")) return JsonWriter::Quoted("Doe");
  if (Contains(s, "name")) return JsonWriter::Quoted("Jane Doe");
  if (Contains(s, "post") || Contains(s, "zip")) return JsonWriter::Quoted("8000");
  if (Contains(s, "city")) return JsonWriter::Quoted("Aarhus");
  if (Contains(s, "address") || Contains(s, "street")) return JsonWriter::Quoted("Example Street 1");
  return JsonWriter::Quoted("Example " + (field.label.empty() ? field.slug : field.label));
}

std::string ExampleCreateBody(const DocsCampaign& campaign) {
  JsonWriter out;
  out.BeginObject().Key("field_values").BeginObject();
  for (const Field& field : campaign.schema.fields) out.Key(field.slug).Raw(ExampleFieldValue(field));
  out.EndObject().Key("select_field_values").BeginObject();
  for (const Select& select : campaign.schema.selects) {
    if (const SelectOption* option = ExampleOption(campaign, select)) out.Key(select.slug).String(option->slug);
  }
  out.EndObject().EndObject();
  return out.Take();
}

std::string ExamplePatchBody(const DocsCampaign& campaign) {
  JsonWriter out;
  out.BeginObject();
  // Move the lead on to a status other than the one it starts with, when the token may.
  const LeadStatus* start = campaign.schema.DefaultStatus();
  for (const LeadStatus& status : campaign.schema.statuses) {
    if (!start || status.slug != start->slug) {
      out.Key("status").String(status.slug);
      break;
    }
  }
  if (!campaign.schema.fields.empty()) {
    const Field& field = campaign.schema.fields.back();
    out.Key("field_values").BeginObject().Key(field.slug).Raw(ExampleFieldValue(field)).EndObject();
  }
  out.EndObject();
  return out.Take();
}

std::string ExampleLead(const DocsCampaign& campaign, const std::string& token_name) {
  Lead lead;
  lead.id = ExampleLeadId();
  lead.campaign_id = campaign.schema.id;
  // The real rules produce the stored form (normalized values, default or pinned status).
  LeadInput input;
  if (ParseLeadInput(ExampleCreateBody(campaign), input).ok()) {
    ApplyLeadInput(campaign.schema, input, LeadWrite::kCreate, lead, &campaign.pinned).IgnoreError();
  }
  if (lead.status.empty() && !campaign.schema.statuses.empty()) lead.status = campaign.schema.statuses.front().slug;
  lead.created_at = lead.updated_at = kExampleTime;
  lead.created_by = {1, token_name};
  return EncodeLead(lead);
}

}  // namespace lg::core::docs
