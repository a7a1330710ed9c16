#pragma once
// What one webhook endpoint receives of a lead event: nothing a request by its token could not
// read. An admin's endpoint gets the campaign's events, narrowed by its own saved filter; a
// token's endpoint gets what that token sees (its filter, and the lead as LeadVisibility masks
// it for the token), and nothing once the token is no longer active. A deletion reaches a
// filtered endpoint only when the filter held the lead then (core/tombstone.h), as in the sync
// feed. Thread-safe; reads the store (a duplicate's earlier lead, while masking).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/webhook_endpoint.h"
#include "service/filter_service.h"
#include "service/lead_events.h"
#include "service/lead_visibility.h"
#include "service/token_service.h"
#include "store/lead_repo.h"

namespace lg::service {

class WebhookAudience {
 public:
  WebhookAudience(const FilterService& filters, const store::LeadRepo& leads, const TokenService& tokens)
      : visibility_(filters, leads), tokens_(tokens) {}

  // The body `event` is delivered to `endpoint` with (Standard Webhooks' recommended shape):
  //   {"type": "lead.created", "timestamp": "<the change's time>", "data": {"campaign_id": 1,
  //    "lead": {…}[, "status_from": "new"]}}
  // nullopt when the endpoint does not get it: a type it did not ask for, another campaign, a
  // lead outside its scope, an owner token no longer active.
  core::Result<std::optional<std::string>> Body(const core::WebhookEndpoint& endpoint, const LeadEvent& event,
                                                int64_t now_millis) const;
  // A ping's body: {"type": "webhook.ping", "timestamp": …, "data": {"endpoint_id": 3}}.
  static std::string PingBody(uint64_t endpoint_id, int64_t now_millis);

 private:
  LeadVisibility visibility_;
  const TokenService& tokens_;
};

}  // namespace lg::service
