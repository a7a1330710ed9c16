#include "apidocs/html_page.h"

#include "apidocs/account_html.h"
#include "apidocs/examples.h"
#include "apidocs/html_writer.h"
#include "apidocs/openapi.h"
#include "apidocs/stats_docs.h"
#include "apidocs/stream_docs.h"
#include "apidocs/webhook_docs.h"
#include "apidocs/webhook_html.h"
#include "core/field_formats.h"
#include "core/problem.h"

namespace lg::apidocs {
namespace {

using Page = HtmlWriter;

constexpr std::string_view kStyle = R"(
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee8;--bg:#fff;--code:#f4f6fa;--accent:#2456d6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:980px;margin:0 auto;padding:24px 16px 64px}
h1{font-size:1.7rem;margin:.2em 0}h2{font-size:1.3rem;margin-top:2em;border-bottom:1px solid var(--line);padding-bottom:.3em}
h3{font-size:1.05rem;margin-top:1.5em}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.95rem}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--code)}
.table-wrap{overflow-x:auto}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--code);padding:1px 4px;border-radius:3px}
pre{position:relative;background:var(--code);border:1px solid var(--line);border-radius:6px;padding:12px;overflow-x:auto;font-size:.85rem}
pre code{background:none;padding:0}
p code,li code{overflow-wrap:anywhere}
button.copy{position:absolute;top:6px;right:6px;font-size:.8rem;padding:3px 8px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:1px 6px;border-radius:3px;background:#e8eefc;color:var(--accent)}
nav a{margin-right:12px}
@media (max-width:600px){body{font-size:15px}th,td{padding:4px 5px}}
)";

constexpr std::string_view kScript = R"(
document.querySelectorAll('pre').forEach(function (pre) {
  var button = document.createElement('button');
  button.className = 'copy';
  button.type = 'button';
  button.textContent = 'Copy';
  button.addEventListener('click', function () {
    var text = pre.querySelector('code').innerText;
    function done() { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand('copy'); document.body.removeChild(area); done();
    }
  });
  pre.appendChild(button);
});
)";

// `json_max_depth`: the campaign's core::Campaign::json_max_depth.
std::string TypeText(core::FieldType type, int json_max_depth) {
  switch (type) {
    case core::FieldType::kText:
      return "text (string, at most 10,000 characters)";
    case core::FieldType::kEmail:
      return "email (string: an address such as jane@example.com or j\u00e6ne@b\u00f8rn.dk; no quoted or commented "
             "parts, at most 254 characters)";
    case core::FieldType::kPhone:
      return "phone (string: " + core::PhoneRuleText() + ")";
    case core::FieldType::kNumber:
      return "number";
    case core::FieldType::kDate:
      return "date (YYYY-MM-DD)";
    case core::FieldType::kDatetime:
      return "datetime (RFC 3339, or YYYY-MM-DD HH:MM:SS in the account's time zone)";
    case core::FieldType::kCheckbox:
      return "checkbox (true or false)";
    case core::FieldType::kJson:
      return "json (any JSON value, arrays and objects nested at most " + std::to_string(json_max_depth) +
             " levels deep)";
  }
  return "";
}

