#include "auth/policy.h"

namespace lg::auth {

core::Status RequireLeadWrite(const Principal& principal) {
  if (principal.permission == core::Permission::kRead) {
    return core::Status::NotPermitted("This token may only read; creating or changing leads needs read_write.");
  }
  return core::Status::Ok();
}

core::Status RequireLeadDelete(const Principal& principal) {
  LG_RETURN_IF_ERROR(RequireLeadWrite(principal));
  if (principal.campaign_id && !principal.can_delete_leads) {
    return core::Status::NotPermitted(
        "This token may not delete leads; a campaign-scoped token needs can_delete_leads to be set.");
  }
  return core::Status::Ok();
}

core::Status RequireAdmin(const Principal& principal, std::string_view what) {
  if (principal.permission != core::Permission::kAdmin) {
    return core::Status::NotPermitted(std::string(what) + " needs an admin token.");
  }
  return core::Status::Ok();
}

bool CanSeeCampaign(const Principal& principal, uint64_t campaign_id) {
  return !principal.campaign_id || *principal.campaign_id == campaign_id;
}

}  // namespace lg::auth
