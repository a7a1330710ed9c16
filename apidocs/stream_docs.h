#pragma once
// The live changes part of the documentation (README "Live changes"): the event stream
// GET /v2/campaigns/{id}/leads/events (Server-Sent Events: ready, lead, lead.deleted, heartbeats;
// each id a feed cursor) and the list's long-poll parameter wait=. Content the HTML page shows
// (an example stream built from the campaign's own example lead and tombstone, curl and
// EventSource snippets) and the OpenAPI parts (the events path item, the wait parameter). Pure.

#include <string>

#include "apidocs/docs_model.h"
#include "core/json_writer.h"

namespace lg::apidocs {

// LeadsPath(campaign) + "/events".
std::string EventsPath(const DocsCampaign& campaign);

// What a client of `campaign`'s stream reads: the retry line, the ready event, the example lead
// being created, its tombstone once deleted, and a heartbeat, exactly as the server writes them.
std::string ExampleEventStream(const DocsRequest& request, const DocsCampaign& campaign);

// Following the stream with curl (-N), and with an EventSource (npm's eventsource, which can send
// the token in a header), reading the token from $TOKEN as the page's other examples do.
std::string StreamCurlExample(const DocsRequest& request, const DocsCampaign& campaign);
std::string StreamEventSourceExample(const DocsRequest& request, const DocsCampaign& campaign);

// The list's wait= parameter, as an element of its `parameters` array.
void WriteWaitParameter(core::JsonWriter& out, const DocsRequest& request);

// `campaign`'s events path item, as a member of `paths`; `tag` and `suffix` as its list's.
void WriteEventStreamPath(core::JsonWriter& out, const DocsRequest& request, const DocsCampaign& campaign,
                          const std::string& tag, const std::string& suffix);

}  // namespace lg::apidocs
