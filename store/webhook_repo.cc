#include "store/webhook_repo.h"

#include "store/key_codec.h"
#include "store/versioned_records.h"
#include "store/write_unit.h"

namespace lg::store {

core::Status WebhookRepo::Put(const core::WebhookEndpoint& endpoint) {
  WriteUnit unit(db_);
  unit.Put(Cf::kEvents, keys::WebhookEndpoint(endpoint.id),
           keys::VersionedValue(core::EncodeWebhookEndpoint(endpoint)));
  return db_.Commit(unit);
}

core::Status WebhookRepo::Delete(uint64_t endpoint_id) {
  WriteUnit unit(db_);
  unit.Delete(Cf::kEvents, keys::WebhookEndpoint(endpoint_id));
  return db_.Commit(unit);
}

core::Result<std::optional<core::WebhookEndpoint>> WebhookRepo::Get(uint64_t endpoint_id) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kEvents, keys::WebhookEndpoint(endpoint_id)));
  if (!value) return std::optional<core::WebhookEndpoint>();
  auto payload = keys::VersionedPayload(*value);
  if (!payload) return core::Status::Internal("a stored webhook endpoint has an unknown format version");
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, core::DecodeWebhookEndpoint(*payload));
  return std::optional<core::WebhookEndpoint>(std::move(endpoint));
}

core::Result<std::vector<core::WebhookEndpoint>> WebhookRepo::List() const {
  return ReadVersionedRecords<core::WebhookEndpoint>(db_, Cf::kEvents, keys::WebhookEndpointPrefix(),
                                                     "webhook endpoint", core::DecodeWebhookEndpoint);
}

}  // namespace lg::store
