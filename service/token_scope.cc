#include "service/token_scope.h"

#include "core/scoped_schema.h"

namespace lg::service {

TokenScope::TokenScope(CompiledFilterPtr filter, std::shared_ptr<const core::Campaign> campaign)
    : filter(std::move(filter)),
      campaign(std::move(campaign)),
      schema(this->campaign
                 ? std::make_shared<const core::Campaign>(core::RestrictToFilter(*this->campaign, this->filter.get()))
                 : nullptr) {}

std::shared_ptr<const core::Campaign> SchemaSeenWith(const TokenScope* scope,
                                                     const std::shared_ptr<const core::Campaign>& campaign) {
  if (!scope || !campaign) return campaign;
  if (scope->campaign == campaign) return scope->schema;
  return std::make_shared<const core::Campaign>(core::RestrictToFilter(*campaign, scope->filter.get()));
}

}  // namespace lg::service
