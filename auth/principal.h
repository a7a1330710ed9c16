#pragma once
// Who is calling: the authenticated token's identity, permission and scope.

#include <cstdint>
#include <optional>
#include <string>

#include "core/token_record.h"

namespace lg::auth {

struct Principal {
  uint64_t token_id = 0;
  std::string name;
  core::Permission permission = core::Permission::kRead;
  std::optional<uint64_t> campaign_id;     // set: the token sees only this campaign
  std::optional<uint64_t> filter_id;       // set: ...and only leads matching this saved filter
  std::optional<int64_t> rate_per_second;  // the token's own limits, when it overrides the default
  std::optional<int64_t> rate_burst;
  std::string client_address;     // of the request being served (for the audit log)
  bool can_delete_leads = false;  // a campaign-scoped token may delete and erase leads in its scope
};

}  // namespace lg::auth