void WriteSchemaTables(Page& page, const DocsCampaign& campaign, const std::string& anchor) {
  const core::Campaign& schema = campaign.schema;
  page.Heading(3, anchor + "-fields", "Fields (field_values)");
  page.BeginTable(anchor + "-fields-table", {"slug", "label", "type", "required", "description"});
  for (const core::Field& f : schema.fields) {
    page.Row(f.slug, {f.label, TypeText(f.type, schema.json_max_depth), f.required ? "yes" : "no", f.description});
  }
  page.EndTable();

  page.Heading(3, anchor + "-selects", "Selects (select_field_values)");
  page.Raw("<p>Send the option <em>slug</em>, never the label.</p>\n");
  page.BeginTable(anchor + "-selects-table", {"slug", "label", "required", "allowed values (slug: label)"});
  for (const core::Select& s : schema.selects) {
    page.Raw("<tr><td>");
    page.Code(s.slug);
    page.Raw("</td><td>");
    page.Text(s.label);
    page.Raw("</td><td>");
    bool pinned = campaign.pinned.selects.contains(s.slug);
    page.Text(s.required && !pinned ? "yes" : "no");
    if (pinned) page.Raw(" <span class=\"badge\">filled in for you</span>");
    page.Raw("</td><td>");
    bool first = true;
    for (const auto& o : s.options) {
      if (!first) page.Raw("<br>");
      first = false;
      page.Code(o.slug);
      page.Raw(": ");
      page.Text(o.label);
    }
    page.Raw("</td></tr>\n");
  }
  page.EndTable();

  page.Heading(3, anchor + "-statuses", "Statuses (status)");
  page.BeginTable(anchor + "-statuses-table", {"slug", "label", "kind", "default"});
  for (const core::LeadStatus& s : schema.statuses)
    page.Row(s.slug, {s.label, core::ToString(s.type), s.is_default ? "yes" : ""});
  page.EndTable();
}

void WriteDuplicateRules(Page& page, const DocsCampaign& campaign, const std::string& anchor) {
  if (campaign.schema.duplicate_rules.empty()) return;
  page.Heading(3, anchor + "-duplicates", "Duplicate rules");
  page.Raw(
      "<p>A new lead is compared with earlier leads of this campaign (e-mail and text ignoring case, phone "
      "numbers by their digits):</p>\n<ul>\n");
  for (const auto& rule : campaign.schema.duplicate_rules) {
    std::string members;
    for (const auto& m : rule.members) members += (members.empty() ? "" : rule.match_all ? " and " : " or ") + m;
    page.Raw("<li>");
    if (!rule.name.empty()) {
      page.Text(rule.name);
      page.Raw(": ");
    }
    page.Text("same " + members + " as a lead created in the last " + std::to_string(rule.window_seconds) +
              " seconds: ");
    page.Text(rule.action == core::DuplicateAction::kReject
                  ? "rejected with 409 duplicate_lead (doublet_of names the earlier lead)"
                  : "stored, with doublet_of set to the earlier lead's id");
    page.Raw("</li>\n");
  }
  page.Raw("</ul>\n");
}

void WriteEndpoints(Page& page, const DocsRequest& request, const DocsCampaign& campaign, const std::string& anchor) {
  const std::string leads = LeadsPath(campaign);
  page.Heading(3, anchor + "-endpoints", "Endpoints");
  page.BeginTable(anchor + "-endpoints-table", {"method", "path", "what"});
  auto row = [&](std::string_view method, const std::string& path, std::string_view what) {
    page.Raw("<tr><td>");
    page.Code(method);
    page.Raw("</td><td>");
    page.Code(path);
    page.Raw("</td><td>");
    page.Text(what);
    page.Raw("</td></tr>\n");
  };
  row("GET", "/v2/campaigns/" + std::to_string(campaign.schema.id), "the campaign schema (this page, as JSON)");
  row("GET", leads, "list leads (newest first; filters and paging below)");
  row("GET", leads + "/{lead_id}", "one lead");
  row("GET", EventsPath(campaign), "follow changes as they happen: Server-Sent Events (see Live changes)");
  if (!StatsGroupBy(campaign).empty()) {
    row("GET", StatsPath(campaign), "leads, funnel, duplicates and refusals per day, week or month (see Statistics)");
  }
  if (request.can_write()) {
    row("POST", leads, "create a lead: 201 once it is stored on disk");
    row("POST", leads + "/bulk", "create many leads: a JSON array or NDJSON, one outcome per line");
    row("PATCH", leads + "/{lead_id}", "change status, field or select values");
  }
  if (request.can_delete) row("DELETE", leads + "/{lead_id}", "delete a lead: 204 (see Deleting leads)");
  page.EndTable();
  if (!request.can_write())
    page.Raw("<p class=\"muted\">This token may read leads; it cannot create or change them.</p>\n");
  if (request.can_write()) WriteDuplicateRules(page, campaign, anchor);
}

