#include "apidocs/openapi_schemas.h"

#include <string_view>

#include "apidocs/examples.h"
#include "apidocs/openapi.h"
#include "core/error_catalogue.h"
#include "core/field_formats.h"

namespace lg::apidocs {
namespace {

void Describe(core::JsonWriter& out, const std::string& label, const std::string& description) {
  if (!label.empty()) out.Key("title").String(label);
  if (!description.empty()) out.Key("description").String(description);
}

enum class Direction { kInput, kOutput };

// The e-mail schema of new values (input) or of stored ones (output: addresses stored under an
// earlier version's looser rule stay readable as they were).
void WriteEmailRule(core::JsonWriter& out, Direction direction) {
  out.Key("maxLength").Uint(core::kMaxEmailCharacters);
  if (direction == Direction::kInput) {
    out.Key("format").String("idn-email").Key("pattern").String(core::EmailPattern());
    out.Key("x-leadgate-rule").String(core::kEmailRuleText);
  } else {
    out.Key("pattern").String(core::EmailLookupPattern());
    out.Key("x-leadgate-rule")
        .String(
            "an address as it was sent: new ones follow the rule of the create body; one stored by an earlier "
            "version may be looser (one @, no blanks, a dot inside the domain)");
  }
}

void WriteFieldSchema(core::JsonWriter& out, const core::Field& field, Direction direction, bool nullable) {
  out.BeginObject();
  Describe(out, field.label, field.description);
  auto type = [&](std::string_view t) {
    if (nullable) {
      out.Key("type").BeginArray().String(t).String("null").EndArray();
    } else {
      out.Key("type").String(t);
    }
  };
  switch (field.type) {
    case core::FieldType::kText:
      type("string");
      // A required text is refused empty (as missing); maxLength counts characters, as the server does.
      if (field.required && direction == Direction::kInput) out.Key("minLength").Int(1);
      out.Key("maxLength").Uint(core::kMaxTextCharacters);
      break;
    case core::FieldType::kEmail:
      type("string");
      WriteEmailRule(out, direction);
      break;
    case core::FieldType::kPhone:
      type("string");
      out.Key("pattern").String(core::PhonePattern());
      out.Key("x-leadgate-rule").String(core::PhoneRuleText());
      break;
    case core::FieldType::kNumber:
      type("number");
      break;
    case core::FieldType::kDate:
      type("string");
      out.Key("format").String("date");
      break;
    case core::FieldType::kDatetime:
      type("string");
      if (direction == Direction::kOutput) {
        out.Key("format").String("date-time");
      } else {
        out.Key("anyOf").BeginArray();
        out.BeginObject().Key("format").String("date-time").EndObject();
        out.BeginObject().Key("pattern").String("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$").EndObject();
        out.EndArray();
        out.Key("x-leadgate-rule").String("RFC 3339, or YYYY-MM-DD HH:MM:SS in the account's time zone");
      }
      break;
    case core::FieldType::kCheckbox:
      type("boolean");
      break;
    case core::FieldType::kJson:
      // Any JSON value.
      break;
  }
  out.Key("x-leadgate-type").String(core::ToString(field.type));
  out.EndObject();
}

void WriteOptionEnum(core::JsonWriter& out, const core::Select& select, bool nullable) {
  out.BeginObject();
  Describe(out, select.label, select.description);
  out.Key("type");
  nullable ? out.BeginArray().String("string").String("null").EndArray() : out.String("string");
  out.Key("enum").BeginArray();
  for (const auto& option : select.options) out.String(option.slug);
  if (nullable) out.Null();
  out.EndArray();
  out.Key("x-leadgate-option-labels").BeginObject();
  for (const auto& option : select.options) out.Key(option.slug).String(option.label);
  out.EndObject();
  out.EndObject();
}

void WriteStatusEnum(core::JsonWriter& out, const core::Campaign& schema) {
  out.BeginObject().Key("type").String("string").Key("enum").BeginArray();
  for (const auto& status : schema.statuses) out.String(status.slug);
  out.EndArray().EndObject();
}

enum class LeadSchema { kCreate, kPatch, kResponse };

void WriteSelectValues(core::JsonWriter& out, const DocsCampaign& campaign, LeadSchema kind) {
  const core::Campaign& schema = campaign.schema;
  out.Key("select_field_values").BeginObject().Key("type").String("object");
  out.Key("properties").BeginObject();
  for (const core::Select& select : schema.selects) {
    out.Key(select.slug);
    // null leaves an optional value out (create) or clears it (PATCH); a required one is refused.
    WriteOptionEnum(out, select, kind != LeadSchema::kResponse && !select.required);
  }
  out.EndObject();
  if (kind == LeadSchema::kCreate) {
    // A select the token's filter pins is filled in when omitted, so it is never required here.
    out.Key("required").BeginArray();
    for (const core::Select& select : schema.selects) {
      if (select.required && !campaign.pinned.selects.contains(select.slug)) out.String(select.slug);
    }
    out.EndArray();
  }
  out.Key("additionalProperties").Bool(false).EndObject();
}

void WriteValueObjects(core::JsonWriter& out, const DocsCampaign& campaign, LeadSchema kind) {
  const core::Campaign& schema = campaign.schema;
  Direction direction = kind == LeadSchema::kResponse ? Direction::kOutput : Direction::kInput;
  out.Key("field_values").BeginObject().Key("type").String("object");
  out.Key("properties").BeginObject();
  for (const core::Field& field : schema.fields) {
    out.Key(field.slug);
    WriteFieldSchema(out, field, direction, kind != LeadSchema::kResponse && !field.required);
  }
  out.EndObject();
  if (kind == LeadSchema::kCreate) {
    out.Key("required").BeginArray();
    for (const core::Field& field : schema.fields) {
      if (field.required) out.String(field.slug);
    }
    out.EndArray();
  }
  out.Key("additionalProperties").Bool(false).EndObject();
  WriteSelectValues(out, campaign, kind);
}

// A body may name the lead's campaign; another one is a 422 campaign_mismatch.
void WriteCampaignIdMember(core::JsonWriter& out, uint64_t campaign_id) {
  out.Key("campaign_id").BeginObject().Key("type").String("integer").Key("const").Uint(campaign_id);
  out.Key("description").String("this campaign; may be left out").EndObject();
}

}  // namespace

std::string SchemaRef(const std::string& name) { return "#/components/schemas/" + name; }

void WriteLeadSchemas(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  const core::Campaign& schema = campaign.schema;
  bool any_required_field = false;
  for (const core::Field& f : schema.fields) any_required_field |= f.required;
  bool any_required_select = false;
  for (const core::Select& s : schema.selects)
    any_required_select |= s.required && !campaign.pinned.selects.contains(s.slug);

  if (request.can_write()) {
    out.Key(SchemaName(request, campaign, "LeadCreate")).BeginObject();
    out.Key("title").String("New lead for " + schema.name);
    out.Key("description")
        .String(
            "Values by slug. The status defaults to the campaign's default status" +
            std::string(campaign.pinned.selects.empty() ? "." : "; values your token is limited to are filled in."));
    out.Key("type").String("object").Key("properties").BeginObject();
    WriteCampaignIdMember(out, schema.id);
    WriteValueObjects(out, campaign, LeadSchema::kCreate);
    out.Key("status");
    WriteStatusEnum(out, schema);
    out.EndObject();
    out.Key("required").BeginArray();
    if (any_required_field) out.String("field_values");
    if (any_required_select) out.String("select_field_values");
    out.EndArray();
    out.Key("additionalProperties").Bool(false).EndObject();

    out.Key(SchemaName(request, campaign, "LeadPatch")).BeginObject();
    out.Key("title").String("Change to a lead of " + schema.name);
    out.Key("description").String("Only the members sent change; null clears an optional value.");
    out.Key("type").String("object").Key("properties").BeginObject();
    WriteValueObjects(out, campaign, LeadSchema::kPatch);
    out.Key("status");
    WriteStatusEnum(out, schema);
    out.EndObject().Key("additionalProperties").Bool(false).EndObject();
  }

  out.Key(SchemaName(request, campaign, "Lead")).BeginObject();
  out.Key("title").String("Lead of " + schema.name);
  out.Key("type").String("object").Key("properties").BeginObject();
  out.Key("id").BeginObject().Key("type").String("integer").Key("minimum").Int(1).EndObject();
  out.Key("campaign_id").BeginObject().Key("type").String("integer").Key("const").Uint(schema.id).EndObject();
  out.Key("status");
  WriteStatusEnum(out, schema);
  WriteValueObjects(out, campaign, LeadSchema::kResponse);
  out.Key("created_at").BeginObject().Key("type").String("string").Key("format").String("date-time").EndObject();
  out.Key("updated_at").BeginObject().Key("type").String("string").Key("format").String("date-time").EndObject();
  out.Key("created_by").BeginObject().Key("type").BeginArray().String("object").String("null").EndArray();
  out.Key("description").String("the token that created the lead; null for a filtered token that did not create it");
  out.Key("properties").BeginObject();
  out.Key("token_id").BeginObject().Key("type").String("integer").EndObject();
  out.Key("name").BeginObject().Key("type").String("string").EndObject();
  out.EndObject().EndObject();
  out.Key("doublet_of").BeginObject().Key("type").BeginArray().String("integer").String("null").EndArray();
  out.Key("description").String("the earlier lead this one duplicates, when a duplicate rule flagged it").EndObject();
  out.EndObject();
  out.Key("required").BeginArray();
  for (auto k : {"id", "campaign_id", "status", "field_values", "select_field_values", "created_at", "updated_at"}) {
    out.String(k);
  }
  out.EndArray().EndObject();

  // The tombstone (core/tombstone.h): exactly these members, so no lead matches it and it
  // matches no Lead (which requires field_values): the list's oneOf tells them apart.
  out.Key(SchemaName(request, campaign, "DeletedLead")).BeginObject();
  out.Key("title").String("Deleted lead of " + schema.name);
  out.Key("description")
      .String(
          "What the sync feed (sort=updated_at) shows once a lead is deleted: its ids, status, select values and "
          "times, and nothing a person could be identified by.");
  out.Key("type").String("object").Key("properties").BeginObject();
  out.Key("id").BeginObject().Key("type").String("integer").Key("minimum").Int(1).EndObject();
  out.Key("campaign_id").BeginObject().Key("type").String("integer").Key("const").Uint(schema.id).EndObject();
  out.Key("deleted").BeginObject().Key("type").String("boolean").Key("const").Bool(true).EndObject();
  out.Key("deleted_at").BeginObject().Key("type").String("string").Key("format").String("date-time").EndObject();
  out.Key("status");
  WriteStatusEnum(out, schema);
  WriteSelectValues(out, campaign, LeadSchema::kResponse);
  out.Key("created_at").BeginObject().Key("type").String("string").Key("format").String("date-time").EndObject();
  out.Key("updated_at").BeginObject().Key("type").String("string").Key("format").String("date-time");
  out.Key("description").String("the deletion time (deleted_at): the deletion's place in the feed").EndObject();
  out.EndObject();
  out.Key("required").BeginArray();
  for (auto k :
       {"id", "campaign_id", "deleted", "deleted_at", "status", "select_field_values", "created_at", "updated_at"}) {
    out.String(k);
  }
  out.EndArray().Key("additionalProperties").Bool(false).EndObject();

  out.Key(SchemaName(request, campaign, "LeadList")).BeginObject().Key("type").String("object");
  out.Key("properties").BeginObject();
  out.Key("data").BeginObject().Key("type").String("array").Key("items").BeginObject();
  out.Key("description")
      .String(
          "A lead; with sort=updated_at also a deleted lead's tombstone (\"deleted\": true), at the time it was "
          "deleted. Other orders list leads only.");
  out.Key("oneOf").BeginArray();
  out.BeginObject().Key("$ref").String(SchemaRef(SchemaName(request, campaign, "Lead"))).EndObject();
  out.BeginObject().Key("$ref").String(SchemaRef(SchemaName(request, campaign, "DeletedLead"))).EndObject();
  out.EndArray().EndObject().EndObject();
  out.Key("meta").BeginObject().Key("$ref").String(SchemaRef("ListMeta")).EndObject();
  out.Key("links").BeginObject().Key("$ref").String(SchemaRef("ListLinks")).EndObject();
  out.EndObject().Key("required").BeginArray().String("data").String("meta").EndArray().EndObject();
}

void WriteAnyCampaignSchemas(core::JsonWriter& out, const DocsRequest& request) {
  if (request.campaign_scoped || request.campaigns.empty() || !request.can_write()) return;
  // POST /v2/leads of an account-level token: campaign_id tells the campaigns apart.
  out.Key("LeadCreateAnyCampaign").BeginObject().Key("title").String("New lead for a campaign named in the body");
  out.Key("oneOf").BeginArray();
  for (const auto& campaign : request.campaigns) {
    out.BeginObject().Key("allOf").BeginArray().BeginObject().Key("$ref");
    out.String(SchemaRef(SchemaName(request, campaign, "LeadCreate"))).EndObject().EndArray();
    out.Key("required").BeginArray().String("campaign_id").EndArray().EndObject();
  }
  out.EndArray().EndObject();
  out.Key("LeadAnyCampaign").BeginObject().Key("oneOf").BeginArray();
  for (const auto& campaign : request.campaigns) {
    out.BeginObject().Key("$ref").String(SchemaRef(SchemaName(request, campaign, "Lead"))).EndObject();
  }
  out.EndArray().EndObject();
}

void WriteCommonSchemas(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("Problem").BeginObject();
  out.Key("description").String("Every error: application/problem+json (RFC 9457) with a stable code.");
  out.Key("type").String("object").Key("properties").BeginObject();
  out.Key("type").BeginObject().Key("type").String("string").EndObject();
  out.Key("title").BeginObject().Key("type").String("string").EndObject();
  out.Key("status").BeginObject().Key("type").String("integer").EndObject();
  out.Key("detail").BeginObject().Key("type").String("string").EndObject();
  // Listed, not an enum: a client must not break on a code added later.
  std::string codes;
  for (const core::ErrorCode& e : core::ErrorCodes()) {
    if (e.audience == core::ErrorAudience::kClient || (e.audience == core::ErrorAudience::kAdmin && request.admin_api))
      codes += (codes.empty() ? "" : ", ") + std::string(e.code);
  }
  out.Key("code").BeginObject().Key("type").String("string").Key("description").String("stable; one of " + codes);
  out.EndObject();
  out.Key("errors").BeginObject().Key("type").String("array").Key("items").BeginObject();
  out.Key("$ref").String(SchemaRef("FieldError")).EndObject().EndObject();
  out.EndObject().Key("required").BeginArray().String("type").String("title").String("status").String("code");
  out.EndArray().EndObject();

  out.Key("FieldError").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("field").BeginObject().Key("type").String("string").Key("description").String("the member at fault");
  out.EndObject();
  std::string field_codes;
  for (const core::FieldErrorCode& e : core::FieldErrorCodes()) {
    field_codes += (field_codes.empty() ? "" : ", ") + std::string(e.code);
  }
  out.Key("code").BeginObject().Key("type").String("string").Key("description").String("stable; one of " + field_codes);
  out.EndObject();
  out.Key("message").BeginObject().Key("type").String("string").EndObject();
  out.EndObject().Key("required").BeginArray().String("field").String("code").EndArray().EndObject();

  out.Key("ListMeta").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("limit").BeginObject().Key("type").String("integer").EndObject();
  out.Key("has_more").BeginObject().Key("type").String("boolean").EndObject();
  out.Key("next_cursor").BeginObject().Key("type").BeginArray().String("string").String("null").EndArray().EndObject();
  out.Key("poll_cursor")
      .BeginObject()
      .Key("type")
      .String("string")
      .Key("description")
      .String(
          "sort=updated_at only, on every page (the last too): the cursor to poll from next; each change comes once")
      .EndObject();
  out.Key("page").BeginObject().Key("type").String("integer").EndObject();
  out.Key("per_page").BeginObject().Key("type").String("integer").EndObject();
  out.EndObject().EndObject();

  out.Key("ListLinks").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("next").BeginObject().Key("type").BeginArray().String("string").String("null").EndArray().EndObject();
  out.EndObject().EndObject();

  out.Key("BulkResult").BeginObject().Key("type").String("object");
  out.Key("description")
      .String(
          "One outcome per input line read, in order; a bad line never stops the good ones. A line refused with "
          "too_many_leads, invalid_json (a broken array) or a 503 ends the request: later lines were not read.");
  out.Key("properties").BeginObject();
  out.Key("results").BeginObject().Key("type").String("array").Key("items").BeginObject().Key("type").String("object");
  out.Key("properties").BeginObject();
  for (auto k : {"index", "status", "id", "doublet_of"})
    out.Key(k).BeginObject().Key("type").String("integer").EndObject();
  for (auto k : {"code", "detail"}) out.Key(k).BeginObject().Key("type").String("string").EndObject();
  out.Key("replayed").BeginObject().Key("type").String("boolean");
  out.Key("description").String("created by an earlier attempt with the same Idempotency-Key").EndObject();
  out.Key("errors").BeginObject().Key("type").String("array").Key("items").BeginObject();
  out.Key("$ref").String(SchemaRef("FieldError")).EndObject().EndObject();
  out.EndObject().Key("required").BeginArray().String("index").String("status").EndArray().EndObject().EndObject();
  out.Key("created").BeginObject().Key("type").String("integer").EndObject();
  out.Key("failed").BeginObject().Key("type").String("integer").EndObject();
  out.Key("replayed").BeginObject().Key("type").String("integer").EndObject();
  out.EndObject().Key("required").BeginArray().String("results").String("created").String("failed").EndArray();
  out.EndObject();

  out.Key("CampaignList").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("data").BeginObject().Key("type").String("array").Key("items").BeginObject();
  out.Key("$ref").String(SchemaRef("Campaign")).EndObject().EndObject();
  out.Key("meta").BeginObject().Key("type").String("object").EndObject();
  out.Key("links").BeginObject().Key("$ref").String(SchemaRef("ListLinks")).EndObject();
  out.EndObject().Key("required").BeginArray().String("data").EndArray().EndObject();

  out.Key("Campaign").BeginObject().Key("type").String("object");
  out.Key("description").String("The campaign schema this token may see: fields, selects with options, statuses.");
  out.Key("properties").BeginObject();
  out.Key("id").BeginObject().Key("type").String("integer").EndObject();
  out.Key("name").BeginObject().Key("type").String("string").EndObject();
  for (auto k : {"fields", "selects", "statuses"}) {
    out.Key(k).BeginObject().Key("type").String("array").Key("items").BeginObject().Key("type").String("object");
    out.EndObject().EndObject();
  }
  out.EndObject().Key("required").BeginArray().String("id").String("name").EndArray().EndObject();
}

void WriteErasureSchemas(core::JsonWriter& out, const DocsRequest& request) {
  std::string campaigns;
  for (const auto& c : request.campaigns) campaigns += (campaigns.empty() ? "" : ", ") + std::to_string(c.schema.id);
  out.Key("LeadErasure").BeginObject().Key("title").String("Erasure of one person's leads");
  out.Key("description")
      .String(
          "At least one of email and phone. Every lead this token sees whose e-mail or phone field holds the value "
          "(compared as duplicate rules compare them: e-mail ignoring case, phone by its digits) is deleted, or "
          "with dry_run only listed.");
  out.Key("type").String("object").Key("properties").BeginObject();
  // Any address a lead may hold (one stored by an earlier version too), so every lead can be found.
  out.Key("email").BeginObject().Key("type").String("string").Key("maxLength").Uint(core::kMaxEmailCharacters);
  out.Key("pattern").String(core::EmailLookupPattern());
  out.Key("x-leadgate-rule")
      .String("one @, no blanks or control characters, a dot inside the domain: any address a lead may hold");
  out.EndObject();
  out.Key("phone").BeginObject().Key("type").String("string").Key("pattern").String(core::PhonePattern());
  out.Key("x-leadgate-rule").String(core::PhoneRuleText()).EndObject();
  out.Key("campaign_id").BeginObject().Key("type").String("integer").Key("minimum").Int(1);
  out.Key("description")
      .String("only this campaign (one of " + (campaigns.empty() ? std::string("none") : campaigns) +
              "); without it every campaign this token sees")
      .EndObject();
  out.Key("dry_run").BeginObject().Key("type").String("boolean").Key("default").Bool(false);
  out.Key("description").String("true: list the leads that would be erased, erase nothing").EndObject();
  out.EndObject();
  out.Key("anyOf").BeginArray();
  out.BeginObject().Key("required").BeginArray().String("email").EndArray().EndObject();
  out.BeginObject().Key("required").BeginArray().String("phone").EndArray().EndObject();
  out.EndArray().Key("additionalProperties").Bool(false).EndObject();

  out.Key("ErasureResult").BeginObject().Key("type").String("object");
  out.Key("description").String("matched (dry run) or deleted: how many leads; leads: which, by campaign then id.");
  out.Key("properties").BeginObject();
  out.Key("dry_run").BeginObject().Key("type").String("boolean").EndObject();
  out.Key("matched").BeginObject().Key("type").String("integer").Key("description").String("dry run only").EndObject();
  out.Key("deleted").BeginObject().Key("type").String("integer").Key("description").String("without dry run");
  out.EndObject();
  out.Key("leads").BeginObject().Key("type").String("array").Key("items").BeginObject().Key("type").String("object");
  out.Key("properties").BeginObject();
  out.Key("campaign_id").BeginObject().Key("type").String("integer").EndObject();
  out.Key("id").BeginObject().Key("type").String("integer").EndObject();
  out.EndObject().Key("required").BeginArray().String("campaign_id").String("id").EndArray().EndObject().EndObject();
  out.EndObject().Key("required").BeginArray().String("dry_run").String("leads").EndArray().EndObject();
}

}  // namespace lg::apidocs
