#include "apidocs/openapi_account.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apidocs/openapi.h"
#include "apidocs/openapi_parts.h"

namespace lg::apidocs {
namespace {

using core::ErrorKind;

constexpr std::string_view kAdmin = "admin";
constexpr std::string_view kSchemaTag = "Campaign schema (admin)";

// Slugs: core/slug.h. Texts are counted in characters, as the server counts them.
constexpr std::string_view kSlug = R"({"type":"string","pattern":"^[a-z0-9][a-z0-9_-]*$","maxLength":64})";
constexpr std::string_view kName = R"({"type":"string","minLength":1,"maxLength":200})";
constexpr std::string_view kTime = R"({"type":"string","anyOf":[{"format":"date-time"},)"
                                   R"({"pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"}]})";

std::string Ref(std::string_view name) { return R"({"$ref":"#/components/schemas/)" + std::string(name) + R"("})"; }

std::string Object(std::string_view properties, std::string_view required = "") {
  std::string out = R"({"type":"object","properties":{)" + std::string(properties) + "}";
  if (!required.empty()) out += R"(,"required":[)" + std::string(required) + "]";
  return out + R"(,"additionalProperties":false})";
}

// What the bodies of the schema changes read (core/campaign_member_json.h, core/campaign_patch.h).
std::vector<std::pair<std::string_view, std::string>> BodySchemas() {
  const std::string slug(kSlug);
  const std::string field_props = R"("slug":)" + slug +
                                  R"(,"label":{"type":"string"},"description":{"type":"string"},)"
                                  R"("required":{"type":"boolean"},"retired":{"type":"boolean"})";
  const std::string field_type =
      R"("type":{"type":"string","enum":["text","email","phone","number","date","datetime","checkbox","json"]})";
  const std::string option_props = R"("slug":)" + slug + R"(,"label":{"type":"string"},"retired":{"type":"boolean"})";
  const std::string status_props =
      R"("slug":)" + slug +
      R"(,"label":{"type":"string"},"default":{"type":"boolean"},"retired":{"type":"boolean"},)"
      R"("order":{"type":"integer"},"type":{"type":"string","enum":["active","inactive","won","lost"]})";
  const std::string rules = R"({"type":"array","items":)" + Ref("DuplicateRule") + "}";
  const std::string retention =
      R"({"type":["number","null"],"description":"erase leads created longer ago than this; null: keep them"})";
  const std::string conditions =
      R"("match":{"type":"string","enum":["all","any"],"default":"all"},"conditions":{"type":"array","items":)" +
      Ref("FilterCondition") + "}";
  const std::string rate_limit =
      R"({"type":["object","null"],"properties":{"per_second":{"type":"integer","minimum":1,"maximum":1000000},)"
      R"("burst":{"type":"integer","minimum":1,"maximum":1000000}},"required":["per_second","burst"],)"
      R"("additionalProperties":false,"description":"null: the server's default"})";
  const std::string expiry = R"({"anyOf":[)" + std::string(kTime) + R"(,{"type":"null"}]})";
  const std::string token_props = R"("name":)" + std::string(kName) + R"(,"expires_at":)" + expiry +
                                  R"(,"rate_limit":)" + rate_limit + R"(,"can_delete_leads":{"type":"boolean"})";
  return {
      {"FieldDefinition", Object(field_props + "," + field_type, R"("slug","type")")},
      {"FieldPatch", Object(R"("label":{"type":"string"},"description":{"type":"string"},)"
                            R"("required":{"type":"boolean"},"retired":{"type":"boolean"})")},
      {"OptionDefinition", Object(option_props, R"("slug")")},
      {"OptionPatch", Object(R"("label":{"type":"string"},"retired":{"type":"boolean"})")},
      {"SelectDefinition",
       Object(R"("slug":)" + slug +
                  R"(,"label":{"type":"string"},"description":{"type":"string"},"required":{"type":"boolean"},)"
                  R"("options":{"type":"array","items":)" +
                  Ref("OptionDefinition") + "}",
              R"("slug")")},
      {"SelectPatch",
       Object(R"("label":{"type":"string"},"description":{"type":"string"},"required":{"type":"boolean"})")},
      {"StatusDefinition", Object(status_props, R"("slug")")},
      {"StatusPatch", Object(status_props)},
      {"DuplicateRule", Object(R"("name":{"type":"string"},"match":{"type":"string","enum":["all","any"]},)"
                               R"("fields":{"type":"array","items":)" +
                                   slug +
                                   R"(},"window_seconds":{"type":"integer"},)"
                                   R"("ignore_statuses":{"type":"array","items":)" +
                                   slug + R"(},"action":{"type":"string","enum":["flag","reject"]})",
                               R"("window_seconds")")},
      {"CampaignCreate",
       Object(R"("name":)" + std::string(kName) + R"(,"fields":{"type":"array","items":)" + Ref("FieldDefinition") +
                  R"(},"selects":{"type":"array","items":)" + Ref("SelectDefinition") +
                  R"(},"statuses":{"type":"array","items":)" + Ref("StatusDefinition") + R"(},"duplicate_rules":)" +
                  rules + R"(,"retention_days":)" + retention,
              R"("name")")},
      {"CampaignPatch", Object(R"("name":)" + std::string(kName) + R"(,"duplicate_rules":)" + rules +
                               R"(,"retention_days":)" + retention)},
      {"Offboarding", Object(R"("dry_run":{"type":"boolean","default":false})")},
      {"FilterCondition", Object(R"("field":{"type":"string"},"op":{"type":"string","enum":["eq","neq","in",)"
                                 R"("not_in","contains","starts_with","gt","gte","lt","lte","empty","not_empty"]},)"
                                 R"("value":{"description":"one value; an array for in and not_in; none for )"
                                 R"(empty and not_empty"})",
                                 R"("field","op")")},
      {"FilterCreate", Object(R"("name":)" + std::string(kName) + "," + conditions, R"("name","conditions")")},
      {"FilterPatch", Object(R"("name":)" + std::string(kName) + "," + conditions)},
      {"LeadCountRequest", Object(R"("name":{"type":"string"},)" + conditions)},
      {"TokenCreate",
       Object(token_props +
                  R"(,"permission":{"type":"string","enum":["read","read_write","admin"]},)"
                  R"("campaign_id":{"type":["integer","null"],"minimum":1},"filter_id":{"type":["integer","null"],)"
                  R"("minimum":1,"description":"a saved filter: the token sees and writes only what it matches"})",
              R"("name","permission")")},
      {"TokenPatch", Object(token_props)},
  };
}

