#pragma once
// Webhook endpoints in the store (column family `events`, store/key_codec.h). Writes are synced.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/status.h"
#include "core/webhook_endpoint.h"
#include "store/db.h"

namespace lg::store {

class WebhookRepo {
 public:
  explicit WebhookRepo(Db& db) : db_(db) {}

  core::Status Put(const core::WebhookEndpoint& endpoint);
  core::Status Delete(uint64_t endpoint_id);
  core::Result<std::optional<core::WebhookEndpoint>> Get(uint64_t endpoint_id) const;
  core::Result<std::vector<core::WebhookEndpoint>> List() const;  // by id

 private:
  Db& db_;
};

}  // namespace lg::store