void WriteExamples(Page& page, const DocsRequest& request, const DocsCampaign& campaign, const std::string& anchor) {
  const std::string url = request.base_url + LeadsPath(campaign);
  const std::string auth = "  -H \"Authorization: Bearer $TOKEN\"";
  page.Heading(3, anchor + "-examples", "Examples");
  if (request.can_write()) {
    page.Raw("<p>Create a lead:</p>\n");
    page.Block("curl -s -X POST " + url + " \\\n" + auth + " \\\n  -H \"Content-Type: application/json\" \\\n  -d " +
               ShellQuote(ExampleCreateBody(campaign)));
    page.Raw("<p>Answer (201, with <code>Location</code>):</p>\n");
    page.Block(ExampleLead(campaign, request.title));
    page.Raw(
        "<p>Retrying after a timeout? Send an <code>Idempotency-Key</code> header (any unique string, up to 255 "
        "characters): a retry with the same key returns the first answer instead of creating the lead twice.</p>\n");
    page.Raw("<p>Many at once (one outcome per line, in order):</p>\n");
    const std::string one = ExampleCreateBody(campaign);
    page.Block("curl -s -X POST " + url + "/bulk \\\n" + auth +
               " \\\n  -H \"Content-Type: application/x-ndjson\" \\\n  --data-binary " +
               ShellQuote(one + "\n" + one + "\n"));
    page.Raw("<p>Change it:</p>\n");
    page.Block("curl -s -X PATCH " + url + "/" + std::to_string(ExampleLeadId()) + " \\\n" + auth +
               " \\\n  -H \"Content-Type: application/json\" \\\n  -d " + ShellQuote(ExamplePatchBody(campaign)));
    if (request.can_delete) {
      page.Raw("<p>Delete it (204, no body):</p>\n");
      page.Block("curl -s -X DELETE " + url + "/" + std::to_string(ExampleLeadId()) + " \\\n" + auth);
    }
  } else {
    page.Raw("<p>A lead looks like this:</p>\n");
    page.Block(ExampleLead(campaign, request.title));
  }
  page.Raw("<p>List the newest leads, then everything changed since a time (for sync):</p>\n");
  std::string query = "limit=50";
  if (!campaign.schema.statuses.empty()) query += "&status=" + campaign.schema.statuses.front().slug;
  page.Block("curl -s \"" + url + "?" + query + "\" \\\n" + auth + "\ncurl -s \"" + url +
             "?sort=updated_at&updated_after=2026-11-28T00:00:00Z\" \\\n" + auth);
}

void WriteListParameters(Page& page, const DocsRequest& request, const DocsCampaign& campaign,
                         const std::string& anchor) {
  page.Heading(3, anchor + "-parameters", "List parameters");
  page.Raw("<p>All parameters combine with AND, and always within what this token may see.</p>\n");
  page.BeginTable(anchor + "-parameters-table", {"parameter", "meaning"});
  auto row = [&](const std::string& name, const std::string& meaning) { page.Row(name, {meaning}); };
  row("status", "status slug, or several separated by commas");
  row("created_after / created_before", "created at or after / before a time (RFC 3339, or YYYY-MM-DD HH:MM:SS)");
  row("updated_after / updated_before", "updated at or after / before a time");
  for (const core::Select& s : campaign.schema.selects) {
    std::string values;
    for (const auto& o : s.options) values += (values.empty() ? "" : ", ") + o.slug;
    row(s.slug + "=<option>", "only leads with this " + (s.label.empty() ? s.slug : s.label) + ": " + values);
  }
  row("sort", "-created_at (newest first, default) or updated_at (oldest change first: use it to sync)");
  row("wait", "with sort=updated_at only: long-poll, waiting up to this many seconds (0 to " +
                  std::to_string(request.live_feed.max_wait_seconds) +
                  ") for a change while the page would be empty (see Live changes)");
  row("limit, cursor", "page size (1 to 500, default 50) and the opaque cursor from meta.next_cursor");
  row("page, per_page", "for clients that page by number");
  page.EndTable();
}