// What the account's operations answer (service/token_service.cc's Encode, core/filter_json.h...).
std::vector<std::pair<std::string_view, std::string>> AnswerSchemas() {
  const std::string time = R"({"type":"string","format":"date-time"})";
  const std::string time_or_null = R"({"type":["string","null"],"format":"date-time"})";
  const std::string links = R"("links":)" + Ref("ListLinks");
  return {
      {"Filter", R"({"type":"object","properties":{"id":{"type":"integer"},"campaign_id":{"type":"integer"},)"
                 R"("name":{"type":"string"},"match":{"type":"string","enum":["all","any"]},)"
                 R"("conditions":{"type":"array","items":{"type":"object"}},"created_at":)" +
                     time + R"(,"updated_at":)" + time +
                     R"(},"required":["id","campaign_id","name","match","conditions"]})"},
      {"FilterList", R"({"type":"object","properties":{"data":{"type":"array","items":)" + Ref("Filter") +
                         R"(},"meta":{"type":"object"},)" + links + R"(},"required":["data"]})"},
      {"Token", R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},)"
                R"("permission":{"type":"string","enum":["read","read_write","admin"]},)"
                R"("campaign_id":{"type":["integer","null"]},"filter_id":{"type":["integer","null"]},)"
                R"("can_delete_leads":{"type":"boolean"},"expires_at":)" +
                    time_or_null + R"(,"revoked_at":)" + time_or_null +
                    R"(,"state":{"type":"string","enum":["active","revoked","expired"]},"created_at":)" + time +
                    R"(,"last_used_at":)" + time_or_null +
                    R"(,"masked":{"type":"string"},"rate_limit":{"type":"object","properties":{)"
                    R"("per_second":{"type":"integer"},"burst":{"type":"integer"},"default":{"type":"boolean"}}},)"
                    R"("docs_url":{"type":"string","format":"uri"}},)"
                    R"("required":["id","name","permission","campaign_id","filter_id","state","docs_url"]})"},
      {"TokenWithSecret",
       R"({"allOf":[)" + Ref("Token") +
           R"(,{"type":"object","properties":{"token":{"type":"string","pattern":"^lg_",)"
           R"("description":"the secret: send it as Authorization: Bearer <token>"}},"required":["token"]}]})"},
      {"TokenList", R"({"type":"object","properties":{"data":{"type":"array","items":)" + Ref("Token") +
                        R"(},"meta":{"type":"object"},)" + links + R"(},"required":["data"]})"},
      {"AuditEvent", R"({"type":"object","properties":{"id":{"type":"integer"},"at":)" + time +
                         R"(,"kind":{"type":"string"},"actor_token_id":{"type":["integer","null"]},)"
                         R"("client":{"type":"string"},"target":{"type":"string"},"detail":{"type":"string"}},)"
                         R"("required":["id","at","kind"]})"},
      {"AuditPage", R"({"type":"object","properties":{"data":{"type":"array","items":)" + Ref("AuditEvent") +
                        R"(},"meta":)" + Ref("ListMeta") + "," + links + R"(},"required":["data","meta"]})"},
      {"OffboardingResult",
       R"({"type":"object","properties":{"dry_run":{"type":"boolean"},"option_retired":{"type":"boolean"},)"
       R"("tokens_revoked":{"type":"array","items":{"type":"integer"}},)"
       R"("webhooks_disabled":{"type":"array","items":{"type":"integer"}}},)"
       R"("required":["dry_run","option_retired","tokens_revoked","webhooks_disabled"]})"},
      {"LeadCount", R"({"type":"object","properties":{"count":{"type":"integer","minimum":0},"exact":)"
                    R"({"type":"boolean","description":"false: it stopped after examining the most it may"},)"
                    R"("examined":{"type":"integer","minimum":0}},"required":["count","exact","examined"]})"},
      {"Backup", R"({"type":"object","properties":{"name":{"type":"string"},"path":{"type":"string"},)"
                 R"("created_at":)" +
                     time + R"(,"bytes":{"type":"integer"}},"required":["name","path","created_at","bytes"]})"},
      {"ClusterStatus",
       R"({"type":"object","properties":{"enabled":{"type":"boolean"}},"required":["enabled"],)"
       R"("description":"enabled false on a single server; in cluster mode the nodes and the log's state"})"},
  };
}

