#include "apidocs/webhook_docs.h"

#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "apidocs/examples.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "core/time_util.h"
#include "core/webhook_delivery.h"
#include "core/webhook_endpoint.h"
#include "core/webhook_retry.h"

namespace lg::apidocs {
namespace {

// 32 bytes that read as what they are once decoded: no one mistakes the example for a secret.
constexpr std::string_view kExampleKey = "leadgate-docs-example-secret-key";
constexpr int64_t kExamplePingAt = kExampleCreatedAt - 3600000;  // a test before the first lead
constexpr int64_t kExampleEndpointCreatedAt = kExamplePingAt - 60000;
constexpr int64_t kExampleLatencyMs = 84;

std::string Base64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  const int size =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(size));
  return out;
}

// Standard Webhooks v1: base64 HMAC-SHA256 of "{id}.{timestamp}.{body}".
std::string ExampleSignature(std::string_view id, int64_t timestamp, std::string_view body) {
  return "v1," + Base64(core::HmacSha256(kExampleKey, {id, ".", std::to_string(timestamp), ".", body}));
}

// "lead.status_changed" -> "LeadStatusChangedEvent".
std::string EventSchemaName(std::string_view type) {
  std::string out;
  bool upper = true;
  for (char c : type) {
    if (c == '.' || c == '_') {
      upper = true;
    } else {
      out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      upper = false;
    }
  }
  return out + "Event";
}

std::string WhenSent(std::string_view type, bool filtered) {
  const std::string seen = filtered ? "a lead this token sees" : "a lead";
  if (type == "lead.created")
    return "A new lead (alone or in bulk)" + std::string(filtered ? " this token sees." : ".");
  if (type == "lead.updated") return "Any change of " + seen + ": status, field or select values.";
  if (type == "lead.status_changed") {
    return "The status of " + seen + " changed; sent besides lead.updated. data.status_from holds the status before.";
  }
  if (type == "lead.deleted") {
    return "A lead was deleted (by request, erasure or retention). data.lead is its tombstone, as the sync feed shows "
           "it: ids, status, select values and times, no field values.";
  }
  return "A test, sent when you ask for one (POST /v2/webhooks/{webhook_id}/ping).";
}

std::string StatusOf(const std::string& lead_json) {
  simdjson::dom::parser parser;
  std::string_view status;
  if (parser.parse(lead_json)["status"].get_string().get(status)) return "";
  return std::string(status);
}

// Where an event sits and what it carries.
struct ExampleEvent {
  uint8_t kind = 0;
  int64_t at = 0;
  std::string data;  // JSON object
};

ExampleEvent LeadEventExample(const DocsRequest& request, size_t type_index) {
  const DocsCampaign& campaign = request.campaigns.front();
  const std::string_view type = core::kLeadEventTypes[type_index];
  ExampleEvent event{static_cast<uint8_t>(type_index + 1), kExampleCreatedAt, {}};
  std::string lead;
  if (type == "lead.created") {
    lead = ExampleLead(campaign, request.title);
  } else if (type == "lead.deleted") {
    event.at = kExampleDeletedAt;
    lead = ExampleTombstone(campaign);
  } else {
    event.at = kExampleUpdatedAt;
    lead = ExampleUpdatedLead(campaign, request.title);
  }
  core::JsonWriter out;
  out.BeginObject().Key("campaign_id").Uint(campaign.schema.id).Key("lead").Raw(lead);
  if (type == "lead.status_changed") out.Key("status_from").String(StatusOf(ExampleLead(campaign, request.title)));
  out.EndObject();
  event.data = out.Take();
  return event;
}

WebhookEventDoc EventDoc(const DocsRequest& request, std::string_view type, const ExampleEvent& event) {
  const DocsCampaign& campaign = request.campaigns.front();
  WebhookEventDoc doc;
  doc.type = type;
  doc.when = WhenSent(type, campaign.filtered);
  doc.schema_name = EventSchemaName(type);
  core::JsonWriter body;
  body.BeginObject().Key("type").String(type).Key("timestamp").String(core::FormatTimestamp(event.at));
  body.Key("data").Raw(event.data).EndObject();
  doc.body = body.Take();
  const bool ping = event.kind == core::kWebhookPingKind;
  doc.webhook_id =
      core::WebhookMessageId({campaign.schema.id, event.at, ping ? 0 : ExampleLeadId(), event.kind}).value_or("");
  doc.webhook_timestamp = event.at / 1000 + 1;  // the attempt, a moment after the change
  doc.webhook_signature = ExampleSignature(doc.webhook_id, doc.webhook_timestamp, doc.body);
  return doc;
}

std::string EventTypesArray(const std::vector<std::string>& types) {
  core::JsonWriter out;
  out.BeginArray();
  for (const auto& type : types) out.String(type);
  out.EndArray();
  return out.Take();
}

