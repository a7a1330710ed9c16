#include "apidocs/account_html.h"

#include <string>
#include <vector>

#include "apidocs/account_calls.h"

namespace lg::apidocs {

void WriteAccountOperations(HtmlWriter& page, const DocsRequest& request) {
  if (!request.admin_api) return;
  page.Heading(2, "admin", "Administration");
  page.Raw(
      "<p>With an admin token: campaigns and their schema, saved filters, counts, tokens, the audit log, backups "
      "and the cluster's status. Every call here answers 403 <code>insufficient_permission</code> to any other "
      "token. The OpenAPI document describes each body and answer.</p>\n");
  std::vector<ApiCall> campaigns{CampaignCreateCall()};
  for (const auto& campaign : request.campaigns) campaigns.push_back(CampaignPatchCall(request, campaign));
  page.Heading(3, "admin-campaigns", "Campaigns (admin)");
  page.CallTable("admin-campaigns-table", campaigns);
  for (const ApiCallGroup& group : AccountApiCallGroups(request)) {
    page.Heading(3, group.anchor, group.tag);
    page.CallTable(std::string(group.anchor) + "-table", group.calls);
  }
}

}  // namespace lg::apidocs