// For tokens that may delete: one lead by id, every lead of a person, and what the sync feed
// then shows.
void WriteDeleting(Page& page, const DocsRequest& request) {
  const std::string auth = "  -H \"Authorization: Bearer $TOKEN\"";
  page.Heading(2, "deleting", "Deleting leads");
  page.Raw(
      "<p><code>DELETE /v2/campaigns/{campaign_id}/leads/{lead_id}</code> deletes a lead and everything derived from "
      "it for good, and answers 204 (no body) once that is on disk. A lead that does not exist, is already deleted "
      "or is outside what this token sees answers 404:</p>\n");
  page.Block(ExampleLeadNotFound());
  page.Raw(
      "<p>To erase every lead of one person, send their e-mail address and/or phone number to "
      "<code>POST /v2/leads/erase</code> (compared as duplicate rules compare them: e-mail ignoring case, phone by "
      "its digits). With <code>\"dry_run\": true</code> nothing is deleted: the answer lists the leads that would "
      "be. <code>campaign_id</code> limits it to one campaign; without it every campaign this token sees is "
      "searched. Only leads this token sees are ever counted or deleted.</p>\n");
  page.Block("curl -s -X POST " + request.base_url + "/v2/leads/erase \\\n" + auth +
             " \\\n  -H \"Content-Type: application/json\" \\\n  -d " + ShellQuote(ExampleErasureBody(request)));
  page.Raw(
      "<p>Answer (200); without <code>dry_run</code> it says <code>\"deleted\"</code> instead of "
      "<code>\"matched\"</code>:</p>\n");
  page.Block(ExampleErasureResult(request, true));
  page.Raw(
      "<p>A body with neither <code>email</code> nor <code>phone</code>, a malformed value or an unknown member "
      "answers 422 (<code>required</code>, <code>invalid_email</code>, <code>invalid_phone</code>, "
      "<code>unknown_attribute</code>):</p>\n");
  page.Block(ExampleErasureInvalid());
  if (!request.campaigns.empty()) {
    page.Raw("<p>After a deletion the sync feed (<code>sort=updated_at</code>) carries the lead's tombstone:</p>\n");
    page.Block(ExampleTombstone(request.campaigns.front()));
  }
}

// The sync feed as it changes: the event stream, and long-polling a list (README "Live changes").
void WriteLiveChanges(Page& page, const DocsRequest& request) {
  if (request.campaigns.empty()) return;
  const DocsCampaign& campaign = request.campaigns.front();
  const DocsLiveFeed& live = request.live_feed;
  page.Heading(2, "live", "Live changes");
  page.Raw(
      "<p>Rather than polling on a timer, let the sync feed come to you as it changes. Both ways below give what "
      "<code>sort=updated_at</code> gives this token, deletions included, with no change missing and none "
      "repeated, and use the same cursors: switch between them at any time.</p>\n");
  page.Raw(
      "<p><code>GET /v2/campaigns/{campaign_id}/leads/events</code> answers <code>text/event-stream</code> "
      "(Server-Sent Events):</p>\n");
  page.Block(ExampleEventStream(request, campaign));
  page.Raw(
      "<ul>\n<li><code>lead</code>: a lead after a change, as the list shows it; <code>lead.deleted</code>: its "
      "tombstone (delete your copy). Listen for them by name; <code>onmessage</code> sees neither.</li>\n"
      "<li>Each <code>id</code> is the feed cursor after that event (what <code>meta.poll_cursor</code> would be). "
      "The stream starts after the <code>Last-Event-ID</code> header (an <code>EventSource</code> sends it when it "
      "reconnects), else after <code>cursor=</code>, else now; <code>ready</code> tells where.</li>\n"
      "<li>The list's conditions narrow it (<code>status=</code>, a select's slug, <code>created_after=</code>, "
      "...); <code>sort</code>, <code>limit</code>, <code>page</code>, <code>per_page</code> and <code>wait</code> "
      "answer 400 <code>invalid_parameter</code>.</li>\n<li>An idle stream sends <code>: heartbeat</code> every ");
  page.Text(std::to_string(live.heartbeat_seconds));
  page.Raw(" seconds. This token may hold ");
  page.Text(std::to_string(live.max_streams_per_token));
  page.Raw(
      " streams open at once; one more answers 429 <code>too_many_streams</code>. A revoked or expired token's "
      "stream ends, and reconnecting answers 401.</li>\n</ul>\n");
  page.Block(StreamCurlExample(request, campaign));
  page.Raw("<p>In JavaScript:</p>\n");
  page.Block(StreamEventSourceExample(request, campaign));
  page.Raw("<p><strong>Long-polling</strong>, for clients that cannot hold a stream open: add <code>wait=</code>");
  page.Text("<seconds> (0 to " + std::to_string(live.max_wait_seconds) + ")");
  page.Raw(
      " to a <code>sort=updated_at</code> list. A page with leads answers at once; an empty one waits until a change "
      "arrives or the time is up, and carries <code>meta.poll_cursor</code> either way.</p>\n");
  page.Block("curl -s \"" + request.base_url + LeadsPath(campaign) +
             "?sort=updated_at&wait=30&cursor=$CURSOR\" \\\n  -H \"Authorization: Bearer $TOKEN\"");
}

