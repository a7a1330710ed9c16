#pragma once
// GET /v2/campaigns/{campaign_id}/leads/events: the sync feed pushed as a text/event-stream. It
// sends what GET .../leads?sort=updated_at&cursor=C would give the token (its scope, masking,
// tombstones), one event per item as it is committed:
//   id: <the feed cursor just after the item>   (a sort=updated_at cursor, usable as cursor=)
//   event: lead | lead.deleted                   (lead.deleted: a deleted lead's tombstone)
//   data: <the item's JSON, on one line>
// It starts at Last-Event-ID, else at cursor=, else now (changes from the moment of connecting);
// it opens with a retry: hint and an event `ready` whose id (and data {"cursor": ...}) is that
// position, so a client that reconnects before the first change misses nothing. The list's conditions (status=, a
// select, created_after, ...) narrow it; sort, limit, page, per_page and wait are refused (400). Heartbeats are comment
// lines every LiveFeedSettings::heartbeat. Each token may have max_streams_per_token streams open (then 429
// too_many_streams, with Retry-After); a stream ends within a poll interval of its token being revoked, rotated or
// expiring, and of the server beginning to drain. /metrics: leadgate_event_streams_open.

#include "net/api_context.h"
#include "net/router.h"

namespace lg::net {

// Registered before GET .../leads/{lead_id}, which would take "events" for a lead id.
void AddLeadStreamRoute(Router& router, const ApiContext& ctx);

}  // namespace lg::net
