#include "apidocs/stream_docs.h"

#include <cstdint>
#include <limits>
#include <string_view>

#include "apidocs/examples.h"
#include "apidocs/openapi.h"
#include "apidocs/openapi_leads.h"
#include "apidocs/openapi_parts.h"
#include "core/list_query.h"
#include "core/problem.h"

namespace lg::apidocs {
namespace {

// An event's id: the feed cursor just after its item, as the server encodes it.
std::string FeedCursor(uint64_t lead_id, int64_t updated_at) {
  return core::EncodeCursor({core::ListSort::kUpdatedAscending, lead_id, updated_at});
}

void AppendEvent(std::string& out, std::string_view id, std::string_view type, std::string_view data) {
  out.append("id: ").append(id).append("\nevent: ").append(type).append("\ndata: ").append(data).append("\n\n");
}

// The 429 of a stream: too_many_streams (the server's own detail), or the token's rate limit.
void WriteTooManyStreams(core::JsonWriter& out, const DocsRequest& request) {
  const int64_t most = request.live_feed.max_streams_per_token;
  out.Key(std::to_string(core::HttpStatusOf(core::ErrorKind::kOverLimit))).BeginObject();
  out.Key("description")
      .String("too_many_streams: this token has " + std::to_string(most) +
              " event streams open already (close one, or retry after Retry-After seconds); or rate_limited");
  out.Key("headers").BeginObject().Key("Retry-After").BeginObject();
  out.Key("$ref").String("#/components/headers/Retry-After").EndObject().EndObject();
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String("#/components/schemas/Problem").EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value");
  out.Raw(core::EncodeProblem(
      core::Status(core::ErrorKind::kOverLimit, "too_many_streams",
                   "This token has " + std::to_string(most) + " event streams open already; close one first.")));
  out.EndObject().EndObject().EndObject().EndObject().EndObject();
}

void WriteStreamResponse(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign) {
  out.Key("200").BeginObject();
  out.Key("description")
      .String(
          "The stream, open until the client leaves, the token is revoked, rotated or expires, or the server "
          "stops (reconnect from the last id).");
  out.Key("headers").BeginObject();
  out.Key("X-Accel-Buffering")
      .Raw(R"({"description":"no: nginx passes each event on at once","schema":{"type":"string","const":"no"}})");
  out.EndObject();
  out.Key("content").BeginObject().Key("text/event-stream").BeginObject().Key("schema").BeginObject();
  out.Key("type").String("string");
  out.Key("description")
      .String(
          "Server-Sent Events. `ready` first (data {\"cursor\": ...}: where the stream starts); then `lead` "
          "(data: the lead as GET .../leads?sort=updated_at lists it to this token, on one line) and "
          "`lead.deleted` (data: the DeletedLead tombstone: delete your copy). Each event's id is the feed "
          "cursor after it (the meta.poll_cursor a list would give). An idle stream sends a comment line "
          "(`: heartbeat`) every " +
          std::to_string(request.live_feed.heartbeat_seconds) +
          " s; `retry: 2000` asks clients to reconnect 2 s after a drop.");
  out.EndObject().Key("examples").BeginObject().Key("example").BeginObject();
  out.Key("summary").String("ready, a new lead, its deletion, a heartbeat");
  out.Key("value").String(ExampleEventStream(request, campaign));
  out.EndObject().EndObject().EndObject().EndObject().EndObject();
}

}  // namespace

std::string EventsPath(const DocsCampaign& campaign) { return LeadsPath(campaign) + "/events"; }

std::string ExampleEventStream(const DocsRequest& request, const DocsCampaign& campaign) {
  // Connected just before the example lead is created: "now" is past every lead id up to then.
  const std::string ready = FeedCursor(std::numeric_limits<uint64_t>::max(), kExampleCreatedAt - 1);
  std::string out = "retry: 2000\n";
  AppendEvent(out, ready, "ready", "{\"cursor\":" + core::JsonWriter::Quoted(ready) + "}");
  AppendEvent(out, FeedCursor(ExampleLeadId(), kExampleCreatedAt), "lead", ExampleLead(campaign, request.title));
  AppendEvent(out, FeedCursor(ExampleLeadId(), kExampleDeletedAt), "lead.deleted", ExampleTombstone(campaign));
  out.append(": heartbeat\n\n");
  return out;
}

std::string StreamCurlExample(const DocsRequest& request, const DocsCampaign& campaign) {
  const std::string url = request.base_url + EventsPath(campaign);
  return "# -N: print each event as it arrives\ncurl -N -s " + url +
         " \\\n  -H \"Authorization: Bearer $TOKEN\"\n# After a drop: resume after the last event id you handled\n"
         "curl -N -s " +
         url + " \\\n  -H \"Authorization: Bearer $TOKEN\" -H \"Last-Event-ID: $LAST_ID\"";
}

std::string StreamEventSourceExample(const DocsRequest& request, const DocsCampaign& campaign) {
  return "import { EventSource } from \"eventsource\"; // npm's: it can send the token in a header\n"
         "const es = new EventSource(\"" +
         request.base_url + EventsPath(campaign) +
         "\", { fetch: (url, init) =>\n"
         "  fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${process.env.TOKEN}` } }) });\n"
         "es.addEventListener(\"lead\", (e) => upsert(JSON.parse(e.data)));\n"
         "es.addEventListener(\"lead.deleted\", (e) => remove(JSON.parse(e.data).id));\n"
         "// es.lastEventId: where to resume; after a drop EventSource resumes there by itself.";
}

void WriteWaitParameter(core::JsonWriter& out, const DocsRequest& request) {
  out.BeginObject().Key("name").String("wait").Key("in").String("query").Key("required").Bool(false);
  out.Key("description")
      .String(
          "Long-poll, with sort=updated_at only (else 400 invalid_parameter): when the page would be empty, "
          "wait up to this many seconds for a change in this token's scope. The answer then carries it, or is "
          "an empty page when the time is up; meta.poll_cursor either way.");
  out.Key("schema").BeginObject().Key("type").String("integer").Key("minimum").Int(0);
  out.Key("maximum").Int(request.live_feed.max_wait_seconds).EndObject();
  out.EndObject();
}

void WriteEventStreamPath(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                          const std::string& tag, const std::string& suffix) {
  out.Key(EventsPath(campaign)).BeginObject().Key("get").BeginObject();
  out.Key("operationId").String("followLeads" + suffix);
  out.Key("summary").String("Follow changes as they happen (Server-Sent Events)");
  out.Key("description")
      .String(
          "The sync feed (sort=updated_at) as it changes: what it gives this token (its scope, tombstones of "
          "deleted leads), with no change missing and none repeated. Starts at Last-Event-ID, else cursor=, "
          "else now. A token may hold " +
          std::to_string(request.live_feed.max_streams_per_token) + " streams open at once.");
  out.Key("tags").BeginArray().String(tag).EndArray();
  out.Key("parameters").BeginArray();
  out.BeginObject().Key("name").String("Last-Event-ID").Key("in").String("header").Key("required").Bool(false);
  out.Key("description")
      .String(
          "Resume after this event (an EventSource sends it by itself when it reconnects); an id that is no "
          "event id of this stream is a 400 invalid_parameter.");
  out.Key("schema").BeginObject().Key("type").String("string").EndObject().EndObject();
  out.BeginObject().Key("name").String("cursor").Key("in").String("query").Key("required").Bool(false);
  out.Key("description")
      .String(
          "Start after this feed position (a list's meta.poll_cursor, or an event id) when no Last-Event-ID "
          "is sent");
  out.Key("schema").BeginObject().Key("type").String("string").EndObject().EndObject();
  WriteListConditionParameters(out, campaign);
  out.EndArray();
  out.Key("responses").BeginObject();
  WriteStreamResponse(out, request, campaign);
  out.Key("400")
      .BeginObject()
      .Key("description")
      .String(
          "invalid_parameter: a bad condition or cursor, a Last-Event-ID that is not an event id of this stream, "
          "or sort, limit, page, per_page or wait (not parameters of the stream)");
  out.Key("content").BeginObject().Key("application/problem+json").BeginObject();
  out.Key("schema").BeginObject().Key("$ref").String("#/components/schemas/Problem").EndObject();
  out.Key("examples").BeginObject().Key("example").BeginObject().Key("value");
  out.Raw(core::EncodeProblem(core::InvalidListParameter(
      "sort", "is not a parameter of the event stream (it sends the sort=updated_at feed)")));
  out.EndObject().EndObject().EndObject().EndObject().EndObject();
  WriteResponseRef(out, core::ErrorKind::kNotFound, "NotFound");
  WriteTooManyStreams(out, request);
  WriteAnyRequestResponses(out, {core::ErrorKind::kMalformed, core::ErrorKind::kOverLimit});
  out.EndObject().EndObject().EndObject();
}

}  // namespace lg::apidocs
