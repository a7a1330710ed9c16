#include "apidocs/postman.h"

#include <string_view>
#include <utility>
#include <vector>

#include "apidocs/account_calls.h"
#include "apidocs/examples.h"
#include "apidocs/openapi.h"
#include "apidocs/stats_docs.h"
#include "apidocs/webhook_docs.h"
#include "core/json_writer.h"
#include "core/text_split.h"

namespace lg::apidocs {
namespace {

constexpr std::string_view kSchema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

// Splits "/v2/campaigns/1/leads/{{leadId}}" into Postman's path segments.
std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view segment : core::SplitList(path.substr(1), '/')) out.emplace_back(segment);
  return out;
}

struct Item {
  std::string name;
  std::string method;
  std::string path;
  std::string query;  // "limit=50" or "sort=updated_at&wait=30", without '?'
  std::string body;   // JSON, or empty
  std::vector<std::string> tests;
  std::vector<std::string> prerequest;  // runs before the request
};

void WriteScript(core::JsonWriter& out, std::string_view listen, const std::vector<std::string>& lines) {
  out.BeginObject().Key("listen").String(listen).Key("script").BeginObject();
  out.Key("type").String("text/javascript").Key("exec").BeginArray();
  for (const auto& line : lines) out.String(line);
  out.EndArray().EndObject().EndObject();
}

void WriteItem(core::JsonWriter& out, const Item& item) {
  out.BeginObject().Key("name").String(item.name);
  if (!item.tests.empty() || !item.prerequest.empty()) {
    out.Key("event").BeginArray();
    if (!item.prerequest.empty()) WriteScript(out, "prerequest", item.prerequest);
    if (!item.tests.empty()) WriteScript(out, "test", item.tests);
    out.EndArray();
  }
  out.Key("request").BeginObject().Key("method").String(item.method);
  out.Key("header").BeginArray();
  if (!item.body.empty()) {
    out.BeginObject().Key("key").String("Content-Type").Key("value").String("application/json").EndObject();
  }
  out.EndArray();
  if (!item.body.empty()) {
    out.Key("body").BeginObject().Key("mode").String("raw").Key("raw").String(item.body);
    out.Key("options").BeginObject().Key("raw").BeginObject().Key("language").String("json").EndObject().EndObject();
    out.EndObject();
  }
  std::string raw = "{{baseUrl}}" + item.path + (item.query.empty() ? "" : "?" + item.query);
  out.Key("url").BeginObject().Key("raw").String(raw).Key("host").BeginArray().String("{{baseUrl}}").EndArray();
  out.Key("path").BeginArray();
  for (const auto& segment : PathSegments(item.path)) out.String(segment);
  out.EndArray();
  if (!item.query.empty()) {
    out.Key("query").BeginArray();
    for (size_t start = 0; start <= item.query.size();) {
      size_t end = item.query.find('&', start);
      if (end == std::string::npos) end = item.query.size();
      const std::string pair = item.query.substr(start, end - start);
      const size_t eq = pair.find('=');
      out.BeginObject().Key("key").String(pair.substr(0, eq));
      out.Key("value").String(eq == std::string::npos ? "" : pair.substr(eq + 1)).EndObject();
      start = end + 1;
    }
    out.EndArray();
  }
  out.EndObject().EndObject().EndObject();
}

std::string ExpectStatus(int status) {
  return "pm.test('status is " + std::to_string(status) + "', function () { pm.response.to.have.status(" +
         std::to_string(status) + "); });";
}

