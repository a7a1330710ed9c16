#include "apidocs/webhook_html.h"

#include "apidocs/html_writer.h"
#include "apidocs/webhook_docs.h"

namespace lg::apidocs {
namespace {

using Page = HtmlWriter;

void WriteWebhookApi(Page& page, const DocsRequest& request) {
  page.Heading(3, "webhooks-endpoints", "Registering endpoints");
  if (request.webhooks.manages_all) {
    page.Raw(
        "<p>This admin token manages every endpoint, of any campaign, and may narrow one to the leads a saved filter "
        "matches (<code>filter_id</code>).</p>\n");
  } else {
    page.Raw(
        "<p>Any token that reads may register endpoints of its own; this one sees and changes only those. They "
        "receive exactly the leads this token sees");
    page.Text(request.campaign_scoped ? ", of its campaign" : "");
    page.Raw(", and are deleted with the token.</p>\n");
  }
  const std::vector<WebhookApiCall> calls = WebhookApiCalls(request);
  page.CallTable("webhooks-endpoints-table", calls);
  const WebhookApiCall& create = calls.front();
  page.Raw("<p>Register one:</p>\n");
  page.Block("curl -s -X POST " + request.base_url + create.path +
             " \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  -d " +
             ShellQuote(create.request_example));
  page.Raw(
      "<p>Answer (201). Its <code>secret</code> signs every delivery; it is shown only here, by <code>reveal</code> "
      "and by <code>rotate</code>, so keep it like a password:</p>\n");
  page.Block(create.response_example);
}

void WriteWebhookEvents(Page& page, const std::vector<WebhookEventDoc>& events) {
  page.Heading(3, "webhooks-events", "Events");
  page.BeginTable("webhooks-events-table", {"type", "sent when"});
  for (const auto& event : events) page.Row(event.type, {event.when});
  page.EndTable();
  page.Raw(
      "<p>Every body is <code>{\"type\", \"timestamp\", \"data\"}</code>; a lead in <code>data.lead</code> "
      "reads exactly as <code>GET</code> shows it to this token. Examples:</p>\n");
  for (const auto& event : events) {
    page.Raw("<p>");
    page.Code(event.type);
    page.Raw("</p>\n");
    page.Block(event.body);
  }
}

void WriteWebhookDelivery(Page& page, const WebhookEventDoc& example) {
  page.Heading(3, "webhooks-delivery", "Deliveries");
  page.Raw("<p>Each event is a <code>POST</code> of its JSON body to the endpoint's URL, with three headers:</p>\n");
  page.Raw("<pre id=\"webhook-example-request\"><code>");
  page.Text("POST /hook HTTP/1.1\nHost: crm.example.com\nContent-Type: application/json\nwebhook-id: " +
            example.webhook_id + "\nwebhook-timestamp: " + std::to_string(example.webhook_timestamp) +
            "\nwebhook-signature: " + example.webhook_signature + "\n\n" + example.body);
  page.Raw("</code></pre>\n<ul>\n");
  page.Raw(
      "<li><code>webhook-id</code> names the event and stays the same on every retry of it. Delivery is at least "
      "once: handle each id once.</li>\n");
  page.Raw("<li><code>webhook-timestamp</code>: Unix seconds of the attempt.</li>\n");
  page.Raw(
      "<li><code>webhook-signature</code>: <code>v1,</code> and the base64 HMAC-SHA256 of "
      "<code>{webhook-id}.{webhook-timestamp}.{body}</code>, keyed with the base64-decoded part of the secret after "
      "<code>whsec_</code>. While a secret is being rotated there are two, separated by a space: accept the "
      "delivery when one matches.</li>\n");
  page.Raw(
      "<li>Any 2xx answer means delivered (its body is not read): answer quickly and do the work afterwards.</li>\n");
  page.Raw("<li>Anything else, no answer, or a redirect (none is followed) is retried after ");
  page.Text(WebhookRetryScheduleText());
  page.Raw(
      ", each give or take 10 %, and never sooner than a <code>Retry-After</code> in your answer asks. After the "
      "last retry the delivery has failed; the delivery log keeps it, and replay sends it again.</li>\n");
  page.Raw(
      "<li><code>410 Gone</code> disables the endpoint, and so does failing without a success for days (5 unless the "
      "server says otherwise): nothing more is sent until it is enabled again (<code>PATCH</code> with "
      "<code>\"enabled\": true</code>); what happened meanwhile is not sent.</li>\n</ul>\n");
}

void WriteWebhookVerification(Page& page) {
  page.Heading(3, "webhooks-verify", "Verifying signatures");
  page.Raw(
      "<p>Check the signature before trusting a delivery, over the body exactly as it arrived (not re-serialized "
      "JSON). With the <code>standardwebhooks</code> npm package "
      "(<a href=\"https://www.standardwebhooks.com\">Standard Webhooks</a>):</p>\n");
  page.Block(kVerifyWithStandardWebhooks);
  page.Raw("<p>Or with Python's standard library:</p>\n");
  page.Block(kVerifyWithPython);
  page.Raw("<p>The example request above is signed with the example secret ");
  page.Code(ExampleWebhookSecret());
  page.Raw(": your check should accept its signature (the timestamp aside: it is long past).</p>\n");
}

// For every token that sees a campaign: reading is enough to register an endpoint.
}  // namespace

void WriteWebhooks(HtmlWriter& page, const DocsRequest& request) {
  const std::vector<WebhookEventDoc> events = WebhookEventDocs(request);
  if (events.empty()) return;
  page.Heading(2, "webhooks", "Webhooks");
  page.Raw(
      "<p>Instead of polling, register a URL: each change of a lead is POSTed to it as it happens, signed as "
      "Standard Webhooks specifies.</p>\n");
  WriteWebhookApi(page, request);
  WriteWebhookEvents(page, events);
  WriteWebhookDelivery(page, events.front());
  WriteWebhookVerification(page);
}

}  // namespace lg::apidocs