ApiCall AdminCall(std::string method, std::string path, std::string operation_id, std::string title,
                  std::string summary, std::string body, int status, std::string answer,
                  std::vector<ErrorKind> errors = {}) {
  errors.push_back(ErrorKind::kNotPermitted);
  ApiCall call{std::move(method),
               std::move(path),
               std::move(operation_id),
               std::move(title),
               std::move(summary),
               std::move(body),
               "",
               status,
               std::move(answer),
               "",
               std::move(errors),
               std::string(kAdmin)};
  return call;
}

// The schema changes of any campaign: every answer is the whole campaign.
std::vector<ApiCall> SchemaCalls() {
  const std::string c = "/v2/campaigns/{campaign_id}";
  const std::string summary = "Answers the whole campaign, as GET /v2/campaigns/{campaign_id} does.";
  return {
      AdminCall("POST", c + "/fields", "addField", "Add a field", summary, "FieldDefinition", 201, "Campaign"),
      AdminCall("PATCH", c + "/fields/{slug}", "updateField", "Change or retire a field",
                "label, description, required, retired; slug and type never change. " + summary, "FieldPatch", 200,
                "Campaign"),
      AdminCall("POST", c + "/selects", "addSelect", "Add a select", summary, "SelectDefinition", 201, "Campaign"),
      AdminCall("PATCH", c + "/selects/{slug}", "updateSelect", "Change a select", summary, "SelectPatch", 200,
                "Campaign"),
      AdminCall("POST", c + "/selects/{slug}/options", "addOption", "Add an option (a new vendor)", summary,
                "OptionDefinition", 201, "Campaign"),
      AdminCall("PATCH", c + "/selects/{slug}/options/{option_slug}", "updateOption", "Rename or retire an option",
                summary, "OptionPatch", 200, "Campaign"),
      AdminCall("POST", c + "/selects/{slug}/options/{option_slug}/offboard", "offboardVendor", "Offboard a vendor",
                "Retire the option, revoke the tokens whose filter pins it and disable their webhook endpoints, in "
                "one step (dry_run: only say what would change)",
                "Offboarding", 200, "OffboardingResult"),
      AdminCall("POST", c + "/statuses", "addStatus", "Add a status", summary, "StatusDefinition", 201, "Campaign"),
      AdminCall("PATCH", c + "/statuses/{slug}", "updateStatus", "Change a status",
                "label, type, order, retired, or make it the default. " + summary, "StatusPatch", 200, "Campaign"),
  };
}

