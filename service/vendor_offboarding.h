#pragma once
// Offboarding a vendor in one step, the inverse of its set-up (option, filter, token, docs link):
// every active token whose saved filter pins the vendor's option is revoked (its docs link and
// its webhook endpoints die with it), every webhook endpoint whose own saved filter pins the
// option (an admin's, for that vendor) is disabled ("offboarded"), then the option is retired (its leads stay, readable
// and filterable; new writes using it are refused). Saved filters stay, so the vendor's old leads can still be browsed.
// Each change is audited as it is made (token_revoked, the schema change) and the whole as `vendor_offboarded`. A dry
// run answers what would change and changes nothing (the console's confirmation). Admin tokens only. Stateless: borrows
// the services. Blocks on synced writes.

#include <cstdint>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/status.h"
#include "service/audit_service.h"
#include "service/campaign_service.h"
#include "service/filter_service.h"
#include "service/token_service.h"
#include "service/webhook_service.h"

namespace lg::service {

struct Offboarded {
  bool dry_run = false;
  std::vector<uint64_t> tokens;    // revoked (or, in a dry run, to be revoked)
  std::vector<uint64_t> webhooks;  // endpoints disabled (or to be) whose own filter pins the option
  bool option_retired = false;     // the option is retired now (or would be)
};

class VendorOffboarding {
 public:
  VendorOffboarding(CampaignService& campaigns, FilterService& filters, TokenService& tokens, WebhookService& webhooks,
                    AuditService& audit)
      : campaigns_(campaigns), filters_(filters), tokens_(tokens), webhooks_(webhooks), audit_(audit) {}

  // `body`: empty, or {"dry_run": true|false}. 404 for an unknown campaign, select or option.
  core::Result<Offboarded> Offboard(const auth::Principal& principal, uint64_t campaign_id,
                                    std::string_view select_slug, std::string_view option_slug, std::string_view body);

 private:
  CampaignService& campaigns_;
  FilterService& filters_;
  TokenService& tokens_;
  WebhookService& webhooks_;
  AuditService& audit_;
};

}  // namespace lg::service
