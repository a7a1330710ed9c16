#include "apidocs/webhook_openapi.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "apidocs/openapi.h"
#include "apidocs/openapi_parts.h"
#include "apidocs/webhook_docs.h"
#include "core/problem.h"
#include "core/webhook_delivery.h"

namespace lg::apidocs {
namespace {

std::string Ref(std::string_view name) { return "#/components/schemas/" + std::string(name); }

void WriteRef(core::JsonWriter& out, std::string_view name) {
  out.BeginObject().Key("$ref").String(Ref(name)).EndObject();
}

void WriteStringArray(core::JsonWriter& out, const std::vector<std::string>& values) {
  out.BeginArray();
  for (const auto& value : values) out.String(value);
  out.EndArray();
}

void WriteEventTypesSchema(core::JsonWriter& out, const DocsRequest& request) {
  out.BeginObject().Key("type").String("array").Key("minItems").Int(1).Key("uniqueItems").Bool(true);
  out.Key("items").BeginObject().Key("type").String("string").Key("enum");
  WriteStringArray(out, request.webhooks.event_types);
  out.EndObject().EndObject();
}

// The `data` of one lead event in one campaign: the lead as this token's GET shows it (or its
// tombstone), and for lead.status_changed the status before.
void WriteLeadEventData(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                        std::string_view type) {
  const bool deleted = type == "lead.deleted";
  const bool status_changed = type == "lead.status_changed";
  out.BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("campaign_id").BeginObject().Key("type").String("integer").Key("const").Uint(campaign.schema.id).EndObject();
  out.Key("lead");
  WriteRef(out, SchemaName(request, campaign, deleted ? "DeletedLead" : "Lead"));
  if (status_changed) {
    out.Key("status_from").BeginObject().Key("type").String("string").Key("enum").BeginArray();
    for (const auto& status : campaign.schema.statuses) out.String(status.slug);
    out.EndArray().Key("description").String("the status before this change").EndObject();
  }
  out.EndObject().Key("required").BeginArray().String("campaign_id").String("lead");
  if (status_changed) out.String("status_from");
  out.EndArray().EndObject();
}

void WriteEventSchema(core::JsonWriter& out, const DocsRequest& request, const WebhookEventDoc& event) {
  out.Key(event.schema_name).BeginObject().Key("title").String(event.type).Key("description").String(event.when);
  out.Key("type").String("object").Key("properties").BeginObject();
  out.Key("type").BeginObject().Key("type").String("string").Key("const").String(event.type).EndObject();
  out.Key("timestamp").BeginObject().Key("type").String("string").Key("format").String("date-time");
  out.Key("description").String("when it happened (RFC 3339, UTC, milliseconds)").EndObject();
  out.Key("data");
  if (event.type == core::kWebhookPingType) {
    out.Raw(R"({"type":"object","properties":{"endpoint_id":{"type":"integer","minimum":1}},)"
            R"("required":["endpoint_id"]})");
  } else if (request.campaigns.size() == 1) {
    WriteLeadEventData(out, request, request.campaigns.front(), event.type);
  } else {
    // campaign_id tells the campaigns apart.
    out.BeginObject().Key("oneOf").BeginArray();
    for (const auto& campaign : request.campaigns) WriteLeadEventData(out, request, campaign, event.type);
    out.EndArray().EndObject();
  }
  out.EndObject().Key("required").BeginArray().String("type").String("timestamp").String("data").EndArray();
  out.EndObject();
}

// A header parameter whose example is the example delivery's own.
void WriteHeader(core::JsonWriter& out, std::string_view name, std::string_view description, std::string_view schema,
                 std::string_view example_json) {
  out.BeginObject().Key("name").String(name).Key("in").String("header").Key("required").Bool(true);
  out.Key("description").String(description).Key("schema").Raw(schema);
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(example_json).EndObject().EndObject();
  out.EndObject();
}

void WriteWebhook(core::JsonWriter& out, const WebhookEventDoc& event) {
  out.Key(event.type).BeginObject().Key("post").BeginObject();
  out.Key("operationId").String("receive" + event.schema_name);
  out.Key("summary").String(event.type).Key("description").String(event.when);
  out.Key("tags").BeginArray().String("Webhooks").EndArray();
  out.Key("security").BeginArray().EndArray();  // signed, not sent with a token
  out.Key("parameters").BeginArray();
  WriteHeader(out, "webhook-id",
              "The event's id: the same on every retry of it, so handle each id once (at-least-once delivery).",
              R"({"type":"string","pattern":"^evt_[0-9]+_[0-9]+_[0-9]+_[a-z_]+$"})",
              core::JsonWriter::Quoted(event.webhook_id));
  WriteHeader(out, "webhook-timestamp",
              "Unix seconds of this attempt; refuse one more than 5 minutes off your clock (a replay).",
              R"({"type":"integer","minimum":0})", std::to_string(event.webhook_timestamp));
  WriteHeader(out, "webhook-signature",
              "v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\"> keyed with the base64-decoded "
              "part of the endpoint's secret after \"whsec_\"; while a secret is rotated, two such signatures "
              "separated by a space: accept the request when one matches. (The example is signed with the example "
              "secret " +
                  ExampleWebhookSecret() + ".)",
              R"({"type":"string","pattern":"^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$"})",
              core::JsonWriter::Quoted(event.webhook_signature));
  out.EndArray();
  out.Key("requestBody").BeginObject().Key("required").Bool(true).Key("content").BeginObject();
  out.Key("application/json").BeginObject().Key("schema");
  WriteRef(out, event.schema_name);
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value").Raw(event.body).EndObject().EndObject();
  out.EndObject().EndObject().EndObject();
  out.Key("responses").BeginObject();
  out.Key("2XX").BeginObject().Key("description").String("Delivered (the answer's body is not read)").EndObject();
  out.Key("410").BeginObject().Key("description").String("Gone: the endpoint is disabled; nothing more is sent to it");
  out.EndObject();
  out.Key("default")
      .BeginObject()
      .Key("description")
      .String("Anything else (a redirect too: none is followed), or no answer in time: retried after " +
              WebhookRetryScheduleText() + " (each give or take 10 %, never sooner than Retry-After asks)");
  out.EndObject().EndObject();
  out.EndObject().EndObject();
}

void WriteEndpointProperties(core::JsonWriter& out, const DocsRequest& request, bool patch) {
  out.Key("properties").BeginObject();
  out.Key("url").BeginObject().Key("type").String("string").Key("format").String("uri");
  out.Key("maxLength").Int(2048).Key("pattern").String("^https?://");
  out.Key("description")
      .String(
          "Where the events are POSTed: https (http only where the server allows it), and a public address unless "
          "the server's admin allowed its network. No user info (user:password@).")
      .EndObject();
  out.Key("event_types");
  WriteEventTypesSchema(out, request);
  out.Key("campaign_id").BeginObject().Key("type").String("integer");
  if (request.campaign_scoped && !request.campaigns.empty()) {
    out.Key("const").Uint(request.campaigns.front().schema.id);
    out.Key("description").String("this token's campaign, which its endpoints always are of; may be left out");
  } else {
    out.Key("enum").BeginArray();
    for (const auto& campaign : request.campaigns) out.Uint(campaign.schema.id);
    out.EndArray().Key("description").String("the campaign whose lead events the endpoint receives");
  }
  out.EndObject();
  // Only an admin narrows an endpoint by a filter: a token's endpoint goes through its own.
  if (request.webhooks.manages_all) {
    out.Key("filter_id").BeginObject().Key("type");
    patch ? out.BeginArray().String("integer").String("null").EndArray() : out.String("integer");
    out.Key("minimum").Int(1);
    out.Key("description")
        .String("a saved filter of that campaign: only leads it matches are sent" +
                std::string(patch ? "; null: no filter" : "") +
                (request.admin_api ? ". Admin tokens only: another token's endpoint goes through its own filter (422)"
                                   : ""))
        .EndObject();
  }
  out.Key("description").BeginObject().Key("type").String("string").Key("maxLength").Int(500).EndObject();
  out.Key("enabled").BeginObject().Key("type").String("boolean");
  if (!patch) out.Key("default").Bool(true);
  out.EndObject();
  out.EndObject();
}

void WriteEndpointSchemas(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("WebhookEndpointCreate").BeginObject().Key("title").String("New webhook endpoint");
  out.Key("description")
      .String(request.webhooks.manages_all
                  ? "An admin's endpoint: of any campaign, optionally narrowed by a saved filter."
                  : "The endpoint belongs to this token: it receives only what this token sees, and is deleted with "
                    "the token.");
  out.Key("type").String("object");
  WriteEndpointProperties(out, request, false);
  out.Key("required").BeginArray().String("url").String("event_types");
  if (!request.campaign_scoped) out.String("campaign_id");
  out.EndArray().Key("additionalProperties").Bool(false).EndObject();

  out.Key("WebhookEndpointPatch").BeginObject().Key("title").String("Change to a webhook endpoint");
  out.Key("description").String("Only the members sent change.").Key("type").String("object");
  WriteEndpointProperties(out, request, true);
  out.Key("additionalProperties").Bool(false).EndObject();

  out.Key("WebhookEndpoint").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("id").Raw(R"({"type":"integer","minimum":1})");
  out.Key("url").Raw(R"({"type":"string"})");
  out.Key("description").Raw(R"({"type":"string"})");
  out.Key("event_types");
  WriteEventTypesSchema(out, request);
  out.Key("campaign_id").Raw(R"({"type":"integer"})");
  out.Key("filter_id")
      .Raw(R"({"type":["integer","null"],"description":"the saved filter the endpoint goes through: an admin's )"
           R"(choice, or the owner token's own"})");
  out.Key("token_id").Raw(R"({"type":["integer","null"],"description":"the token it belongs to; null: an admin's"})");
  out.Key("enabled").Raw(R"({"type":"boolean"})");
  out.Key("disabled_reason")
      .Raw(R"({"type":["string","null"],"description":"null while enabled, else why not: request = enabled set )"
           R"(to false, gone = it answered 410, failing = its deliveries failed for days, offboarded = its vendor )"
           R"(was offboarded"})");
  out.Key("failing_since")
      .Raw(R"({"type":["string","null"],"format":"date-time","description":"the first failure of a run of )"
           R"(failures still going on"})");
  out.Key("previous_secret_retires_at")
      .Raw(R"({"type":["string","null"],"format":"date-time","description":"after a rotation: until when the )"
           R"(old secret signs too"})");
  out.Key("created_at").Raw(R"({"type":"string","format":"date-time"})");
  out.Key("updated_at").Raw(R"({"type":"string","format":"date-time"})");
  out.EndObject().Key("required").Raw(R"(["id","url","event_types","campaign_id","enabled"])").EndObject();

  out.Key("WebhookEndpointWithSecret").BeginObject().Key("allOf").BeginArray();
  WriteRef(out, "WebhookEndpoint");
  out.Raw(R"({"type":"object","properties":{"secret":{"type":"string","pattern":"^whsec_[A-Za-z0-9+/]+={0,2}$",)"
          R"("description":"signs the deliveries; shown at creation, reveal and rotation only: keep it like a )"
          R"(password"}},"required":["secret"]})");
  out.EndArray().EndObject();

  out.Key("WebhookEndpointList").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("data").BeginObject().Key("type").String("array").Key("items");
  WriteRef(out, "WebhookEndpoint");
  out.EndObject().Key("meta").Raw(R"({"type":"object","properties":{"count":{"type":"integer"}}})");
  out.EndObject().Key("required").Raw(R"(["data"])").EndObject();

  out.Key("WebhookSecretRotation")
      .Raw(R"({"type":"object","properties":{"overlap_hours":{"type":"integer","minimum":0,"maximum":168,)"
           R"("default":24,"description":"how long the current secret keeps signing beside the new one"}},)"
           R"("additionalProperties":false})");
}