std::vector<ApiCall> FilterCalls() {
  const std::string f = "/v2/campaigns/{campaign_id}/filters";
  return {
      AdminCall("GET", f, "listFilters", "List saved filters", "The campaign's saved filters", "", 200, "FilterList"),
      AdminCall("POST", f, "createFilter", "Save a filter", "A named condition set a token may be scoped to",
                "FilterCreate", 201, "Filter"),
      AdminCall("GET", f + "/{filter_id}", "getFilter", "Get a saved filter", "One saved filter", "", 200, "Filter"),
      AdminCall("PATCH", f + "/{filter_id}", "updateFilter", "Change a saved filter",
                "name, match or conditions (the tokens scoped to it see the change at once)", "FilterPatch", 200,
                "Filter"),
      AdminCall("DELETE", f + "/{filter_id}", "deleteFilter", "Delete a saved filter",
                "409 filter_in_use while a token or webhook endpoint goes through it", "", 204, "",
                {ErrorKind::kConflict}),
  };
}

std::vector<ApiCall> TokenCalls() {
  const std::string t = "/v2/tokens/{token_id}";
  return {
      AdminCall("GET", "/v2/tokens", "listTokens", "List tokens", "Every token, secrets masked", "", 200, "TokenList"),
      AdminCall("POST", "/v2/tokens", "createToken", "Mint a token",
                "read, read_write or admin; account-wide, or one campaign and optionally one saved filter. The answer "
                "carries the secret",
                "TokenCreate", 201, "TokenWithSecret"),
      AdminCall("GET", t, "getToken", "Get a token", "One token, its secret masked", "", 200, "Token"),
      AdminCall("PATCH", t, "updateToken", "Change a token",
                "name, expires_at, rate_limit, can_delete_leads; permission and scope never change", "TokenPatch", 200,
                "Token"),
      AdminCall("DELETE", t, "revokeToken", "Revoke a token", "It stops working at once; the answer is the record", "",
                200, "Token"),
      AdminCall("POST", t + "/reveal", "revealToken", "Show a token's secret again",
                "403 reveal_disabled when the server keeps no secrets to show; 409 for a revoked or expired token", "",
                200, "TokenWithSecret", {ErrorKind::kConflict}),
      AdminCall("POST", t + "/rotate", "rotateToken", "Rotate a token's secret",
                "A new secret; the old one stops working at once", "", 200, "TokenWithSecret", {ErrorKind::kConflict}),
      AdminCall("POST", t + "/docs-link/rotate", "rotateDocsLink", "Rotate a token's docs link",
                "A new docs_url; the old link stops working", "", 200, "Token"),
  };
}

