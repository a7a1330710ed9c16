#include "apidocs/openapi_account.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apidocs/account_calls.h"
#include "apidocs/openapi_parts.h"

namespace lg::apidocs {
namespace {

// Slugs: core/slug.h. Texts are counted in characters, as the server counts them.
constexpr std::string_view kSlug = R"({"type":"string","pattern":"^[a-z0-9][a-z0-9_-]*$","maxLength":64})";
constexpr std::string_view kName = R"({"type":"string","minLength":1,"maxLength":200})";

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
  const std::string expiry = R"({"anyOf":[)" + std::string(kTimeSchema) + R"(,{"type":"null"}]})";
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

}  // namespace

void WriteCampaignCreate(core::JsonWriter& out, const DocsRequest&) {
  WriteApiCall(out, CampaignCreateCall(), "Campaigns");
}

void WriteCampaignPatch(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  WriteApiCall(out, CampaignPatchCall(request, campaign), "Campaigns");
}

void WriteAccountPaths(core::JsonWriter& out, const DocsRequest& request) {
  for (const ApiCallGroup& group : AccountApiCallGroups(request)) WriteApiCallPaths(out, group.calls, group.tag);
}

void WriteAccountSchemas(core::JsonWriter& out, const DocsRequest&) {
  for (const auto& [name, schema] : BodySchemas()) out.Key(name).Raw(schema);
  for (const auto& [name, schema] : AnswerSchemas()) out.Key(name).Raw(schema);
}

}  // namespace lg::apidocs