void WriteDeliverySchemas(core::JsonWriter& out, const DocsRequest& request) {
  out.Key("WebhookAttempt")
      .Raw(R"({"type":"object","properties":{"at":{"type":"string","format":"date-time"},)"
           R"("status":{"type":["integer","null"],"description":"the HTTP status; null when no answer came"},)"
           R"("latency_ms":{"type":"integer"},)"
           R"("error":{"type":["string","null"],"description":"a stable code when no HTTP answer came"},)"
           R"("detail":{"type":"string"},"response":{"type":"string","description":"the answer's first 1 KiB"}},)"
           R"("required":["at","status"]})");

  out.Key("WebhookDelivery").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("id").Raw(R"({"type":"string","pattern":"^evt_","description":"the event's webhook-id"})");
  out.Key("endpoint_id").Raw(R"({"type":"integer"})");
  out.Key("event_type").BeginObject().Key("type").String("string").Key("enum").BeginArray();
  for (const auto& type : request.webhooks.event_types) out.String(type);
  out.String(core::kWebhookPingType).EndArray().EndObject();
  out.Key("campaign_id").Raw(R"({"type":"integer"})");
  out.Key("lead_id").Raw(R"({"type":["integer","null"],"description":"null for a ping"})");
  out.Key("state").Raw(R"({"type":"string","enum":["pending","succeeded","failed"]})");
  out.Key("created_at").Raw(R"({"type":"string","format":"date-time"})");
  out.Key("next_attempt_at")
      .Raw(R"({"type":["string","null"],"format":"date-time","description":"while pending: not before"})");
  out.Key("attempts").BeginObject().Key("type").String("array").Key("items");
  WriteRef(out, "WebhookAttempt");
  out.EndObject().EndObject().Key("required").Raw(R"(["id","event_type","state","attempts"])").EndObject();

  out.Key("WebhookDeliveryList").BeginObject().Key("type").String("object").Key("properties").BeginObject();
  out.Key("data").BeginObject().Key("type").String("array").Key("items");
  WriteRef(out, "WebhookDelivery");
  out.EndObject().Key("meta").Raw(
      R"({"type":"object","properties":{"count":{"type":"integer"},"next_cursor":{"type":["string","null"],)"
      R"("description":"for the next page: cursor=<this>"}}})");
  out.EndObject().Key("required").Raw(R"(["data"])").EndObject();

  out.Key("WebhookReplayRange")
      .Raw(R"({"type":"object","properties":{"from":{"type":"string","format":"date-time"},)"
           R"("to":{"type":"string","format":"date-time"}},"additionalProperties":false,)"
           R"("description":"RFC 3339; either may be left out: from the first, or up to now"})");
  out.Key("WebhookReplayResult")
      .Raw(R"({"type":"object","properties":{"replayed":{"type":"integer","minimum":0,)"
           R"("description":"how many failed deliveries are sent again"}},"required":["replayed"]})");
}

}  // namespace

void WriteWebhooks(core::JsonWriter& out, const DocsRequest& request) {
  const std::vector<WebhookEventDoc> events = WebhookEventDocs(request);
  if (events.empty()) return;
  out.Key("webhooks").BeginObject();
  for (const auto& event : events) WriteWebhook(out, event);
  out.EndObject();
}

void WriteWebhookApiPaths(core::JsonWriter& out, const DocsRequest& request) {
  WriteApiCallPaths(out, WebhookApiCalls(request), "Webhook endpoints");
}

void WriteWebhookSchemas(core::JsonWriter& out, const DocsRequest& request) {
  const std::vector<WebhookEventDoc> events = WebhookEventDocs(request);
  if (events.empty()) return;
  for (const auto& event : events) WriteEventSchema(out, request, event);
  WriteEndpointSchemas(out, request);
  WriteDeliverySchemas(out, request);
}

}  // namespace lg::apidocs