// Through the server's own encoder (core/webhook_endpoint.h), as GET /v2/webhooks/{id} answers.
std::string ExampleEndpoint(const DocsRequest& request, const std::vector<std::string>& event_types,
                            const std::string& description, const std::string* secret) {
  core::WebhookEndpoint endpoint;
  endpoint.id = kExampleWebhookEndpointId;
  endpoint.url = kExampleWebhookUrl;
  endpoint.description = description;
  endpoint.event_types = event_types;
  endpoint.campaign_id = request.campaigns.front().schema.id;
  // A token's endpoint is that token's, and goes through its filter (example ids, like the lead's).
  if (!request.webhooks.manages_all) endpoint.token_id = 1;
  if (request.campaigns.front().filtered) endpoint.filter_id = 1;
  endpoint.created_at = endpoint.updated_at = kExampleEndpointCreatedAt;
  return core::WebhookEndpointJson(endpoint, kExampleEndpointCreatedAt, secret);
}

// Through the server's own encoder (core/webhook_delivery.h): a delivery answered 200.
std::string ExampleDelivery(const core::WebhookEventRef& event, core::DeliveryState state, int64_t next_attempt_at) {
  core::WebhookDelivery delivery;
  delivery.endpoint_id = kExampleWebhookEndpointId;
  delivery.event = event;
  delivery.state = state;
  delivery.created_at = event.stamp;
  delivery.next_attempt_at = next_attempt_at;
  delivery.AddAttempt({event.stamp + 1000, 200, kExampleLatencyMs, "", "", ""});
  return core::WebhookDeliveryJson(delivery);
}

std::string FormatDelay(std::chrono::milliseconds delay) {
  using std::chrono::duration_cast;
  if (delay < std::chrono::minutes(1)) return std::to_string(duration_cast<std::chrono::seconds>(delay).count()) + " s";
  if (delay < std::chrono::hours(1)) return std::to_string(duration_cast<std::chrono::minutes>(delay).count()) + " min";
  return std::to_string(duration_cast<std::chrono::hours>(delay).count()) + " h";
}

}  // namespace

const std::string_view kVerifyWithStandardWebhooks = R"(// npm install standardwebhooks
const { Webhook } = require("standardwebhooks");
const wh = new Webhook(process.env.LEADGATE_WEBHOOK_SECRET); // "whsec_..."

app.post("/hook", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = wh.verify(req.body, req.headers); // the raw body, exactly as received
  } catch (err) {
    return res.status(400).end(); // a wrong signature, or a timestamp more than 5 minutes off
  }
  // handle event.type and event.data once per req.headers["webhook-id"]
  res.status(204).end();
});)";

const std::string_view kVerifyWithPython = R"(import base64, hashlib, hmac, time

def verify(secret: str, headers, body: bytes) -> bool:
    """body: the raw request body, exactly as received."""
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        return False  # more than 5 minutes off: maybe a replay
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(sig[3:], expected)
               for sig in headers["webhook-signature"].split() if sig.startswith("v1,")))";

std::string ExampleWebhookSecret() { return "whsec_" + Base64(kExampleKey); }

std::string WebhookRetryScheduleText() {
  std::string out;
  for (size_t i = 0; i < core::kWebhookRetryDelays.size(); ++i) {
    if (i > 0) out += i + 1 == core::kWebhookRetryDelays.size() ? " and " : ", ";
    out += FormatDelay(core::kWebhookRetryDelays[i]);
  }
  return out;
}

std::vector<WebhookEventDoc> WebhookEventDocs(const DocsRequest& request) {
  std::vector<WebhookEventDoc> out;
  if (request.campaigns.empty()) return out;
  for (size_t i = 0; i < core::kLeadEventTypes.size(); ++i) {
    const std::string_view type = core::kLeadEventTypes[i];
    const auto& wanted = request.webhooks.event_types;
    if (std::find(wanted.begin(), wanted.end(), type) == wanted.end()) continue;
    out.push_back(EventDoc(request, type, LeadEventExample(request, i)));
  }
  core::JsonWriter ping;
  ping.BeginObject().Key("endpoint_id").Uint(kExampleWebhookEndpointId).EndObject();
  out.push_back(EventDoc(request, core::kWebhookPingType, {core::kWebhookPingKind, kExamplePingAt, ping.Take()}));
  return out;
}

// The delivery log's query parameters.
constexpr std::string_view kDeliveryQuery =
    R"([{"name":"state","in":"query","required":false,"schema":{"type":"string",)"
    R"("enum":["pending","succeeded","failed"]}},)"
    R"({"name":"limit","in":"query","required":false,"schema":{"type":"integer","minimum":1,)"
    R"("maximum":200,"default":50}},)"
    R"({"name":"cursor","in":"query","required":false,"description":"meta.next_cursor of the page before",)"
    R"("schema":{"type":"string"}}])";