std::string Replaced(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The webhook endpoints API in the order a first try takes: the run registers an endpoint at
// {{webhookUrl}}, pings it and deletes it again, so it leaves nothing behind.
std::vector<Item> WebhookItems(const DocsRequest& request) {
  std::vector<Item> items;
  for (const WebhookApiCall& call : WebhookApiCalls(request)) {
    Item item{call.title,
              call.method,
              Replaced(Replaced(call.path, "{webhook_id}", "{{webhookId}}"), "{delivery_id}", "{{deliveryId}}"),
              "",
              Replaced(call.request_example, kExampleWebhookUrl, "{{webhookUrl}}"),
              {ExpectStatus(call.status)},
              {}};
    if (call.operation_id == "createWebhookEndpoint") {
      item.tests.emplace_back("pm.collectionVariables.set('webhookId', String(pm.response.json().id));");
    } else if (call.operation_id == "listWebhookDeliveries") {
      item.tests.insert(item.tests.end(), {"var log = pm.response.json();",
                                           "pm.collectionVariables.set('deliveryId', log.data.length > 0 ? "
                                           "log.data[0].id : '');"});
    } else if (call.operation_id == "replayWebhookDelivery") {
      item.prerequest.emplace_back("if (!pm.collectionVariables.get('deliveryId')) { pm.execution.skipRequest(); }");
    }
    items.push_back(std::move(item));
  }
  return items;
}

// The account's reads, in the collection of an admin token's docs link (the account docs' is run
// with any token, which would meet 403s): the calls that change nothing. The writes are in the
// OpenAPI document, not in a collection anyone may run end to end.
std::vector<Item> AdminReadItems(const DocsRequest& request) {
  std::vector<Item> items;
  if (!request.admin_api || request.permission != core::Permission::kAdmin) return items;
  for (const ApiCallGroup& group : AccountApiCallGroups(request)) {
    for (const ApiCall& call : group.calls) {
      if (call.method != "GET") continue;
      const std::string per_campaign = "{campaign_id}";
      const bool of_campaign = call.path.find(per_campaign) != std::string::npos;
      if (call.path.find('{', of_campaign ? call.path.find(per_campaign) + 1 : 0) != std::string::npos) continue;
      if (!of_campaign) {
        items.push_back({call.title, "GET", call.path, "", "", {ExpectStatus(call.status)}});
        continue;
      }
      for (const auto& campaign : request.campaigns) {
        items.push_back({call.title + " (" + campaign.schema.name + ")",
                         "GET",
                         Replaced(call.path, per_campaign, std::to_string(campaign.schema.id)),
                         "",
                         "",
                         {ExpectStatus(call.status)}});
      }
    }
  }
  return items;
}

}  // namespace

