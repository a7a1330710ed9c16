#pragma once
// What a token sees of a stored lead. A token with a filter (a vendor's) sees only the leads that
// match it, and of those nothing that tells of other vendors: `doublet_of` names the earlier lead
// only when that lead lies within the filter too (null otherwise), and `created_by` names the
// creating token only when it is the caller itself (null otherwise: an account token may have
// moved another vendor's lead into this vendor's slice). Tokens without a filter see leads as
// stored. Stored leads are kept in their API form, so masking edits the JSON's last members
// without decoding it. Thread-safe; AsSeenBy reads the store (the earlier lead of a duplicate).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/filter_rules.h"
#include "core/status.h"
#include "service/filter_service.h"
#include "service/token_scope.h"
#include "store/lead_repo.h"

namespace lg::service {

class LeadVisibility {
 public:
  LeadVisibility(const FilterService& filters, const store::LeadRepo& leads) : filters_(filters), leads_(leads) {}

  // The token's scope as its request was admitted with it (attached to the principal,
  // LeadService::AttachScope), or else compiled now (a principal made without admission: a
  // webhook's owner, a test). nullptr for a token without a filter. A token whose filter is
  // gone sees nothing rather than everything.
  TokenScopePtr ScopeOf(const auth::Principal& principal) const;
  // The token's scope compiled now, whatever is attached.
  TokenScopePtr CompileScope(const auth::Principal& principal) const;
  // ScopeOf's filter alone.
  CompiledFilterPtr ScopeFilter(const auth::Principal& principal) const;

  // Whether a stored lead lies within `scope`: one parse, no decode, for a one-value filter.
  static core::Result<bool> InScope(const core::CompiledFilter& scope, std::string_view json);

  // Whether AsSeenBy would change `json` for this caller (no store read): lets a page of leads
  // skip the copy for the usual lead, one the vendor sent itself and that duplicates nothing.
  static bool NeedsMasking(const auth::Principal& principal, const core::CompiledFilter* scope, std::string_view json);
  // A stored lead as `principal` (with `scope`, null: no filter) may see it.
  core::Result<std::string> AsSeenBy(const auth::Principal& principal, const core::CompiledFilter* scope,
                                     uint64_t campaign_id, std::string json) const;

  // A new lead's stored form as its creator sees it, with `duplicate_visible` saying whether the
  // lead doublet_of names lies within the creator's scope (no store read).
  static std::string AsCreatorSees(std::string json, bool duplicate_visible);

 private:
  const FilterService& filters_;
  const store::LeadRepo& leads_;
};

}  // namespace lg::service