void WriteCommon(Page& page, const DocsRequest& request) {
  page.Heading(2, "paging", "Paging");
  page.Raw(
      "<p>A list answers <code>{\"data\": [...], \"meta\": {\"limit\": 50, \"has_more\": true, \"next_cursor\": "
      "\"...\"}, \"links\": {\"next\": \"...\"}}</code> and a <code>Link: &lt;...&gt;; rel=\"next\"</code> header. "
      "Follow <code>next</code> until it is null. With <code>sort=updated_at</code> and "
      "<code>updated_after</code>, a poller sees every change exactly once, even while leads change: every page of "
      "that feed, the last too, carries <code>meta.poll_cursor</code>; poll again later with "
      "<code>cursor=</code> that value and only what changed since comes.</p>\n");
  // Every token that lists can meet a tombstone, whoever deleted the lead.
  page.Raw(
      "<p>That sync feed (<code>sort=updated_at</code>) also shows deletions: a deleted lead appears once more, at "
      "the time it was deleted, as a tombstone item with <code>\"deleted\": true</code> and "
      "<code>deleted_at</code>, its ids, status, select values and times, but no field values and no "
      "<code>created_by</code>. Remove the lead from your copy when you see one. Lists in other orders never show "
      "deleted leads.</p>\n");
  if (!request.campaigns.empty()) {
    page.Raw(
        "<p>To hear of changes as they happen, long-poll that feed (<code>wait=</code>) or follow its event "
        "stream: see <a href=\"#live\">Live changes</a>.</p>\n");
  }
  WriteLiveChanges(page, request);

  page.Heading(2, "errors", "Errors");
  page.Raw(
      "<p>Every error is <code>application/problem+json</code> with a stable <code>code</code>; a 422 lists every "
      "member at fault in <code>errors</code>:</p>\n");
  page.Block(
      R"({"type": "https://leadgate.dev/problems/validation_failed", "title": "Unprocessable Entity", "status": 422,
 "detail": "The request has invalid values.", "code": "validation_failed",
 "errors": [{"field": "email", "code": "invalid_email", "message": "must be an e-mail address"}]})");
  page.BeginTable("errors-table", {"status", "code", "meaning"});
  for (const auto& e : ClientErrorCodes()) {
    if (e.writes_only && !request.can_write()) continue;
    page.Raw("<tr><td>" + std::to_string(core::HttpStatusOf(e.kind)) + "</td><td>");
    page.Code(e.code);
    page.Raw("</td><td>");
    page.Text(e.meaning);
    page.Raw("</td></tr>\n");
  }
  page.EndTable();
  if (request.can_write()) {
    page.Raw(
        "<p>Field error codes: <code>required</code>, <code>invalid_type</code>, <code>too_long</code>, "
        "<code>invalid_email</code>, <code>invalid_phone</code>, <code>invalid_number</code>, "
        "<code>invalid_date</code>, <code>invalid_datetime</code>, <code>invalid_checkbox</code>, "
        "<code>too_deep</code>, "
        "<code>unknown_field</code>, <code>unknown_select</code>, <code>unknown_option</code>, "
        "<code>unknown_status</code>, <code>unknown_attribute</code>, <code>read_only</code>, "
        "<code>outside_token_scope</code>.</p>\n");
  }

  page.Heading(2, "limits", "Rate limits");
  page.Raw("<p>This token may make " + std::to_string(request.rate_per_second) +
           " requests per second, with bursts of " + std::to_string(request.rate_burst) +
           ". Every answer carries <code>RateLimit-Policy</code> and <code>RateLimit</code> headers (IETF draft); over "
           "the limit the answer is 429 with <code>Retry-After</code> in seconds. Request bodies may be at most " +
           std::to_string(request.body_limit_bytes) + " bytes.</p>\n");
}

}  // namespace

