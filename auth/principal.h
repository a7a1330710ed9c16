#pragma once
// Who is calling: the authenticated token's identity, permission and scope.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/token_record.h"

namespace lg::auth {

// What the services worked out once of a filtered token's scope for one request (its filter
// compiled, the schema as the token sees it: service/token_scope.h), attached to the principal at
// admission so the request's calls read it instead of working it out again. Opaque here: auth
// sits below the services that make and read it.
class AttachedScope {
 public:
  virtual ~AttachedScope() = default;
};

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
  // The request's compiled scope, attached at admission (service::LeadService::AttachScope);
  // null: the services work it out on each call.
  std::shared_ptr<const AttachedScope> scope;
};

}  // namespace lg::auth
