#pragma once
// The webhooks part of the documentation as content, so the HTML page, OpenAPI and Postman say
// the same: the events a token's endpoints receive, each with an example delivery built from the
// token's own campaign (headers signed with a made-up example secret, so a reader can test a
// verifier on it), the delivery rules, two short verification snippets, and the calls of the
// webhook endpoints API (/v2/webhooks) with example bodies. The rendering stays with each
// generator (apidocs/webhook_openapi.h writes the OpenAPI parts). Pure.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "apidocs/api_call.h"
#include "apidocs/docs_model.h"

namespace lg::apidocs {

inline constexpr std::string_view kExampleWebhookUrl = "https://crm.example.com/hook";
inline constexpr uint64_t kExampleWebhookEndpointId = 3;

// One event type and an example delivery of it.
struct WebhookEventDoc {
  std::string type;         // "lead.created" ... "webhook.ping"
  std::string when;         // when it is sent
  std::string schema_name;  // its payload's schema in the OpenAPI components, "LeadCreatedEvent"
  std::string body;         // the example payload, byte for byte as sent and signed
  std::string webhook_id;   // the example delivery's headers
  int64_t webhook_timestamp = 0;
  std::string webhook_signature;
};

// The events `request`'s endpoints may receive (request.webhooks.event_types, then webhook.ping),
// the examples taken from its first campaign. Without a campaign only webhook.ping.
std::vector<WebhookEventDoc> WebhookEventDocs(const DocsRequest& request);

// The secret the examples are signed with ("whsec_" + base64): made up, never a real endpoint's.
std::string ExampleWebhookSecret();

// "5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h" (core/webhook_retry.h).
std::string WebhookRetryScheduleText();

// Verifying a delivery with the standardwebhooks npm package, and with Python's hmac.
extern const std::string_view kVerifyWithStandardWebhooks;
extern const std::string_view kVerifyWithPython;

// One call of the webhook endpoints API. Paths name {webhook_id} and {delivery_id}.
using WebhookApiCall = ApiCall;

// Every call, in the order a first try makes them (create, look, change, ping, read the log,
// replay, delete); the same for every token: each manages its own endpoints.
std::vector<WebhookApiCall> WebhookApiCalls(const DocsRequest& request);

}  // namespace lg::apidocs
