#include "apidocs/openapi_leads.h"

#include <string_view>
#include <vector>

#include "apidocs/examples.h"
#include "apidocs/openapi.h"
#include "apidocs/openapi_parts.h"
#include "apidocs/openapi_schemas.h"
#include "apidocs/stats_docs.h"
#include "apidocs/stream_docs.h"
#include "core/list_query.h"
#include "core/problem.h"

namespace lg::apidocs {
namespace {

using core::ErrorKind;

// What each operation opens with: its id, summary, who may call it (`access`, in the account's
// documents), what to know (`description`, if any) and its tag.
struct OperationHead {
  std::string id;
  std::string_view summary;
  std::string_view access;  // empty: any token that reaches the path
  std::string_view description;
  std::string_view tag;
};

void WriteOperationHead(core::JsonWriter& out, const DocsRequest& request, const OperationHead& head) {
  out.Key("operationId").String(head.id).Key("summary").String(head.summary);
  if (!head.access.empty()) WriteAccess(out, request, head.access);
  if (!head.description.empty()) out.Key("description").String(head.description);
  out.Key("tags").BeginArray().String(head.tag).EndArray();
}

std::string IdempotencyParameter() { return R"({"$ref":"#/components/parameters/IdempotencyKey"})"; }

// A comma list of `values` (form style, not exploded: status=new,contacted), at least one.
std::string CommaListSchema(const std::vector<std::string>& values) {
  core::JsonWriter out;
  out.BeginObject().Key("type").String("array").Key("minItems").Int(1).Key("items").BeginObject();
  out.Key("type").String("string").Key("enum").BeginArray();
  for (const auto& value : values) out.String(value);
  out.EndArray().EndObject().EndObject();
  return out.Take();
}

void WriteCommaListParameter(core::JsonWriter& out, std::string_view name, std::string_view description,
                             const std::vector<std::string>& values) {
  out.BeginObject().Key("name").String(name).Key("in").String("query").Key("required").Bool(false);
  out.Key("description").String(description).Key("style").String("form").Key("explode").Bool(false);
  out.Key("schema").Raw(CommaListSchema(values)).EndObject();
}

void WriteListParameters(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  out.Key("parameters").BeginArray();
  WriteListConditionParameters(out, campaign);
  WriteParameter(out, "query", "sort", false,
                 "-created_at (newest first, default) or updated_at (oldest change first, for sync; it also lists "
                 "each deleted lead once more, as a DeletedLead with \"deleted\": true)",
                 R"({"type":"string","enum":["-created_at","updated_at"],"default":"-created_at"})");
  WriteWaitParameter(out, request);
  const std::string page_size = R"({"type":"integer","minimum":1,"maximum":)" + std::to_string(core::kMaxListLimit) +
                                R"(,"default":)" + std::to_string(core::kDefaultListLimit) + "}";
  WriteParameter(out, "query", "limit", false, "Leads per page", page_size);
  WriteParameter(out, "query", "cursor", false,
                 "Opaque cursor from meta.next_cursor (or the Link: rel=\"next\" header); another is a 400",
                 R"({"type":"string"})");
  WriteParameter(out, "query", "page", false,
                 "Page number, for clients that page by number (with per_page); a page may skip at most " +
                     std::to_string(core::kMaxPageSkip) + " leads ((page - 1) * per_page), deeper is a 400",
                 R"({"type":"integer","minimum":1,"maximum":1000000})");
  WriteParameter(out, "query", "per_page", false, "Leads per page when paging by number", page_size);
  out.EndArray();
}

void WriteBulkPath(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                   const std::string& tag, const std::string& suffix) {
  const std::string one = ExampleCreateBody(campaign);
  out.Key(LeadsPath(campaign) + "/bulk").BeginObject().Key("post").BeginObject();
  WriteOperationHead(out, request,
                     {"createLeadsInBulk" + suffix,
                      "Create many leads in one request: a JSON array, or NDJSON (one lead per line)", "read_write",
                      "The Content-Type tells the formats apart: application/json (or none) is a JSON array, "
                      "application/x-ndjson or application/ndjson one lead per line; any other type is a 415.",
                      tag});
  out.Key("parameters").BeginArray().Raw(IdempotencyParameter()).EndArray();
  out.Key("requestBody").BeginObject().Key("required").Bool(true).Key("content").BeginObject();
  out.Key("application/json").BeginObject().Key("schema").BeginObject().Key("type").String("array");
  out.Key("items").BeginObject().Key("$ref").String(SchemaRef(SchemaName(request, campaign, "LeadCreate"))).EndObject();
  out.EndObject().Key("examples").BeginObject().Key("example").BeginObject().Key("value");
  out.Raw("[" + one + "," + one + "]").EndObject().EndObject().EndObject();
  std::string lines = one;
  lines.append("\n").append(one).append("\n");
  for (std::string_view type : {"application/x-ndjson", "application/ndjson"}) {
    out.Key(type).BeginObject().Key("schema").BeginObject().Key("type").String("string");
    out.Key("description").String("one lead object (as LeadCreate) per line").EndObject();
    out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").String(lines);
    out.EndObject().EndObject().EndObject();
  }
  out.EndObject().EndObject();
  out.Key("responses").BeginObject();
  const uint64_t id = ExampleLeadId();
  std::string example = R"({"results":[{"index":0,"status":201,"id":)" + std::to_string(id) +
                        R"(},{"index":1,"status":201,"id":)" + std::to_string(id + 1) + R"(}],"created":2,"failed":0})";
  WriteJsonResponse(out, 200, "Outcomes, one per input line", "BulkResult", {{"example", "", example}});
  WriteResponseRef(out, ErrorKind::kNotFound, "NotFound");
  WriteResponseRef(out, ErrorKind::kConflict, "Conflict");
  WriteResponseRef(out, ErrorKind::kUnsupportedFormat, "UnsupportedMediaType");
  WriteResponseRef(out, ErrorKind::kInvalid, "Unprocessable");
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject().EndObject();
}

void WriteCreateOperation(core::JsonWriter& out, const DocsRequest& request, const std::string& operation_id,
                          const std::string& summary, const std::string& tag, const std::string& body_schema,
                          const std::string& example_body, const std::string& answer_schema,
                          const std::string& example_lead) {
  out.Key("post").BeginObject();
  WriteOperationHead(out, request, {operation_id, summary, "read_write", "", tag});
  out.Key("parameters").BeginArray().Raw(IdempotencyParameter()).EndArray();
  WriteJsonBody(out, body_schema, {{"example", "", example_body}});
  out.Key("responses").BeginObject();
  WriteJsonResponse(out, 201, "Created; Location names the new lead (with Idempotent-Replayed: true, an earlier one)",
                    answer_schema, {{"example", "", example_lead}}, {"Location", "Idempotent-Replayed"});
  WriteResponseRef(out, ErrorKind::kNotFound, "NotFound");
  WriteResponseRef(out, ErrorKind::kConflict, "Conflict");
  WriteResponseRef(out, ErrorKind::kInvalid, "Unprocessable");
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject();
}

void WriteDeleteOperation(core::JsonWriter& out, const DocsRequest& request, const std::string& tag,
                          const std::string& suffix) {
  out.Key("delete").BeginObject();
  WriteOperationHead(out, request,
                     {"deleteLead" + suffix, "Delete a lead and everything derived from it", "delete",
                      "204 once the deletion is on disk. The lead is gone for good; the sync feed (sort=updated_at) "
                      "then lists it once more as a DeletedLead (\"deleted\": true), at the time it was deleted.",
                      tag});
  out.Key("responses").BeginObject();
  WriteEmptyResponse(out, 204, "Deleted (no body)");
  WriteProblemExample(out, ErrorKind::kNotPermitted,
                      "insufficient_permission: this token may not delete leads (a campaign-scoped token needs "
                      "can_delete_leads)",
                      ExampleDeleteForbidden());
  WriteProblemExample(out, ErrorKind::kNotFound,
                      "not_found: no such lead, already deleted, or outside what this token may see",
                      ExampleLeadNotFound());
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject();
}

}  // namespace

void WriteListConditionParameters(core::JsonWriter& out, const DocsCampaign& campaign) {
  const core::Campaign& schema = campaign.schema;
  std::vector<std::string> statuses;
  for (const auto& s : schema.statuses) statuses.push_back(s.slug);
  WriteCommaListParameter(out, "status", "Status slug, or several separated by commas (any of them)", statuses);
  const std::string time_text = "RFC 3339, or YYYY-MM-DD HH:MM:SS in the account's time zone";
  WriteParameter(out, "query", "created_after", false, "Created at or after this time. " + time_text, kTimeSchema);
  WriteParameter(out, "query", "created_before", false, "Created before this time. " + time_text, kTimeSchema);
  WriteParameter(out, "query", "updated_after", false, "Updated at or after this time. " + time_text, kTimeSchema);
  WriteParameter(out, "query", "updated_before", false, "Updated before this time. " + time_text, kTimeSchema);
  for (const core::Select& select : schema.selects) {
    std::vector<std::string> options;
    for (const auto& option : select.options) options.push_back(option.slug);
    WriteCommaListParameter(out, select.slug,
                            "Only leads whose " + (select.label.empty() ? select.slug : select.label) +
                                " is this option, or one of several separated by commas",
                            options);
  }
}

void WriteCampaignLeadPaths(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  const std::string suffix = OperationSuffix(request, campaign);
  const std::string tag = "Leads: " + campaign.schema.name;
  const std::string leads = LeadsPath(campaign);
  const std::string lead_name = SchemaName(request, campaign, "Lead");
  const std::string example_lead = ExampleLead(campaign, request.title);

  out.Key(leads).BeginObject();
  out.Key("get").BeginObject();
  WriteOperationHead(out, request,
                     {"listLeads" + suffix, "List leads, newest first (or by updated_at for sync)", "",
                      "Any other query parameter is a 400 invalid_parameter naming it, as is one given twice.", tag});
  WriteListParameters(out, request, campaign);
  out.Key("responses").BeginObject();
  auto example_list = [](const std::string& item) {
    return R"({"data":[)" + item +
           R"(],"meta":{"limit":50,"has_more":false,"next_cursor":null},"links":{"next":null}})";
  };
  WriteJsonResponse(
      out, 200, "One page; Link: rel=\"next\" names the next page", SchemaName(request, campaign, "LeadList"),
      {{"example", "", example_list(example_lead)},
       {"deleted", "sort=updated_at after the lead was deleted", example_list(ExampleTombstone(campaign))}},
      {"Link"});
  WriteResponseRef(out, ErrorKind::kNotFound, "NotFound");
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject();
  if (request.can_write()) {
    WriteCreateOperation(out, request, "createLead" + suffix, "Create a lead (201 once it is on disk)", tag,
                         SchemaName(request, campaign, "LeadCreate"), ExampleCreateBody(campaign), lead_name,
                         example_lead);
  }
  out.EndObject();
  if (request.can_write()) WriteBulkPath(out, request, campaign, tag, suffix);
  WriteEventStreamPath(out, request, campaign, tag, suffix);
  WriteStatsPath(out, request, campaign, suffix);

  out.Key(leads + "/{lead_id}").BeginObject();
  out.Key("parameters").BeginArray();
  WriteParameter(out, "path", "lead_id", true, "", R"({"type":"integer","minimum":1})");
  out.EndArray();
  out.Key("get").BeginObject();
  WriteOperationHead(out, request, {"getLead" + suffix, "One lead", "", "", tag});
  out.Key("responses").BeginObject();
  WriteJsonResponse(out, 200, "The lead", lead_name, {{"example", "", example_lead}});
  WriteResponseRef(out, ErrorKind::kNotFound, "NotFound");
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject();
  if (request.can_write()) {
    out.Key("patch").BeginObject();
    WriteOperationHead(out, request,
                       {"updateLead" + suffix, "Change status, field or select values", "read_write", "", tag});
    WriteJsonBody(out, SchemaName(request, campaign, "LeadPatch"), {{"example", "", ExamplePatchBody(campaign)}});
    out.Key("responses").BeginObject();
    WriteJsonResponse(out, 200, "The updated lead", lead_name, {});
    WriteResponseRef(out, ErrorKind::kNotFound, "NotFound");
    WriteResponseRef(out, ErrorKind::kInvalid, "Unprocessable");
    WriteAnyRequestResponses(out);
    out.EndObject().EndObject();
  }
  if (request.can_delete) WriteDeleteOperation(out, request, tag, suffix);
  out.EndObject();
}

void WriteLeadCreatePaths(core::JsonWriter& out, const DocsRequest& request) {
  if (!request.can_write() || request.campaigns.empty()) return;
  // A campaign-scoped token's campaign is implied; an account-level token names one.
  const bool implied = request.campaign_scoped;
  const DocsCampaign& first = request.campaigns.front();
  const std::string body = implied ? SchemaName(request, first, "LeadCreate") : "LeadCreateAnyCampaign";
  const std::string answer = implied ? SchemaName(request, first, "Lead") : "LeadAnyCampaign";
  std::string example = ExampleCreateBody(first);
  const std::string campaign_id = "\"campaign_id\":" + std::to_string(first.schema.id);
  example.insert(1, example == "{}" ? campaign_id : campaign_id + ",");
  const std::string example_lead = ExampleLead(first, request.title);
  const std::string what =
      implied ? "campaign_id may be left out: this token's campaign" : "campaign_id names the campaign (required)";
  out.Key("/v2/leads").BeginObject();
  WriteCreateOperation(out, request, "createLeadAnywhere", "Create a lead; " + what, "Leads", body, example, answer,
                       example_lead);
  out.EndObject();
  out.Key("/leads").BeginObject();
  WriteCreateOperation(out, request, "createLeadLegacy", "The same as POST /v2/leads (the hosted product's path)",
                       "Leads", body, example, answer, example_lead);
  out.EndObject();
}

void WriteErasePath(core::JsonWriter& out, const DocsRequest& request) {
  if (!request.can_delete) return;
  out.Key("/v2/leads/erase").BeginObject().Key("post").BeginObject();
  WriteOperationHead(
      out, request,
      {"eraseLeads", "Erase every lead of one person, found by e-mail or phone (or list them: dry_run)", "delete",
       "Each deleted lead leaves a tombstone in the sync feed, as DELETE does. Only leads this token "
       "sees are searched, counted and deleted.",
       "Deleting leads"});
  const std::string dry_run = ExampleErasureBody(request);
  std::string erase = dry_run;
  const std::string_view kDryRun = "\"dry_run\":true";
  erase.replace(erase.find(kDryRun), kDryRun.size(), "\"dry_run\":false");
  WriteJsonBody(out, "LeadErasure", {{"dry_run", "list the person's leads", dry_run}, {"erase", "erase them", erase}});
  out.Key("responses").BeginObject();
  WriteJsonResponse(
      out, 200, "The leads matched (dry run) or deleted", "ErasureResult",
      {{"dry_run", "", ExampleErasureResult(request, true)}, {"erase", "", ExampleErasureResult(request, false)}});
  WriteProblemExample(out, ErrorKind::kNotPermitted,
                      "insufficient_permission: this token may not erase leads (a campaign-scoped token needs "
                      "can_delete_leads)",
                      ExampleDeleteForbidden());
  WriteProblemExample(out, ErrorKind::kNotFound, "not_found: campaign_id names no campaign this token sees",
                      core::EncodeProblem(core::Status::NotFound("No such campaign.")));
  WriteProblemExample(out, ErrorKind::kInvalid,
                      "validation_failed; field codes: required (neither email nor phone), invalid_email, "
                      "invalid_phone, invalid_type, unknown_attribute",
                      ExampleErasureInvalid());
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject().EndObject();
}

}  // namespace lg::apidocs