std::vector<WebhookApiCall> WebhookApiCalls(const DocsRequest& request) {
  if (request.campaigns.empty()) return {};
  const uint64_t campaign_id = request.campaigns.front().schema.id;
  const std::vector<std::string>& all_types = request.webhooks.event_types;
  const std::string secret = ExampleWebhookSecret();
  const std::string endpoint = ExampleEndpoint(request, all_types, "CRM sync", nullptr);
  const std::string with_secret = ExampleEndpoint(request, all_types, "CRM sync", &secret);

  core::JsonWriter create;
  create.BeginObject().Key("url").String(kExampleWebhookUrl).Key("event_types").Raw(EventTypesArray(all_types));
  create.Key("campaign_id").Uint(campaign_id).Key("description").String("CRM sync").EndObject();

  const std::vector<std::string> new_leads_only{"lead.created"};
  core::JsonWriter patch;
  patch.BeginObject().Key("description").String("CRM sync: new leads only");
  patch.Key("event_types").Raw(EventTypesArray(new_leads_only)).EndObject();

  const core::WebhookEventRef created{campaign_id, kExampleCreatedAt, ExampleLeadId(), 1};
  const core::WebhookEventRef ping{campaign_id, kExamplePingAt, 0, core::kWebhookPingKind};
  const std::string log = R"({"data":[)" + ExampleDelivery(created, core::DeliveryState::kSucceeded, 0) +
                          R"(],"meta":{"count":1,"next_cursor":null}})";
  const std::string list = R"({"data":[)" + endpoint + R"(],"meta":{"count":1}})";
  const std::string one = "/v2/webhooks/{webhook_id}";
  const std::string own =
      request.webhooks.manages_all ? "Every endpoint (an admin token manages all)" : "This token's own endpoints";
  return {
      {"POST", "/v2/webhooks", "createWebhookEndpoint", "Register a webhook endpoint",
       "Register an endpoint; the answer carries its signing secret", "WebhookEndpointCreate", create.Take(), 201,
       "WebhookEndpointWithSecret", with_secret},
      {"GET", "/v2/webhooks", "listWebhookEndpoints", "List webhook endpoints", own, "", "", 200, "WebhookEndpointList",
       list},
      {"GET", one, "getWebhookEndpoint", "Get the webhook endpoint", "One endpoint (never its secret)", "", "", 200,
       "WebhookEndpoint", endpoint},
      {"PATCH", one, "updateWebhookEndpoint", "Update the webhook endpoint",
       "Change url, event_types, description or enabled", "WebhookEndpointPatch", patch.Take(), 200, "WebhookEndpoint",
       ExampleEndpoint(request, new_leads_only, "CRM sync: new leads only", nullptr)},
      {"POST", one + "/reveal", "revealWebhookSecret", "Reveal its secret", "Show the secret that signs now", "", "",
       200, "WebhookEndpointWithSecret", with_secret},
      {"POST", one + "/rotate", "rotateWebhookSecret", "Rotate its secret",
       "A new secret; the old one keeps signing beside it for overlap_hours (default 24)", "WebhookSecretRotation",
       R"({"overlap_hours":24})", 200, "WebhookEndpointWithSecret", with_secret},
      {"POST", one + "/ping", "pingWebhookEndpoint", "Ping it",
       "Send a signed webhook.ping now, enabled or not; answers its delivery once the endpoint answered", "", "", 200,
       "WebhookDelivery", ExampleDelivery(ping, core::DeliveryState::kSucceeded, 0)},
      {"GET",
       one + "/deliveries",
       "listWebhookDeliveries",
       "List its deliveries",
       "The delivery log, newest first: each event sent, its attempts and state",
       "",
       "",
       200,
       "WebhookDeliveryList",
       log,
       {},
       "",
       std::string(kDeliveryQuery)},
      {"POST", one + "/deliveries/{delivery_id}/replay", "replayWebhookDelivery", "Replay a delivery",
       "Send one delivery again now, whatever its state (delivery_id: its webhook-id)", "", "", 202, "WebhookDelivery",
       ExampleDelivery(created, core::DeliveryState::kPending, kExampleDeletedAt)},
      {"POST", one + "/replay", "replayFailedWebhookDeliveries", "Replay failed deliveries",
       "Send again every failed delivery of a time range (from, to before; either may be left out)",
       "WebhookReplayRange", R"({"from":"2026-11-28T00:00:00Z","to":"2026-11-29T00:00:00Z"})", 202,
       "WebhookReplayResult", R"({"replayed":1})"},
      {"DELETE", one, "deleteWebhookEndpoint", "Delete the webhook endpoint",
       "Delete an endpoint: nothing more is sent to it", "", "", 204, "", ""},
  };
}

}  // namespace lg::apidocs
