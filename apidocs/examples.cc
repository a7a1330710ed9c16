#include "apidocs/examples.h"

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/lead_id_generator.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "core/problem.h"
#include "core/tombstone.h"

namespace lg::apidocs {
namespace {

constexpr std::string_view kExampleEmail = "jane.doe@example.com";

bool Contains(const std::string& slug, std::string_view part) { return slug.find(part) != std::string::npos; }

// The option an example uses for a select: the token's pinned value, else the first option.
const core::SelectOption* ExampleOption(const DocsCampaign& campaign, const core::Select& select) {
  auto pinned = campaign.pinned.selects.find(select.slug);
  if (pinned != campaign.pinned.selects.end()) {
    if (const core::SelectOption* option = select.FindOption(pinned->second)) return option;
  }
  return select.options.empty() ? nullptr : &select.options.front();
}

// The stored form of the lead a create with ExampleCreateBody makes.
core::Lead ExampleLeadRecord(const DocsCampaign& campaign, const std::string& token_name) {
  core::Lead lead;
  lead.id = ExampleLeadId();
  lead.campaign_id = campaign.schema.id;
  // The real rules produce the stored form (normalized values, default or pinned status).
  core::LeadInput input;
  if (core::ParseLeadInput(ExampleCreateBody(campaign), input).ok()) {
    core::ApplyLeadInput(campaign.schema, input, core::LeadWrite::kCreate, lead, &campaign.pinned).IgnoreError();
  }
  if (lead.status.empty() && !campaign.schema.statuses.empty()) lead.status = campaign.schema.statuses.front().slug;
  lead.created_at = lead.updated_at = kExampleCreatedAt;
  lead.created_by = {1, token_name};
  return lead;
}

}  // namespace

uint64_t ExampleLeadId() { return core::LeadIdGenerator::FirstIdAt(kExampleCreatedAt) + 1; }

std::string ExampleFieldValue(const core::Field& field) {
  switch (field.type) {
    case core::FieldType::kEmail:
      return core::JsonWriter::Quoted(kExampleEmail);
    case core::FieldType::kPhone:
      return core::JsonWriter::Quoted("+4512345678");
    case core::FieldType::kNumber:
      return "42";
    case core::FieldType::kDate:
      return core::JsonWriter::Quoted("2026-11-28");
    case core::FieldType::kDatetime:
      return core::JsonWriter::Quoted("2026-11-28T10:00:00Z");
    case core::FieldType::kCheckbox:
      return "true";
    case core::FieldType::kJson:
      return R"({"example":true})";
    case core::FieldType::kText:
      break;
  }
  const std::string& s = field.slug;
  if (Contains(s, "first")) return core::JsonWriter::Quoted("Jane");
  if (Contains(s, "last") || Contains(s, "surname")) return core::JsonWriter::Quoted("Doe");
  if (Contains(s, "name")) return core::JsonWriter::Quoted("Jane Doe");
  if (Contains(s, "post") || Contains(s, "zip")) return core::JsonWriter::Quoted("8000");
  if (Contains(s, "city")) return core::JsonWriter::Quoted("Aarhus");
  if (Contains(s, "address") || Contains(s, "street")) return core::JsonWriter::Quoted("Example Street 1");
  return core::JsonWriter::Quoted("Example " + (field.label.empty() ? field.slug : field.label));
}

std::string ExampleCreateBody(const DocsCampaign& campaign) {
  core::JsonWriter out;
  out.BeginObject().Key("field_values").BeginObject();
  for (const core::Field& field : campaign.schema.fields) out.Key(field.slug).Raw(ExampleFieldValue(field));
  out.EndObject().Key("select_field_values").BeginObject();
  for (const core::Select& select : campaign.schema.selects) {
    if (const core::SelectOption* option = ExampleOption(campaign, select)) out.Key(select.slug).String(option->slug);
  }
  out.EndObject().EndObject();
  return out.Take();
}

std::string ExamplePatchBody(const DocsCampaign& campaign) {
  core::JsonWriter out;
  out.BeginObject();
  // Move the lead on to a status other than the one it starts with, when the token may.
  const core::LeadStatus* start = campaign.schema.DefaultStatus();
  for (const core::LeadStatus& status : campaign.schema.statuses) {
    if (!start || status.slug != start->slug) {
      out.Key("status").String(status.slug);
      break;
    }
  }
  if (!campaign.schema.fields.empty()) {
    const core::Field& field = campaign.schema.fields.back();
    out.Key("field_values").BeginObject().Key(field.slug).Raw(ExampleFieldValue(field)).EndObject();
  }
  out.EndObject();
  return out.Take();
}

std::string ExampleLead(const DocsCampaign& campaign, const std::string& token_name) {
  return core::EncodeLead(ExampleLeadRecord(campaign, token_name));
}

std::string ExampleUpdatedLead(const DocsCampaign& campaign, const std::string& token_name) {
  core::Lead lead = ExampleLeadRecord(campaign, token_name);
  core::LeadInput input;
  if (core::ParseLeadInput(ExamplePatchBody(campaign), input).ok()) {
    core::ApplyLeadInput(campaign.schema, input, core::LeadWrite::kPatch, lead, &campaign.pinned).IgnoreError();
  }
  lead.updated_at = kExampleUpdatedAt;
  return core::EncodeLead(lead);
}

std::string ExampleTombstone(const DocsCampaign& campaign) {
  core::Tombstone tombstone{ExampleLeadRecord(campaign, ""), kExampleDeletedAt, {}};
  tombstone.lead.updated_at = kExampleDeletedAt;
  return core::TombstoneItem(tombstone);
}

std::string ExampleErasureBody(const DocsRequest& request) {
  core::JsonWriter out;
  out.BeginObject().Key("email").String(kExampleEmail);
  // One campaign: the narrowest erasure, and the one a campaign-scoped token makes.
  if (!request.campaigns.empty()) out.Key("campaign_id").Uint(request.campaigns.front().schema.id);
  out.Key("dry_run").Bool(true).EndObject();
  return out.Take();
}

std::string ExampleErasureResult(const DocsRequest& request, bool dry_run) {
  core::JsonWriter out;
  out.BeginObject().Key("dry_run").Bool(dry_run);
  out.Key(dry_run ? "matched" : "deleted").Uint(request.campaigns.empty() ? 0 : 1);
  out.Key("leads").BeginArray();
  if (!request.campaigns.empty()) {
    out.BeginObject().Key("campaign_id").Uint(request.campaigns.front().schema.id);
    out.Key("id").Uint(ExampleLeadId()).EndObject();
  }
  out.EndArray().EndObject();
  return out.Take();
}

// The details are the server's own (auth/policy.cc, service/lead_erasure.cc).
std::string ExampleDeleteForbidden() {
  return core::EncodeProblem(core::Status::NotPermitted(
      "This token may not delete leads; a campaign-scoped token needs can_delete_leads to be set."));
}

std::string ExampleLeadNotFound() { return core::EncodeProblem(core::Status::NotFound("No such lead.")); }

std::string ExampleErasureInvalid() {
  core::FieldErrors errors;
  errors.Add("email", "invalid_email", "must be an e-mail address");
  return core::EncodeProblem(errors.ToStatus());
}

}  // namespace lg::apidocs