std::vector<ApiCall> AdminOnlyCalls() {
  ApiCall audit = AdminCall("GET", "/v2/audit", "listAuditEvents", "The audit log",
                            "Newest first: sign-ins that failed, scope refusals, every change to campaigns, filters, "
                            "tokens and webhooks",
                            "", 200, "AuditPage");
  audit.query = R"([{"name":"kind","in":"query","required":false,"description":"only these kinds, comma-separated",)"
                R"("style":"form","explode":false,"schema":{"type":"array","items":{"type":"string"}}},)"
                R"({"name":"after","in":"query","required":false,"schema":)" +
                std::string(kTime) + R"(},{"name":"before","in":"query","required":false,"schema":)" +
                std::string(kTime) +
                R"(},{"name":"limit","in":"query","required":false,"schema":{"type":"integer","minimum":1,)"
                R"("maximum":500,"default":50}},{"name":"cursor","in":"query","required":false,)"
                R"("description":"meta.next_cursor of the page before","schema":{"type":"string"}}])";
  return {
      audit,
      AdminCall("POST", "/v2/admin/backup", "createBackup", "Back the store up",
                "A consistent copy of this node's store in its backup directory", "", 201, "Backup"),
      AdminCall("GET", "/v2/admin/cluster", "clusterStatus", "The cluster's status",
                "What leadgate cluster status prints", "", 200, "ClusterStatus"),
  };
}

}  // namespace

void WriteCampaignCreate(core::JsonWriter& out, const DocsRequest&) {
  WriteApiCall(out,
               AdminCall("POST", "/v2/campaigns", "createCampaign", "Create a campaign",
                         "Fields, selects with options, statuses (exactly one the default), duplicate rules",
                         "CampaignCreate", 201, "Campaign"),
               "Campaigns");
}

void WriteCampaignPatch(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  WriteApiCall(
      out,
      AdminCall("PATCH", "/v2/campaigns/" + std::to_string(campaign.schema.id),
                "updateCampaign" + OperationSuffix(request, campaign), "Change the campaign",
                "name, duplicate_rules (replaced as a whole), retention_days", "CampaignPatch", 200, "Campaign"),
      "Campaigns");
}

void WriteAccountPaths(core::JsonWriter& out, const DocsRequest& request) {
  WriteApiCallPaths(out, SchemaCalls(), kSchemaTag);
  WriteApiCallPaths(out, FilterCalls(), "Filters (admin)");
  // Per campaign: the literal path goes before the campaign's /leads/{lead_id}.
  std::vector<ApiCall> counts;
  for (const auto& campaign : request.campaigns) {
    counts.push_back(AdminCall("POST", LeadsPath(campaign) + "/count",
                               "countLeads" + OperationSuffix(request, campaign), "Count leads by conditions",
                               "The console's filter preview: conditions as a saved filter's, not saved",
                               "LeadCountRequest", 200, "LeadCount"));
  }
  WriteApiCallPaths(out, counts, "Counting (admin)");
  WriteApiCallPaths(out, TokenCalls(), "Tokens (admin)");
  WriteApiCallPaths(out, AdminOnlyCalls(), "Administration (admin)");
}

void WriteAccountSchemas(core::JsonWriter& out, const DocsRequest&) {
  for (const auto& [name, schema] : BodySchemas()) out.Key(name).Raw(schema);
  for (const auto& [name, schema] : AnswerSchemas()) out.Key(name).Raw(schema);
}

}  // namespace lg::apidocs
