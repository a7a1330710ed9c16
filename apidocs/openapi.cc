#include "apidocs/openapi.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>
#include <vector>

#include "apidocs/examples.h"
#include "apidocs/openapi_schemas.h"
#include "apidocs/stats_docs.h"
#include "apidocs/stream_docs.h"
#include "apidocs/webhook_openapi.h"
#include "core/error_catalogue.h"
#include "core/json_writer.h"
#include "core/problem.h"

namespace lg::apidocs {

std::string SchemaName(const DocsRequest& request, const DocsCampaign& campaign, std::string_view base) {
  std::string name(base);
  if (request.account_level) name += std::to_string(campaign.schema.id);
  return name;
}

// The response of an error kind (its HTTP status from core/problem.h's table).
void WriteResponseRef(core::JsonWriter& out, core::ErrorKind kind, std::string_view name) {
  out.Key(std::to_string(core::HttpStatusOf(kind)))
      .BeginObject()
      .Key("$ref")
      .String("#/components/responses/" + std::string(name))
      .EndObject();
}

namespace {

std::string OperationSuffix(const DocsRequest& request, const DocsCampaign& campaign) {
  return request.account_level ? "Campaign" + std::to_string(campaign.schema.id) : "";
}

void WriteProblemResponse(core::JsonWriter& out, std::string_view name, std::string_view description,
                          bool rate_headers) {
  out.Key(name).BeginObject().Key("description").String(description);
  if (rate_headers) {
    out.Key("headers").BeginObject();
    out.Key("Retry-After").BeginObject().Key("description").String("seconds until a request is allowed again");
    out.Key("schema").BeginObject().Key("type").String("integer").EndObject().EndObject();
    out.Key("RateLimit-Policy").BeginObject().Key("$ref").String("#/components/headers/RateLimit-Policy").EndObject();
    out.Key("RateLimit").BeginObject().Key("$ref").String("#/components/headers/RateLimit").EndObject();
    out.EndObject();
  }
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject().Key("schema").BeginObject();
  out.Key("$ref").String(SchemaRef("Problem")).EndObject().EndObject().EndObject().EndObject();
}

void WriteComponents(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("components").BeginObject();
  out.Key("securitySchemes").BeginObject().Key("bearerAuth").BeginObject();
  out.Key("type").String("http").Key("scheme").String("bearer");
  out.Key("description").String("Send the token you were given: Authorization: Bearer lg_...");
  out.EndObject().EndObject();

  out.Key("schemas").BeginObject();
  WriteCommonSchemas(out);
  if (request.can_delete) WriteErasureSchemas(out, request);
  for (const auto& campaign : request.campaigns) WriteLeadSchemas(out, request, campaign);
  WriteWebhookSchemas(out, request);
  out.EndObject();

  out.Key("headers").BeginObject();
  out.Key("RateLimit-Policy")
      .BeginObject()
      .Key("description")
      .String("IETF draft: the token's quota, e.g. \"token\";q=200;w=2");
  out.Key("schema").BeginObject().Key("type").String("string").EndObject().EndObject();
  out.Key("RateLimit")
      .BeginObject()
      .Key("description")
      .String("IETF draft: requests left and seconds until full, e.g. \"token\";r=199;t=1");
  out.Key("schema").BeginObject().Key("type").String("string").EndObject().EndObject();
  out.EndObject();

  out.Key("parameters").BeginObject().Key("IdempotencyKey").BeginObject();
  out.Key("name").String("Idempotency-Key").Key("in").String("header").Key("required").Bool(false);
  out.Key("description")
      .String(
          "Any unique string per intended create (1 to 255 characters). A retry with the same key returns the "
          "original answer (Idempotent-Replayed: true) instead of creating again.");
  out.Key("schema").BeginObject().Key("type").String("string").Key("minLength").Int(1).Key("maxLength").Int(255);
  out.EndObject().EndObject().EndObject();

  out.Key("responses").BeginObject();
  WriteProblemResponse(out, "Conflict",
                       "duplicate_lead (a duplicate rule rejects it; doublet_of names the earlier lead) or "
                       "idempotency_key_in_flight.",
                       false);
  WriteProblemResponse(out, "UnsupportedMediaType", "A bulk body must be application/json or application/x-ndjson.",
                       false);
  WriteProblemResponse(out, "BadRequest",
                       "Malformed JSON or a bad query parameter (code invalid_json / invalid_parameter).", false);
  WriteProblemResponse(out, "Unauthorized", "Missing, malformed, unknown, revoked or expired token (one body for all).",
                       false);
  WriteProblemResponse(out, "NotFound", "No such resource, or outside what this token may see.", false);
  WriteProblemResponse(out, "PayloadTooLarge",
                       "The body is larger than " + std::to_string(request.body_limit_bytes) + " bytes.", false);
  WriteProblemResponse(out, "Unprocessable", "Validation failed: `errors` lists every member at fault with its code.",
                       false);
  WriteProblemResponse(out, "RateLimited", "Too many requests: wait Retry-After seconds.", true);
  out.EndObject();
  out.EndObject();
}

void WriteErrorResponses(core::JsonWriter& out, bool with_body, bool with_query) {
  if (with_body || with_query) WriteResponseRef(out, core::ErrorKind::kMalformed, "BadRequest");
  WriteResponseRef(out, core::ErrorKind::kUnauthenticated, "Unauthorized");
  WriteResponseRef(out, core::ErrorKind::kNotFound, "NotFound");
  if (with_body) {
    WriteResponseRef(out, core::ErrorKind::kBodyTooLarge, "PayloadTooLarge");
    WriteResponseRef(out, core::ErrorKind::kInvalid, "Unprocessable");
  }
  WriteResponseRef(out, core::ErrorKind::kOverLimit, "RateLimited");
}

struct NamedExample {
  std::string_view name;
  std::string summary;  // may be empty
  std::string value;    // JSON
};

void WriteExamples(core::JsonWriter& out, const std::vector<NamedExample>& examples) {
  if (examples.empty()) return;
  out.Key("examples").BeginObject();
  for (const auto& example : examples) {
    out.Key(example.name).BeginObject();
    if (!example.summary.empty()) out.Key("summary").String(example.summary);
    out.Key("value").Raw(example.value).EndObject();
  }
  out.EndObject();
}

void WriteJsonResponse(core::JsonWriter& out, std::string_view status, std::string_view description,
                       const std::string& schema, const std::vector<NamedExample>& examples) {
  out.Key(status).BeginObject().Key("description").String(description);
  out.Key("headers").BeginObject();
  out.Key("RateLimit-Policy").BeginObject().Key("$ref").String("#/components/headers/RateLimit-Policy").EndObject();
  out.Key("RateLimit").BeginObject().Key("$ref").String("#/components/headers/RateLimit").EndObject();
  out.EndObject();
  out.Key("content").BeginObject().Key("application/json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String(SchemaRef(schema)).EndObject();
  WriteExamples(out, examples);
  out.EndObject().EndObject().EndObject();
}

void WriteJsonResponse(core::JsonWriter& out, std::string_view status, std::string_view description,
                       const std::string& schema, const std::string* example) {
  std::vector<NamedExample> examples;
  if (example) examples.push_back({"example", "", *example});
  WriteJsonResponse(out, status, description, schema, examples);
}

// A problem answer with an example (the deletion endpoints show what each refusal looks like).
void WriteProblemExample(core::JsonWriter& out, core::ErrorKind kind, std::string_view description,
                         const std::string& example) {
  out.Key(std::to_string(core::HttpStatusOf(kind))).BeginObject().Key("description").String(description);
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String(SchemaRef("Problem")).EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(example).EndObject().EndObject();
  out.EndObject().EndObject().EndObject();
}

void WriteJsonBody(core::JsonWriter& out, const std::string& schema, const std::string& example) {
  out.Key("requestBody").BeginObject().Key("required").Bool(true).Key("content").BeginObject();
  out.Key("application/json")
      .BeginObject()
      .Key("schema")
      .BeginObject()
      .Key("$ref")
      .String(SchemaRef(schema))
      .EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(example).EndObject().EndObject();
  out.EndObject().EndObject().EndObject();
}

void WriteIdempotencyParameter(core::JsonWriter& out) {
  out.Key("parameters").BeginArray().BeginObject().Key("$ref").String("#/components/parameters/IdempotencyKey");
  out.EndObject().EndArray();
}

void WriteBulkPath(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                   const std::string& tag, const std::string& suffix) {
  const std::string one = ExampleCreateBody(campaign);
  out.Key(LeadsPath(campaign) + "/bulk").BeginObject().Key("post").BeginObject();
  out.Key("operationId").String("createLeadsInBulk" + suffix);
  out.Key("summary").String("Create many leads in one request: a JSON array, or NDJSON (one lead per line)");
  out.Key("tags").BeginArray().String(tag).EndArray();
  WriteIdempotencyParameter(out);
  out.Key("requestBody").BeginObject().Key("required").Bool(true).Key("content").BeginObject();
  out.Key("application/json").BeginObject().Key("schema").BeginObject().Key("type").String("array");
  out.Key("items").BeginObject().Key("$ref").String(SchemaRef(SchemaName(request, campaign, "LeadCreate"))).EndObject();
  out.EndObject().Key("examples").BeginObject().Key("example").BeginObject().Key("value");
  out.Raw("[" + one + "," + one + "]").EndObject().EndObject().EndObject();
  out.Key("application/x-ndjson").BeginObject().Key("schema").BeginObject().Key("type").String("string");
  out.Key("description").String("one lead object (as LeadCreate) per line").EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").String(one + "\n" + one + "\n");
  out.EndObject().EndObject().EndObject();
  out.EndObject().EndObject();
  out.Key("responses").BeginObject();
  const uint64_t id = ExampleLeadId();
  std::string example = R"({"results":[{"index":0,"status":201,"id":)" + std::to_string(id) +
                        R"(},{"index":1,"status":201,"id":)" + std::to_string(id + 1) + R"(}],"created":2,"failed":0})";
  WriteJsonResponse(out, "200", "Outcomes, one per input line", "BulkResult", &example);
  WriteErrorResponses(out, true, false);
  WriteResponseRef(out, core::ErrorKind::kConflict, "Conflict");
  WriteResponseRef(out, core::ErrorKind::kUnsupportedFormat, "UnsupportedMediaType");
  out.EndObject().EndObject().EndObject();
}

void WriteDeleteOperation(core::JsonWriter& out, const std::string& tag, const std::string& suffix) {
  out.Key("delete").BeginObject().Key("operationId").String("deleteLead" + suffix);
  out.Key("summary").String("Delete a lead and everything derived from it");
  out.Key("description")
      .String(
          "204 once the deletion is on disk. The lead is gone for good; the sync feed (sort=updated_at) then "
          "lists it once more as a DeletedLead (\"deleted\": true), at the time it was deleted.");
  out.Key("tags").BeginArray().String(tag).EndArray().Key("responses").BeginObject();
  out.Key("204").BeginObject().Key("description").String("Deleted (no body)");
  out.Key("headers").BeginObject();
  out.Key("RateLimit-Policy").BeginObject().Key("$ref").String("#/components/headers/RateLimit-Policy").EndObject();
  out.Key("RateLimit").BeginObject().Key("$ref").String("#/components/headers/RateLimit").EndObject();
  out.EndObject().EndObject();
  WriteResponseRef(out, core::ErrorKind::kUnauthenticated, "Unauthorized");
  WriteProblemExample(out, core::ErrorKind::kNotPermitted,
                      "insufficient_permission: this token may not delete leads (a campaign-scoped token needs "
                      "can_delete_leads)",
                      ExampleDeleteForbidden());
  WriteProblemExample(out, core::ErrorKind::kNotFound,
                      "not_found: no such lead, already deleted, or outside what this token may see",
                      ExampleLeadNotFound());
  WriteResponseRef(out, core::ErrorKind::kOverLimit, "RateLimited");
  out.EndObject().EndObject();
}

void WriteErasePath(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("/v2/leads/erase").BeginObject().Key("post").BeginObject().Key("operationId").String("eraseLeads");
  out.Key("summary").String("Erase every lead of one person, found by e-mail or phone (or list them: dry_run)");
  out.Key("description")
      .String(
          "Each deleted lead leaves a tombstone in the sync feed, as DELETE does. Only leads this token sees are "
          "searched, counted and deleted.");
  out.Key("tags").BeginArray().String("Deleting leads").EndArray();
  const std::string dry_run = ExampleErasureBody(request);
  std::string erase = dry_run;
  const std::string_view kDryRun = "\"dry_run\":true";
  erase.replace(erase.find(kDryRun), kDryRun.size(), "\"dry_run\":false");
  out.Key("requestBody").BeginObject().Key("required").Bool(true).Key("content").BeginObject();
  out.Key("application/json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String(SchemaRef("LeadErasure")).EndObject();
  WriteExamples(out, {{"dry_run", "list the person's leads", dry_run}, {"erase", "erase them", erase}});
  out.EndObject().EndObject().EndObject();

  out.Key("responses").BeginObject();
  WriteJsonResponse(
      out, "200", "The leads matched (dry run) or deleted", "ErasureResult",
      {{"dry_run", "", ExampleErasureResult(request, true)}, {"erase", "", ExampleErasureResult(request, false)}});
  WriteResponseRef(out, core::ErrorKind::kMalformed, "BadRequest");
  WriteResponseRef(out, core::ErrorKind::kUnauthenticated, "Unauthorized");
  WriteProblemExample(out, core::ErrorKind::kNotPermitted,
                      "insufficient_permission: this token may not erase leads (a campaign-scoped token needs "
                      "can_delete_leads)",
                      ExampleDeleteForbidden());
  WriteProblemExample(out, core::ErrorKind::kNotFound, "not_found: campaign_id names no campaign this token sees",
                      core::EncodeProblem(core::Status::NotFound("No such campaign.")));
  WriteResponseRef(out, core::ErrorKind::kBodyTooLarge, "PayloadTooLarge");
  WriteProblemExample(out, core::ErrorKind::kInvalid,
                      "validation_failed; field codes: required (neither email nor phone), invalid_email, "
                      "invalid_phone, invalid_type, unknown_attribute",
                      ExampleErasureInvalid());
  WriteResponseRef(out, core::ErrorKind::kOverLimit, "RateLimited");
  out.EndObject().EndObject().EndObject();
}

void WriteQueryParameter(core::JsonWriter& out, std::string_view name, std::string_view description,
                         const std::function<void(core::JsonWriter&)>& schema) {
  out.BeginObject().Key("name").String(name).Key("in").String("query").Key("required").Bool(false);
  out.Key("description").String(description).Key("schema");
  schema(out);
  out.EndObject();
}

void WriteConditionParameters(core::JsonWriter& out, const DocsCampaign& campaign) {
  const core::Campaign& schema = campaign.schema;
  auto string_schema = [](core::JsonWriter& o) { o.BeginObject().Key("type").String("string").EndObject(); };
  std::string statuses;
  for (const auto& s : schema.statuses) statuses += (statuses.empty() ? "" : ", ") + s.slug;
  WriteQueryParameter(out, "status", "Status slug, or several separated by commas: " + statuses, string_schema);
  const std::string time_text = "RFC 3339, or YYYY-MM-DD HH:MM:SS in the account's time zone";
  WriteQueryParameter(out, "created_after", "Created at or after this time. " + time_text, string_schema);
  WriteQueryParameter(out, "created_before", "Created before this time. " + time_text, string_schema);
  WriteQueryParameter(out, "updated_after", "Updated at or after this time. " + time_text, string_schema);
  WriteQueryParameter(out, "updated_before", "Updated before this time. " + time_text, string_schema);
  for (const core::Select& select : schema.selects) {
    WriteQueryParameter(out, select.slug,
                        "Only leads whose " + (select.label.empty() ? select.slug : select.label) + " is this option",
                        [&](core::JsonWriter& o) {
                          o.BeginObject().Key("type").String("string").Key("enum").BeginArray();
                          for (const auto& option : select.options) o.String(option.slug);
                          o.EndArray().EndObject();
                        });
  }
}

void WriteListParameters(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  auto string_schema = [](core::JsonWriter& o) { o.BeginObject().Key("type").String("string").EndObject(); };
  out.Key("parameters").BeginArray();
  WriteConditionParameters(out, campaign);
  WriteQueryParameter(out, "sort",
                      "-created_at (newest first, default) or updated_at (oldest change first, for sync; it also "
                      "lists each deleted lead once more, as a DeletedLead with \"deleted\": true)",
                      [](core::JsonWriter& o) {
                        o.BeginObject().Key("type").String("string").Key("enum").BeginArray().String("-created_at");
                        o.String("updated_at").EndArray().Key("default").String("-created_at").EndObject();
                      });
  WriteWaitParameter(out, request);
  auto page_size = [](core::JsonWriter& o) {
    o.BeginObject().Key("type").String("integer").Key("minimum").Int(1).Key("maximum").Int(500);
    o.Key("default").Int(50).EndObject();
  };
  WriteQueryParameter(out, "limit", "Leads per page", page_size);
  WriteQueryParameter(out, "cursor", "Opaque cursor from meta.next_cursor (or the Link: rel=\"next\" header)",
                      string_schema);
  WriteQueryParameter(
      out, "page", "Page number, for clients that page by number (with per_page)",
      [](core::JsonWriter& o) { o.BeginObject().Key("type").String("integer").Key("minimum").Int(1).EndObject(); });
  WriteQueryParameter(out, "per_page", "Leads per page when paging by number", page_size);
  out.EndArray();
}

void WriteLeadIdParameter(core::JsonWriter& out) {
  out.Key("parameters").BeginArray().BeginObject().Key("name").String("lead_id").Key("in").String("path");
  out.Key("required").Bool(true).Key("schema").BeginObject().Key("type").String("integer").Key("minimum").Int(1);
  out.EndObject().EndObject().EndArray();
}

void WritePaths(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("paths").BeginObject();
  out.Key("/v2/campaigns").BeginObject().Key("get").BeginObject();
  out.Key("operationId").String("listCampaigns").Key("summary").String("The campaigns this token can see");
  out.Key("tags").BeginArray().String("Campaigns").EndArray();
  out.Key("responses").BeginObject();
  out.Key("200").BeginObject().Key("description").String(R"({"data": [campaign...], "meta": {...}, "links": {...}})");
  out.Key("content").BeginObject().Key("application/json").BeginObject().Key("schema").BeginObject();
  out.Key("type")
      .String("object")
      .Key("properties")
      .BeginObject()
      .Key("data")
      .BeginObject()
      .Key("type")
      .String("array");
  out.Key("items").BeginObject().Key("$ref").String(SchemaRef("Campaign")).EndObject().EndObject().EndObject();
  out.EndObject().EndObject().EndObject().EndObject();
  WriteErrorResponses(out, false, false);
  out.EndObject().EndObject().EndObject();

  for (const auto& campaign : request.campaigns) {
    const std::string suffix = OperationSuffix(request, campaign);
    const std::string tag = "Leads: " + campaign.schema.name;
    const std::string leads = LeadsPath(campaign);
    const std::string lead_name = SchemaName(request, campaign, "Lead");
    const std::string example_lead = ExampleLead(campaign, request.title);

    out.Key("/v2/campaigns/" + std::to_string(campaign.schema.id)).BeginObject().Key("get").BeginObject();
    out.Key("operationId")
        .String("getCampaign" + suffix)
        .Key("summary")
        .String("The schema of " + campaign.schema.name);
    out.Key("tags").BeginArray().String("Campaigns").EndArray().Key("responses").BeginObject();
    WriteJsonResponse(out, "200", "The campaign schema", "Campaign", nullptr);
    WriteErrorResponses(out, false, false);
    out.EndObject().EndObject().EndObject();

    out.Key(leads).BeginObject();
    out.Key("get").BeginObject().Key("operationId").String("listLeads" + suffix);
    out.Key("summary").String("List leads, newest first (or by updated_at for sync)");
    out.Key("tags").BeginArray().String(tag).EndArray();
    WriteListParameters(out, request, campaign);
    out.Key("responses").BeginObject();
    auto example_list = [](const std::string& item) {
      return R"({"data":[)" + item +
             R"(],"meta":{"limit":50,"has_more":false,"next_cursor":null},"links":{"next":null}})";
    };
    WriteJsonResponse(
        out, "200", "One page; Link: rel=\"next\" names the next page", SchemaName(request, campaign, "LeadList"),
        {{"example", "", example_list(example_lead)},
         {"deleted", "sort=updated_at after the lead was deleted", example_list(ExampleTombstone(campaign))}});
    WriteErrorResponses(out, false, true);
    out.EndObject().EndObject();
    if (request.can_write()) {
      out.Key("post").BeginObject().Key("operationId").String("createLead" + suffix);
      out.Key("summary").String("Create a lead (201 once it is on disk)");
      out.Key("tags").BeginArray().String(tag).EndArray();
      WriteIdempotencyParameter(out);
      WriteJsonBody(out, SchemaName(request, campaign, "LeadCreate"), ExampleCreateBody(campaign));
      out.Key("responses").BeginObject();
      WriteJsonResponse(out, "201", "Created; Location names the new lead", lead_name, &example_lead);
      WriteErrorResponses(out, true, false);
      WriteResponseRef(out, core::ErrorKind::kConflict, "Conflict");
      out.EndObject().EndObject();
    }
    out.EndObject();
    if (request.can_write()) WriteBulkPath(out, request, campaign, tag, suffix);
    WriteEventStreamPath(out, request, campaign, tag, suffix);
    WriteStatsPath(out, request, campaign, suffix);

    out.Key(leads + "/{lead_id}").BeginObject();
    WriteLeadIdParameter(out);
    out.Key("get").BeginObject().Key("operationId").String("getLead" + suffix).Key("summary").String("One lead");
    out.Key("tags").BeginArray().String(tag).EndArray().Key("responses").BeginObject();
    WriteJsonResponse(out, "200", "The lead", lead_name, &example_lead);
    WriteErrorResponses(out, false, false);
    out.EndObject().EndObject();
    if (request.can_write()) {
      out.Key("patch").BeginObject().Key("operationId").String("updateLead" + suffix);
      out.Key("summary").String("Change status, field or select values");
      out.Key("tags").BeginArray().String(tag).EndArray();
      WriteJsonBody(out, SchemaName(request, campaign, "LeadPatch"), ExamplePatchBody(campaign));
      out.Key("responses").BeginObject();
      WriteJsonResponse(out, "200", "The updated lead", lead_name, nullptr);
      WriteErrorResponses(out, true, false);
      out.EndObject().EndObject();
    }
    if (request.can_delete) WriteDeleteOperation(out, tag, suffix);
    out.EndObject();
  }
  if (request.can_delete) WriteErasePath(out, request);
  WriteWebhookApiPaths(out, request);
  out.EndObject();
}

}  // namespace

void WriteListConditionParameters(core::JsonWriter& out, const DocsCampaign& campaign) {
  WriteConditionParameters(out, campaign);
}

std::string LeadsPath(const DocsCampaign& campaign) {
  return "/v2/campaigns/" + std::to_string(campaign.schema.id) + "/leads";
}

const std::vector<ErrorCodeDoc>& ClientErrorCodes() {
  // Codes only a request with a body that writes leads can meet.
  static constexpr std::array<std::string_view, 11> kWritesOnly{
      "duplicate_key",          "duplicate_lead",          "idempotency_key_in_flight",
      "idempotency_key_reused", "insufficient_permission", "invalid_idempotency_key",
      "invalid_json",           "outside_token_scope",     "too_many_leads",
      "unsupported_media_type", "validation_failed"};
  static const std::vector<ErrorCodeDoc> kCodes = [] {
    std::vector<ErrorCodeDoc> out;
    for (const core::ErrorCode& entry : core::ErrorCodes()) {
      if (entry.audience != core::ErrorAudience::kClient) continue;
      const bool writes_only = std::find(kWritesOnly.begin(), kWritesOnly.end(), entry.code) != kWritesOnly.end();
      out.push_back({entry.kind, entry.code, entry.meaning, writes_only});
    }
    return out;
  }();
  return kCodes;
}

std::string BuildOpenApi(const DocsRequest& request) {
  core::JsonWriter out;
  out.BeginObject().Key("openapi").String("3.1.0");
  out.Key("info").BeginObject().Key("title").String(request.title).Key("version").String("2");
  std::string description =
      "Lead API of " + request.account_name + ". Authenticate with `Authorization: Bearer <token>`. ";
  description += request.can_delete    ? "This token may read, write and delete leads."
                 : request.can_write() ? "This token may read and write leads."
                                       : "This token may read leads.";
  description += " Rate limit: " + std::to_string(request.rate_per_second) + " requests per second, burst " +
                 std::to_string(request.rate_burst) + ".";
  out.Key("description").String(description).EndObject();
  out.Key("servers").BeginArray().BeginObject().Key("url").String(request.base_url).EndObject().EndArray();
  out.Key("security").BeginArray().BeginObject().Key("bearerAuth").BeginArray().EndArray().EndObject().EndArray();
  WritePaths(out, request);
  WriteWebhooks(out, request);
  WriteComponents(out, request);
  out.EndObject();
  return out.Take();
}

}  // namespace lg::apidocs
