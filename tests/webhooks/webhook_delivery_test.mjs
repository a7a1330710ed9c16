// Webhooks end to end, with real parts: the leadgate binary delivers to HTTP receivers on
// 127.0.0.1 (allowed for the test through webhooks.allowed_networks), and every delivery is
// verified with npm's `standardwebhooks` (the spec's reference library), not with leadgate's own
// code. Checked as a receiver and an admin see it:
//  - every lead event arrives, signed, once per webhook-id while nothing fails;
//  - a vendor's own endpoint gets only its own leads;
//  - a receiver down for a while, then up: the retry delivers;
//  - SIGKILL while deliveries are in flight: after the restart every event has arrived (counted
//    by webhook-id), none lost;
//  - 410 disables the endpoint; the delivery log shows it; a ping answers with its attempt;
//  - without the allow list, loopback, metadata, private and IPv4-mapped addresses and a name
//    that resolves to loopback are refused, and the receiver hears nothing.
// Usage: node webhook_delivery_test.mjs <leadgate binary>
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { apiClient, waitFor } from "../support/api_client.mjs";
import { startLeadgate } from "../support/leadgate_server.mjs";

const require = createRequire(new URL("../docs/package.json", import.meta.url));
const { Webhook } = require("standardwebhooks");

const leadgate = process.argv[2];
const deadline = setTimeout(() => {
  console.error("FAIL: the test ran over its time");
  process.exit(1);
}, 150000);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// An HTTP receiver that verifies each delivery with the endpoint's secret and answers as told.
class Receiver {
  constructor() {
    this.secret = null;
    this.answer = 200;
    this.delayMs = 0;
    this.received = []; // verified payloads, with their webhook-id
    this.unverified = 0;
    this.requests = 0;
  }
  async listen(port = 0) {
    this.server = createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", async () => {
        this.requests++;
        const body = Buffer.concat(chunks).toString("utf8");
        try {
          const payload = new Webhook(this.secret).verify(body, req.headers);
          this.received.push({ id: req.headers["webhook-id"], ...payload });
        } catch {
          this.unverified++;
        }
        if (this.delayMs) await sleep(this.delayMs);
        res.writeHead(this.answer, { "Content-Type": "text/plain" });
        res.end(`answer ${this.answer}`);
      });
    });
    await new Promise((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    this.port = this.server.address().port;
    this.url = `http://127.0.0.1:${this.port}/hook`;
  }
  async close() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
  ids(type) {
    return new Set(this.received.filter((p) => !type || p.type === type).map((p) => p.id));
  }
}

const allowed = ["--set", "webhooks.allowed_networks=127.0.0.1/32", "--set", "webhooks.allow_http=true"];
let server = await startLeadgate(leadgate, "leadgate-webhooks-test-", { args: allowed });
let api = apiClient(server.base);
const admin = server.admin;
const receivers = [];
let refusingServer = null;
let failed = false;

