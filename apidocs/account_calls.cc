#include "apidocs/account_calls.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apidocs/openapi.h"
#include "apidocs/openapi_parts.h"

namespace lg::apidocs {
namespace {

using core::ErrorKind;

constexpr std::string_view kAdminAccess = "admin";

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
               std::string(kAdminAccess)};
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
                std::string(kTimeSchema) + R"(},{"name":"before","in":"query","required":false,"schema":)" +
                std::string(kTimeSchema) +
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

ApiCall CampaignCreateCall() {
  return AdminCall("POST", "/v2/campaigns", "createCampaign", "Create a campaign",
                   "Fields, selects with options, statuses (exactly one the default), duplicate rules",
                   "CampaignCreate", 201, "Campaign");
}

ApiCall CampaignPatchCall(const DocsRequest& request, const DocsCampaign& campaign) {
  return AdminCall("PATCH", "/v2/campaigns/" + std::to_string(campaign.schema.id),
                   "updateCampaign" + OperationSuffix(request, campaign), "Change the campaign",
                   "name, duplicate_rules (replaced as a whole), retention_days", "CampaignPatch", 200, "Campaign");
}

std::vector<ApiCallGroup> AccountApiCallGroups(const DocsRequest& request) {
  // Per campaign: the literal path goes before the campaign's /leads/{lead_id}.
  std::vector<ApiCall> counts;
  for (const auto& campaign : request.campaigns) {
    counts.push_back(AdminCall("POST", LeadsPath(campaign) + "/count",
                               "countLeads" + OperationSuffix(request, campaign), "Count leads by conditions",
                               "The console's filter preview: conditions as a saved filter's, not saved",
                               "LeadCountRequest", 200, "LeadCount"));
  }
  return {
      {"Campaign schema (admin)", "admin-schema", SchemaCalls()},
      {"Filters (admin)", "admin-filters", FilterCalls()},
      {"Counting (admin)", "admin-counting", std::move(counts)},
      {"Tokens (admin)", "admin-tokens", TokenCalls()},
      {"Administration (admin)", "admin-administration", AdminOnlyCalls()},
  };
}

}  // namespace lg::apidocs
