// A real EventSource client (npm's `eventsource`, a WhatWG EventSource) following a vendor's
// live lead stream (GET /v2/campaigns/{id}/leads/events) on the real binary:
// - it sees only its own vendor's leads while two vendors post;
// - when its connection drops, it reconnects by itself after the server's retry: hint, sending
//   Last-Event-ID, and gets what changed meanwhile (creates, a PATCH, a deletion's tombstone),
//   nothing missing and nothing repeated: exactly the sort=updated_at feed after that id.
// Usage: node event_stream_client_test.mjs path/to/leadgate
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { apiClient, waitFor } from "../support/api_client.mjs";
import { startLeadgate } from "../support/leadgate_server.mjs";

// eventsource is installed with the documentation tests' npm tools (tests/docs).
const require = createRequire(new URL("../docs/package.json", import.meta.url));
const { EventSource } = require("eventsource");

const server = await startLeadgate(process.argv[2], "leadgate-stream-test-");
const { base, admin } = server;
const api = apiClient(base);
let source;

// fetch for the EventSource: the vendor's token on every request, and a way to cut the current
// connection as a network failure would (the client sees its body end; the server sees the
// connection close).
const connections = [];
function vendorFetch(token) {
  return async (input, init) => {
    const res = await fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
    const reader = res.body.getReader();
    let closed = false;
    let cut;
    const body = new ReadableStream({
      start(controller) {
        cut = () => {
          if (!closed) controller.close();
          closed = true;
          reader.cancel().catch(() => {});
        };
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (closed) return;
          if (done) {
            closed = true;
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (e) {
          if (!closed) controller.error(e);
          closed = true;
        }
      },
      cancel(reason) {
        closed = true;
        return reader.cancel(reason);
      },
    });
    connections.push({ headers: { ...init.headers }, cut: () => cut() });
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

try {
  const campaign = await api("POST", "/v2/campaigns", admin, {
    name: "Live",
    fields: [{ slug: "name", label: "Name", type: "text", required: true }],
    selects: [
      {
        slug: "source",
        label: "Source",
        options: [
          { slug: "vendor-a", label: "A" },
          { slug: "vendor-b", label: "B" },
        ],
      },
    ],
    statuses: [
      { slug: "new", label: "New", type: "active", default: true },
      { slug: "won", label: "Won", type: "won" },
    ],
  });
  const leads = `/v2/campaigns/${campaign.id}/leads`;
  const vendor = async (slug) => {
    const filter = await api("POST", `/v2/campaigns/${campaign.id}/filters`, admin, {
      name: slug,
      match: "all",
      conditions: [{ field: "source", op: "eq", value: slug }],
    });
    return (await api("POST", "/v2/tokens", admin, { name: slug, permission: "read_write", filter_id: filter.id }))
      .token;
  };
  const tokenA = await vendor("vendor-a");
  const tokenB = await vendor("vendor-b");
  const post = async (token, name) => (await api("POST", leads, token, { field_values: { name } })).id;

  const events = []; // {type, id (the event id), data}
  const readies = [];
  source = new EventSource(`${base}${leads}/events`, { fetch: vendorFetch(tokenA) });
  for (const type of ["lead", "lead.deleted"]) {
    source.addEventListener(type, (e) => events.push({ type, id: e.lastEventId, data: JSON.parse(e.data) }));
  }
  source.addEventListener("ready", (e) => readies.push({ id: e.lastEventId, data: JSON.parse(e.data) }));
  await waitFor("the stream's opening", () => readies.length === 1);
  assert.equal(readies[0].data.cursor, readies[0].id);

  // Both vendors post; only vendor A's leads come.
  const a = [];
  for (let i = 0; i < 3; i++) {
    a.push(await post(tokenA, `A${i}`));
    await post(tokenB, `B${i}`);
  }
  await waitFor("vendor A's three leads", () => events.length === 3);
  await new Promise((resolve) => setTimeout(resolve, 500)); // and nothing more
  assert.deepEqual(
    events.map((e) => [e.type, e.data.id]),
    a.map((id) => ["lead", id]),
  );
  for (const e of events) assert.equal(e.data.select_field_values.source, "vendor-a");
  const lastBeforeCut = events.at(-1).id;

  // The connection drops; meanwhile leads come and change.
  connections.at(-1).cut();
  a.push(await post(tokenA, "A3"));
  await post(tokenB, "B3");
  a.push(await post(tokenA, "A4"));
  await api("PATCH", `${leads}/${a[0]}`, tokenA, { status: "won" });
  await api("DELETE", `${leads}/${a[1]}`, admin);
  await post(tokenB, "B4");

  // EventSource reconnects by itself, naming the last event it got.
  await waitFor("the reconnection", () => readies.length === 2, 15000);
  assert.equal(connections.length, 2);
  assert.equal(connections[1].headers["Last-Event-ID"], lastBeforeCut);
  assert.equal(readies[1].id, lastBeforeCut);
  await waitFor("what changed while disconnected", () => events.length === 7);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = events.slice(3);
  assert.deepEqual(
    after.map((e) => [e.type, e.data.id]),
    [
      ["lead", a[3]],
      ["lead", a[4]],
      ["lead", a[0]],
      ["lead.deleted", a[1]],
    ],
  );
  assert.equal(after[2].data.status, "won");
  assert.equal(after[3].data.deleted, true);
  for (const e of after) assert.equal(e.data.select_field_values.source, "vendor-a");

  // Exactly the sync feed after that id, each event's id the cursor just after its item.
  let cursor = lastBeforeCut;
  for (const e of after) {
    const page = await api("GET", `${leads}?sort=updated_at&limit=1&cursor=${cursor}`, tokenA);
    assert.deepEqual(page.data, [e.data]);
    cursor = e.id;
  }
  assert.deepEqual((await api("GET", `${leads}?sort=updated_at&cursor=${cursor}`, tokenA)).data, []);
  const ids = events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, "an event came twice");
  console.log("event_stream_client_test: passed");
} catch (e) {
  console.error(`FAIL: ${e.stack || e.message}`);
  process.exitCode = 1;
} finally {
  source?.close();
  await server.stop();
}