try {
  const campaign = await api("POST", "/v2/campaigns", admin, {
    name: "Webhooks",
    fields: [{ slug: "name", label: "Name", type: "text", required: true }],
    selects: [
      { slug: "source", label: "Source", required: true, options: [{ slug: "vendor-a" }, { slug: "vendor-b" }] },
    ],
    statuses: [
      { slug: "new", type: "active", default: true },
      { slug: "won", type: "won" },
    ],
  });
  const filter = await api("POST", `/v2/campaigns/${campaign.id}/filters`, admin, {
    name: "Vendor A",
    match: "all",
    conditions: [{ field: "source", op: "eq", value: "vendor-a" }],
  });
  const vendor = await api("POST", "/v2/tokens", admin, {
    name: "Vendor A",
    permission: "read_write",
    campaign_id: campaign.id,
    filter_id: filter.id,
  });

  const all = new Receiver();
  const own = new Receiver();
  receivers.push(all, own);
  await all.listen();
  await own.listen();
  const allEndpoint = await api("POST", "/v2/webhooks", admin, {
    url: all.url,
    campaign_id: campaign.id,
    description: "CRM",
    event_types: ["lead.created", "lead.updated", "lead.status_changed", "lead.deleted"],
  });
  assert.match(allEndpoint.secret, /^whsec_/);
  all.secret = allEndpoint.secret;
  const ownEndpoint = await api("POST", "/v2/webhooks", vendor.token, {
    url: own.url,
    event_types: ["lead.created", "lead.updated"],
  });
  assert.equal(ownEndpoint.filter_id, filter.id);
  own.secret = ownEndpoint.secret;
  // The secret is shown at creation and by reveal only.
  const listed = await api("GET", "/v2/webhooks", admin);
  assert.equal(listed.data.length, 2);
  assert.ok(!JSON.stringify(listed).includes("whsec_"));
  assert.equal((await api("POST", `/v2/webhooks/${allEndpoint.id}/reveal`, admin)).secret, all.secret);
  // A vendor sees its own endpoint only.
  assert.deepEqual(
    (await api("GET", "/v2/webhooks", vendor.token)).data.map((e) => e.id),
    [ownEndpoint.id],
  );
  await api("GET", `/v2/webhooks/${allEndpoint.id}`, vendor.token, undefined, 404);

  // --- every event arrives, verified; the vendor's endpoint gets its own leads only -----------
  const made = [];
  for (let i = 0; i < 5; i++) {
    made.push(
      await api("POST", `/v2/campaigns/${campaign.id}/leads`, vendor.token, {
        field_values: { name: `A${i}` },
        select_field_values: { source: "vendor-a" },
      }),
    );
    made.push(
      await api("POST", `/v2/campaigns/${campaign.id}/leads`, admin, {
        field_values: { name: `B${i}` },
        select_field_values: { source: "vendor-b" },
      }),
    );
  }
  await api("PATCH", `/v2/campaigns/${campaign.id}/leads/${made[0].id}`, admin, { status: "won" });
  // Deleting a lead deletes its events not sent yet: delete once its creation has arrived.
  await waitFor("12 events at the CRM", () => all.ids().size >= 12);
  await api("DELETE", `/v2/campaigns/${campaign.id}/leads/${made[1].id}`, admin, undefined, 204);
  await waitFor("13 events at the CRM", () => all.ids().size >= 13);
  await waitFor("6 events at the vendor", () => own.ids().size >= 6);
  await sleep(500);
  assert.equal(all.unverified + own.unverified, 0, "every delivery verifies");
  assert.equal(all.ids("lead.created").size, 10);
  assert.equal(all.ids("lead.updated").size, 1);
  assert.equal(all.ids("lead.status_changed").size, 1);
  assert.equal(all.ids("lead.deleted").size, 1);
  assert.equal(all.received.length, 13, "nothing delivered twice while nothing failed");
  const changed = all.received.find((p) => p.type === "lead.status_changed");
  assert.equal(changed.data.status_from, "new");
  assert.equal(changed.data.lead.status, "won");
  const deleted = all.received.find((p) => p.type === "lead.deleted");
  assert.equal(deleted.data.lead.deleted, true);
  assert.equal(deleted.data.lead.field_values, undefined);
  assert.equal(own.received.length, 6);
  for (const p of own.received) assert.equal(p.data.lead.select_field_values.source, "vendor-a");
  assert.ok(!own.received.some((p) => JSON.stringify(p).includes('"B')), "no vendor-b lead reaches vendor A");
  console.log("ok every event delivered and verified; the vendor gets its own only");

  // --- a receiver down for a while, then up: the retry delivers -------------------------------
  await all.close();
  const late = await api("POST", `/v2/campaigns/${campaign.id}/leads`, admin, {
    field_values: { name: "Late" },
    select_field_values: { source: "vendor-b" },
  });
  await waitFor("the failed first attempt", async () => {
    const log = await api("GET", `/v2/webhooks/${allEndpoint.id}/deliveries?state=pending`, admin);
    return log.data.some((d) => d.lead_id === late.id && d.attempts.length === 1);
  });
  const pending = (await api("GET", `/v2/webhooks/${allEndpoint.id}/deliveries?state=pending`, admin)).data[0];
  assert.equal(pending.attempts[0].error, "connect_failed");
  await all.listen(all.port);
  await waitFor("the retry", () => all.received.some((p) => p.data?.lead?.id === late.id), 20000);
  // The answer is recorded a moment after the receiver has the request.
  let retried;
  await waitFor("the retry recorded", async () => {
    retried = (await api("GET", `/v2/webhooks/${allEndpoint.id}/deliveries`, admin)).data.find(
      (d) => d.lead_id === late.id,
    );
    return retried.state !== "pending";
  });
  assert.equal(retried.state, "succeeded");
  assert.equal(retried.attempts.length, 2);
  console.log("ok a receiver down, then up, gets the event on the retry");

  // --- SIGKILL with deliveries in flight: none lost --------------------------------------------
  all.delayMs = 400;
  const atStart = all.ids().size;
  const burst = [];
  for (let i = 0; i < 30; i++) {
    burst.push(
      await api("POST", `/v2/campaigns/${campaign.id}/leads`, admin, {
        field_values: { name: `K${i}` },
        select_field_values: { source: "vendor-b" },
      }),
    );
  }
  // Killed mid-way: some delivered, some in flight (the receiver takes 400 ms), the rest queued.
  await waitFor("the first deliveries of the burst", () => all.ids().size >= atStart + 4);
  await server.kill();
  const before = all.ids().size;
  assert.ok(before - atStart < 30, "the kill came before every delivery");
  all.delayMs = 0;
  server = await startLeadgate(leadgate, "", { args: allowed, dir: server.dir });
  api = apiClient(server.base);
  const expected = burst.map((lead) => `evt_${campaign.id}_${Date.parse(lead.updated_at)}_${lead.id}_created`);
  await waitFor("every event of the burst after the restart", () => expected.every((id) => all.ids().has(id)), 30000);
  assert.equal(all.unverified, 0);
  console.log(`ok SIGKILL with deliveries in flight: all 30 arrived (${all.ids().size - before} after the kill)`);

  // --- 410 disables; a ping answers with its attempt -------------------------------------------
  own.answer = 410;
  await api("POST", `/v2/campaigns/${campaign.id}/leads`, vendor.token, {
    field_values: { name: "Gone" },
    select_field_values: { source: "vendor-a" },
  });
  await waitFor(
    "the endpoint disabled",
    async () => !(await api("GET", `/v2/webhooks/${ownEndpoint.id}`, vendor.token)).enabled,
  );
  const gone = await api("GET", `/v2/webhooks/${ownEndpoint.id}`, vendor.token);
  assert.equal(gone.disabled_reason, "gone");
  const failedLog = await api("GET", `/v2/webhooks/${ownEndpoint.id}/deliveries?state=failed`, vendor.token);
  assert.equal(failedLog.data.length, 1);
  assert.equal(failedLog.data[0].attempts[0].status, 410);
  assert.equal(failedLog.data[0].attempts[0].response, "answer 410");
  own.answer = 200;
  const ping = await api("POST", `/v2/webhooks/${ownEndpoint.id}/ping`, vendor.token);
  assert.equal(ping.attempts[0].status, 200);
  assert.ok(own.received.some((p) => p.type === "webhook.ping" && p.data.endpoint_id === ownEndpoint.id));
  await api("PATCH", `/v2/webhooks/${ownEndpoint.id}`, vendor.token, { enabled: true });
  const replay = await api("POST", `/v2/webhooks/${ownEndpoint.id}/replay`, vendor.token, {}, 202);
  assert.equal(replay.replayed, 1);
  await waitFor("the replayed event", () => own.received.some((p) => p.data?.lead?.field_values?.name === "Gone"));
  console.log("ok 410 disables the endpoint; ping and replay deliver");

  const metrics = await (
    await fetch(server.base + "/metrics", { headers: { Authorization: `Bearer ${admin}` } })
  ).text();
  assert.match(metrics, /leadgate_webhook_deliveries_total\{outcome="succeeded"\} [1-9]/);
  assert.match(metrics, /leadgate_webhook_queue_depth /);

  // --- without the allow list: not-public addresses are refused --------------------------------
  refusingServer = await startLeadgate(leadgate, "leadgate-webhooks-ssrf-", {
    args: ["--set", "webhooks.allow_http=true"],
  });
  const refusing = apiClient(refusingServer.base);
  const target = new Receiver();
  receivers.push(target);
  await target.listen();
  const c2 = await refusing("POST", "/v2/campaigns", refusingServer.admin, {
    name: "SSRF",
    fields: [{ slug: "name", label: "Name", type: "text" }],
    statuses: [{ slug: "new", type: "active", default: true }],
  });
  for (const url of [
    target.url,
    `http://localhost:${target.port}/hook`,
    "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.1/hook",
    `http://[::ffff:127.0.0.1]:${target.port}/hook`,
  ]) {
    const endpoint = await refusing("POST", "/v2/webhooks", refusingServer.admin, {
      url,
      event_types: ["lead.created"],
      campaign_id: c2.id,
    });
    const attempt = (await refusing("POST", `/v2/webhooks/${endpoint.id}/ping`, refusingServer.admin)).attempts[0];
    assert.equal(attempt.error, "address_refused", `${url}: ${JSON.stringify(attempt)}`);
    assert.equal(attempt.status, null);
  }
  assert.equal(target.requests, 0, "the refused receiver heard nothing");
  console.log("ok loopback, a name resolving to it, metadata, private and IPv4-mapped addresses are refused");
} catch (e) {
  failed = true;
  console.error("FAIL", e);
} finally {
  await server.stop();
  if (refusingServer) await refusingServer.stop();
  for (const r of receivers) await r.close().catch(() => {});
  clearTimeout(deadline);
}
process.exit(failed ? 1 : 0);