std::string BuildPostman(const DocsRequest& request) {
  core::JsonWriter out;
  out.BeginObject().Key("info").BeginObject().Key("name").String(request.title);
  out.Key("description").String("Lead API of " + request.account_name + ". Set the `token` variable to your token.");
  out.Key("schema").String(kSchema).EndObject();
  out.Key("auth").BeginObject().Key("type").String("bearer").Key("bearer").BeginArray();
  out.BeginObject().Key("key").String("token").Key("value").String("{{token}}").Key("type").String("string");
  out.EndObject().EndArray().EndObject();
  out.Key("variable").BeginArray();
  out.BeginObject().Key("key").String("baseUrl").Key("value").String(request.base_url).EndObject();
  out.BeginObject().Key("key").String("token").Key("value").String("").EndObject();
  out.BeginObject().Key("key").String("leadId").Key("value").String("").EndObject();
  if (request.can_delete) out.BeginObject().Key("key").String("createdLeadId").Key("value").String("").EndObject();
  const std::vector<Item> webhook_items = WebhookItems(request);
  if (!webhook_items.empty()) {
    out.BeginObject().Key("key").String("webhookUrl").Key("value").String(kExampleWebhookUrl).EndObject();
    out.BeginObject().Key("key").String("webhookId").Key("value").String("").EndObject();
    out.BeginObject().Key("key").String("deliveryId").Key("value").String("").EndObject();
  }
  out.EndArray();

  out.Key("item").BeginArray();
  WriteItem(out, {"List campaigns", "GET", "/v2/campaigns", "", "", {ExpectStatus(200)}});
  for (const auto& campaign : request.campaigns) {
    const std::string leads = LeadsPath(campaign);
    std::vector<Item> items;
    items.push_back({"Get the schema of " + campaign.schema.name,
                     "GET",
                     "/v2/campaigns/" + std::to_string(campaign.schema.id),
                     "",
                     "",
                     {ExpectStatus(200)}});
    if (request.can_write()) {
      Item create{"Create a lead (" + campaign.schema.name + ")",
                  "POST",
                  leads,
                  "",
                  ExampleCreateBody(campaign),
                  {ExpectStatus(201), "pm.collectionVariables.set('leadId', String(pm.response.json().id));"}};
      // The delete below removes only the lead this run created: never a lead someone else sent,
      // and nothing at all when the create failed.
      if (request.can_delete) {
        create.tests.emplace_back(
            "pm.collectionVariables.set('createdLeadId', pm.response.code === 201 ? String(pm.response.json().id) : "
            "'');");
      }
      items.push_back(std::move(create));
    }
    if (request.can_write()) {
      const std::string one = ExampleCreateBody(campaign);
      items.push_back({"Create leads in bulk (" + campaign.schema.name + ")",
                       "POST",
                       leads + "/bulk",
                       "",
                       std::string("[").append(one).append(",").append(one).append("]"),
                       {ExpectStatus(200), "pm.test('every line created', function () {",
                        "  pm.expect(pm.response.json().failed).to.eql(0);", "});"}});
    }
    // The newest lead the token can see (the one just created, when it may create) is the one
    // the next requests fetch and change; each campaign's list sets its own.
    items.push_back({"List leads (" + campaign.schema.name + ")",
                     "GET",
                     leads,
                     "limit=50",
                     "",
                     {ExpectStatus(200), "var page = pm.response.json();", "if (page.data.length > 0) {",
                      "  pm.collectionVariables.set('leadId', String(page.data[0].id));", "}"}});
    // Answers at once while the feed holds a change for this token; waits (up to 30 s) only when
    // there is none, as a poll from a cursor (cursor=<meta.poll_cursor>) usually does.
    items.push_back({"Long-poll changes (" + campaign.schema.name + ")",
                     "GET",
                     leads,
                     "sort=updated_at&wait=30",
                     "",
                     {ExpectStatus(200), "pm.test('the page says where to poll from next', function () {",
                      "  pm.expect(pm.response.json().meta.poll_cursor).to.be.a('string');", "});"}});
    items.push_back(
        {"Get a lead (" + campaign.schema.name + ")", "GET", leads + "/{{leadId}}", "", "", {ExpectStatus(200)}});
    if (request.can_write()) {
      items.push_back({"Update a lead (" + campaign.schema.name + ")",
                       "PATCH",
                       leads + "/{{leadId}}",
                       "",
                       ExamplePatchBody(campaign),
                       {ExpectStatus(200)}});
    }
    if (request.can_delete) {
      items.push_back({"Delete the lead created above (" + campaign.schema.name + ")",
                       "DELETE",
                       leads + "/{{createdLeadId}}",
                       "",
                       "",
                       {ExpectStatus(204)}});
    }
    if (!StatsGroupBy(campaign).empty()) {
      items.push_back({"Statistics per " + StatsGroupBy(campaign).front() + " and day (" + campaign.schema.name + ")",
                       "GET",
                       StatsPath(campaign),
                       "group_by=" + StatsGroupBy(campaign).front(),
                       "",
                       {ExpectStatus(200), "pm.test('a row per option with leads', function () {",
                        "  pm.expect(pm.response.json().totals).to.be.an('array');", "});"}});
    }
    for (const auto& item : items) WriteItem(out, item);
  }
  // A dry run: a collection run to try the API must not erase anyone.
  if (request.can_delete) {
    WriteItem(out, {"Find one person's leads (erase, dry run)",
                    "POST",
                    "/v2/leads/erase",
                    "",
                    ExampleErasureBody(request),
                    {ExpectStatus(200), "pm.test('nothing erased', function () {",
                     "  pm.expect(pm.response.json().dry_run).to.eql(true);", "});"}});
  }
  if (!webhook_items.empty()) {
    out.BeginObject().Key("name").String("Webhooks");
    out.Key("description").String("Set webhookUrl to a URL of yours first: the ping is sent to it.");
    out.Key("item").BeginArray();
    for (const auto& item : webhook_items) WriteItem(out, item);
    out.EndArray().EndObject();
  }
  const std::vector<Item> admin_items = AdminReadItems(request);
  if (!admin_items.empty()) {
    out.BeginObject().Key("name").String("Administration (reads)");
    out.Key("description").String("What an admin token reads; the writes are in the OpenAPI document.");
    out.Key("item").BeginArray();
    for (const auto& item : admin_items) WriteItem(out, item);
    out.EndArray().EndObject();
  }
  out.EndArray().EndObject();
  return out.Take();
}

}  // namespace lg::apidocs
