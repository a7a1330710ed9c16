#pragma once
// Permission and scope rules; pure functions.
//  - `read` tokens read; `read_write` also create and update leads; only `admin` (always
//    account-level) manages schema and tokens.
//  - Deleting and erasing leads: admin and account-level read_write tokens; a campaign-scoped
//    read_write token only with its can_delete_leads flag (off by default).
//  - A campaign-scoped token sees one campaign; anything else answers 404, as if absent.

#include <cstdint>
#include <string_view>

#include "auth/principal.h"
#include "core/status.h"

namespace lg::auth {

core::Status RequireLeadWrite(const Principal& principal);
core::Status RequireLeadDelete(const Principal& principal);
// `what`: what needs the admin token, for the 403's detail.
core::Status RequireAdmin(const Principal& principal, std::string_view what = "Managing campaigns and tokens");
bool CanSeeCampaign(const Principal& principal, uint64_t campaign_id);

}  // namespace lg::auth
