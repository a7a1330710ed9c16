#pragma once
// What the apidocs tests document: a campaign "Solar" (id 7: name, e-mail and phone fields; a
// required source select with two vendors and a region select; one status) and a request for its
// docs as a token of `permission` sees them.

#include "apidocs/docs_model.h"
#include "core/campaign_json.h"
#include "tests/support/must.h"

namespace lg::apidocs_test {

inline core::Campaign Solar() {
  core::Campaign campaign = test::Must(core::DecodeCampaign(R"({"name": "Solar",
      "fields": [{"slug": "name", "label": "Name", "type": "text", "required": true},
                 {"slug": "email", "label": "E-mail", "type": "email"},
                 {"slug": "phone", "label": "Phone", "type": "phone"}],
      "selects": [{"slug": "source", "label": "Source", "required": true, "options": [
                    {"slug": "vendor-aaa", "label": "Alpha"}, {"slug": "vendor-bbb", "label": "Bravo"}]},
                  {"slug": "region", "label": "Region", "options": [{"slug": "north", "label": "North"}]}],
      "statuses": [{"slug": "new", "label": "New", "type": "active", "default": true}]})",
                                                            core::CampaignForm::kApi));
  campaign.id = 7;
  campaign.AssignInternalIds();
  return campaign;
}

inline apidocs::DocsRequest Request(core::Permission permission, bool campaign_scoped, bool admin_api) {
  apidocs::DocsRequest request;
  request.account_name = "Acme";
  request.title = "Docs";
  request.base_url = "https://leads.acme.example";
  request.permission = permission;
  request.campaign_scoped = campaign_scoped;
  request.admin_api = admin_api;
  request.can_delete = !campaign_scoped;
  request.body_limit_bytes = 1048576;
  request.campaigns.push_back({Solar(), {}, false});
  return request;
}

}  // namespace lg::apidocs_test