std::string BuildHtmlPage(const DocsRequest& request) {
  Page page;
  page.Raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
  page.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  page.Raw("<meta name=\"robots\" content=\"noindex\">\n<title>");
  page.Text(request.title + " – API documentation");
  page.Raw("</title>\n<style>");
  page.Raw(kStyle);
  page.Raw("</style></head>\n<body><main>\n<p class=\"muted\">");
  page.Text(request.account_name);
  page.Raw(" · lead API</p>\n");
  page.Heading(1, "top", request.title);
  page.Raw("<nav><a href=\"" + request.docs_path + "/openapi.json\">OpenAPI (JSON)</a><a href=\"" + request.docs_path +
           "/openapi.yaml\">OpenAPI (YAML)</a><a href=\"" + request.docs_path +
           "/postman.json\">Postman collection</a>");
  if (!request.campaigns.empty()) page.Raw(R"(<a href="#live">Live changes</a>)");
  for (const auto& campaign : request.campaigns) {
    if (!StatsGroupBy(campaign).empty()) {
      page.Raw(R"(<a href="#stats">Statistics</a>)");
      break;
    }
  }
  if (!request.campaigns.empty()) page.Raw(R"(<a href="#webhooks">Webhooks</a>)");
  if (request.admin_api) page.Raw(R"(<a href="#admin">Administration</a>)");
  page.Raw("</nav>\n");

  page.Heading(2, "start", "Getting started");
  page.Raw("<p>Base URL: ");
  page.Code(request.base_url);
  page.Raw("</p>\n<p>Send your token with every request, in a header (never in the URL):</p>\n");
  page.Block("Authorization: Bearer <your token>");
  page.Raw("<p>The examples below read it from a shell variable:</p>\n");
  page.Block("export TOKEN='<your token>'");
  page.Raw("<p>This token ");
  page.Text(request.can_delete    ? "may read, create, update and delete leads."
            : request.can_write() ? "may read, create and update leads."
                                  : "may read leads.");
  page.Raw(" Bodies and answers are JSON (UTF-8); times are RFC 3339 in UTC.</p>\n");

  for (const auto& campaign : request.campaigns) {
    const std::string anchor = "campaign-" + std::to_string(campaign.schema.id);
    page.Heading(2, anchor, "Campaign: " + campaign.schema.name);
    page.Raw("<p>Campaign id ");
    page.Code(std::to_string(campaign.schema.id));
    page.Raw(".");
    if (campaign.filtered) {
      page.Raw(" This token sees and writes only its own leads of this campaign");
      if (!campaign.pinned.selects.empty())
        page.Raw("; the values marked “filled in for you” are set when you omit them");
      page.Raw(".");
    }
    page.Raw("</p>\n");
    WriteEndpoints(page, request, campaign, anchor);
    WriteSchemaTables(page, campaign, anchor);
    WriteListParameters(page, request, campaign, anchor);
    WriteExamples(page, request, campaign, anchor);
  }
  if (request.can_delete) WriteDeleting(page, request);
  WriteCommon(page, request);
  WriteStatsSection(page, request);
  WriteWebhooks(page, request);
  WriteAccountOperations(page, request);
  page.Raw("</main>\n<script>");
  page.Raw(kScript);
  page.Raw("</script>\n</body></html>\n");
  return page.Take();
}

}  // namespace lg::apidocs
