#include "apidocs/openapi.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "apidocs/openapi_account.h"
#include "apidocs/openapi_leads.h"
#include "apidocs/openapi_parts.h"
#include "apidocs/openapi_schemas.h"
#include "apidocs/webhook_openapi.h"
#include "core/error_catalogue.h"
#include "core/json_writer.h"
#include "core/problem.h"

namespace lg::apidocs {

std::string SchemaName(const DocsRequest& request, const DocsCampaign& campaign, std::string_view base) {
  std::string name(base);
  if (!request.campaign_scoped) name += std::to_string(campaign.schema.id);
  return name;
}

std::string OperationSuffix(const DocsRequest& request, const DocsCampaign& campaign) {
  return request.campaign_scoped ? "" : "Campaign" + std::to_string(campaign.schema.id);
}

namespace {

void WriteComponents(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("components").BeginObject();
  out.Key("securitySchemes").BeginObject().Key("bearerAuth").BeginObject();
  out.Key("type").String("http").Key("scheme").String("bearer");
  out.Key("description").String("Send the token you were given: Authorization: Bearer lg_...");
  out.EndObject().EndObject();

  out.Key("schemas").BeginObject();
  WriteCommonSchemas(out, request);
  if (request.can_delete) WriteErasureSchemas(out, request);
  for (const auto& campaign : request.campaigns) WriteLeadSchemas(out, request, campaign);
  WriteAnyCampaignSchemas(out, request);
  WriteWebhookSchemas(out, request);
  if (request.admin_api) WriteAccountSchemas(out, request);
  out.EndObject();

  out.Key("parameters").BeginObject().Key("IdempotencyKey").BeginObject();
  out.Key("name").String("Idempotency-Key").Key("in").String("header").Key("required").Bool(false);
  out.Key("description")
      .String(
          "Any unique string per intended create (1 to 255 characters, else 400 invalid_idempotency_key). A retry "
          "with the same key returns the original answer (Idempotent-Replayed: true) instead of creating again.");
  out.Key("schema").BeginObject().Key("type").String("string").Key("minLength").Int(1).Key("maxLength").Int(255);
  out.EndObject().EndObject().EndObject();

  WriteResponseComponents(out, request);
  out.EndObject();
}

void WriteCampaignReads(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("/v2/campaigns").BeginObject().Key("get").BeginObject();
  out.Key("operationId").String("listCampaigns").Key("summary").String("The campaigns this token can see");
  out.Key("tags").BeginArray().String("Campaigns").EndArray();
  out.Key("responses").BeginObject();
  WriteJsonResponse(out, 200, "The campaigns, each as this token may see it", "CampaignList", {});
  WriteAnyRequestResponses(out);
  out.EndObject().EndObject();
  if (request.admin_api) WriteCampaignCreate(out, request);
  out.EndObject();

  for (const auto& campaign : request.campaigns) {
    out.Key("/v2/campaigns/" + std::to_string(campaign.schema.id)).BeginObject().Key("get").BeginObject();
    out.Key("operationId")
        .String("getCampaign" + OperationSuffix(request, campaign))
        .Key("summary")
        .String("The schema of " + campaign.schema.name);
    out.Key("tags").BeginArray().String("Campaigns").EndArray().Key("responses").BeginObject();
    WriteJsonResponse(out, 200, "The campaign schema", "Campaign", {});
    WriteResponseRef(out, core::ErrorKind::kNotFound, "NotFound");
    WriteAnyRequestResponses(out);
    out.EndObject().EndObject();
    if (request.admin_api) WriteCampaignPatch(out, request, campaign);
    out.EndObject();
  }
}

void WritePaths(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("paths").BeginObject();
  WriteCampaignReads(out, request);
  for (const auto& campaign : request.campaigns) WriteCampaignLeadPaths(out, request, campaign);
  WriteLeadCreatePaths(out, request);
  WriteErasePath(out, request);
  WriteWebhookApiPaths(out, request);
  if (request.admin_api) WriteAccountPaths(out, request);
  out.EndObject();
}

std::string Description(const DocsRequest& request) {
  std::string text = "Lead API of " + request.account_name + ". Authenticate with `Authorization: Bearer <token>`. ";
  text += request.can_delete    ? "This token may read, write and delete leads."
          : request.can_write() ? "This token may read and write leads."
                                : "This token may read leads.";
  if (request.admin_api) {
    text +=
        " The account's operations are here too: those that need more than reading name the access they need in "
        "x-leadgate-access (read_write, delete or admin); a token without it is answered 403 "
        "insufficient_permission.";
  }
  text += " Rate limit: " + std::to_string(request.rate_per_second) + " requests per second, burst " +
          std::to_string(request.rate_burst) + ".";
  text +=
      " A method a path does not list is answered 405 method_not_allowed with an Allow header "
      "(components/responses/MethodNotAllowed); HEAD is answered wherever GET is, without the body.";
  return text;
}

}  // namespace

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
  out.Key("description").String(Description(request)).EndObject();
  out.Key("servers").BeginArray().BeginObject().Key("url").String(request.base_url).EndObject().EndArray();
  out.Key("security").BeginArray().BeginObject().Key("bearerAuth").BeginArray().EndArray().EndObject().EndArray();
  WritePaths(out, request);
  WriteWebhooks(out, request);
  WriteComponents(out, request);
  out.EndObject();
  return out.Take();
}

}  // namespace lg::apidocs
