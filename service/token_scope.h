#pragma once
// A filtered token's scope, compiled once per version of its filter and of its campaign's schema
// (FilterService keeps the current one of each filter): the filter compiled against the schema,
// and the schema as a token of the filter sees it (core::RestrictToFilter). A vendor's creates,
// PATCHes and list queries are checked against that schema, so an option or status outside its
// scope is refused exactly as an unknown one is (a vendor cannot probe for other vendors' names).
// Admission attaches the current one to the request's principal (LeadService::AttachScope), and
// every call of the request reads it there: the request keeps the scope it was admitted with (a
// filter edited meanwhile applies from the next request on). Immutable, so shared freely.

#include <memory>

#include "auth/principal.h"
#include "core/campaign.h"
#include "core/filter_rules.h"

namespace lg::service {

using CompiledFilterPtr = std::shared_ptr<const core::CompiledFilter>;

struct TokenScope final : auth::AttachedScope {
  // Cuts `campaign` down to what `filter` allows.
  TokenScope(CompiledFilterPtr filter, std::shared_ptr<const core::Campaign> campaign);

  CompiledFilterPtr filter;  // never null
  // The schema version `filter` was compiled against; null for a filter that is gone (then
  // `filter` matches nothing).
  std::shared_ptr<const core::Campaign> campaign;
  std::shared_ptr<const core::Campaign> schema;  // `campaign` as the token sees it
};

using TokenScopePtr = std::shared_ptr<const TokenScope>;

// `campaign` as a token with `scope` sees it: `campaign` itself without a scope, the scope's own
// schema for the version it was compiled against, and one cut anew for another version (the
// schema changed after the request was admitted).
std::shared_ptr<const core::Campaign> SchemaSeenWith(const TokenScope* scope,
                                                     const std::shared_ptr<const core::Campaign>& campaign);

}  // namespace lg::service
