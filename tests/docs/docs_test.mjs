// The documentation of several tokens, checked with real tools against a live server:
// - every OpenAPI document passes an OpenAPI 3.1 validator, its YAML form says the same, and
//   every example validates against its schema (ajv, JSON Schema 2020-12);
// - newman runs the Postman collection with the token given as a variable: every request passes;
// - headless Chromium renders the HTML page's schema tables and requests nothing from any other
//   host;
// - no form of a vendor token's docs holds another vendor's option, a lead value or a secret;
// - DELETE and the erasure are offered exactly to the tokens that may call them, and the sync
//   feed's items, tombstones of deleted leads included, validate against the documented list;
// - every token, a reader too, is offered the webhook endpoints API; the `webhooks` section has an
//   entry per event type whose example validates, and every example delivery verifies with the
//   standardwebhooks package under the example secret the page names.
// Usage: node docs_test.mjs path/to/leadgate
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import YAML from "yaml";
import newman from "newman";
import { chromium } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { apiClient } from "../support/api_client.mjs";
import { newAjv } from "./json_schema.mjs";
import { startLeadgate } from "../support/leadgate_server.mjs";

const leadgate = process.argv[2];
let passed = 0;
const failures = [];

async function check(name, fn) {
  try {
    await fn();
    passed++;
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
    console.error(`FAIL ${name}: ${e.message}`);
  }
}

const server = await startLeadgate(leadgate, "leadgate-docs-test-");
const { base, admin } = server;
const api = apiClient(base);

// Campaign 1 has every field type and several selects; vendors A, B and C share it.
const everything = await api("POST", "/v2/campaigns", admin, {
  name: "All types",
  fields: [
    { slug: "name", label: "Name", type: "text", required: true, description: "Full name" },
    { slug: "email", label: "E-mail", type: "email", required: true },
    { slug: "phone", label: "Phone", type: "phone" },
    { slug: "budget", label: "Budget", type: "number" },
    { slug: "move_date", label: "Moving date", type: "date" },
    { slug: "callback_at", label: "Call back at", type: "datetime" },
    { slug: "newsletter", label: "Newsletter", type: "checkbox" },
    { slug: "extra", label: "Extra data", type: "json" },
  ],
  selects: [
    {
      slug: "source",
      label: "Source",
      required: true,
      options: [
        { slug: "vendor-aaa", label: "Alpha Leads" },
        { slug: "vendor-bbb", label: "Bravo Media" },
        { slug: "vendor-ccc", label: "Charlie Clicks" },
      ],
    },
    {
      slug: "region",
      label: "Region",
      required: true,
      options: [
        { slug: "north", label: "North" },
        { slug: "south", label: "South" },
      ],
    },
    {
      slug: "product",
      label: "Product",
      options: [
        { slug: "solar", label: "Solar" },
        { slug: "heat-pump", label: "Heat pump" },
      ],
    },
  ],
  statuses: [
    { slug: "new", label: "New", type: "active", default: true },
    { slug: "contacted", label: "Contacted", type: "active" },
    { slug: "won", label: "Won", type: "won" },
  ],
  duplicate_rules: [
    { name: "Same e-mail", match: "any", fields: ["email", "phone"], window_seconds: 86400, action: "flag" },
  ],
});
const simple = await api("POST", "/v2/campaigns", admin, {
  name: "Simple",
  fields: [{ slug: "full_name", label: "Full name", type: "text", required: true }],
  selects: [{ slug: "channel", label: "Channel", options: [{ slug: "web", label: "Web" }] }],
  statuses: [
    { slug: "open", label: "Open", type: "active", default: true },
    { slug: "closed", label: "Closed", type: "lost" },
  ],
});

async function vendorToken(letter, permission, extra = {}) {
  const filter = await api("POST", `/v2/campaigns/${everything.id}/filters`, admin, {
    name: `Vendor ${letter} ${permission}`,
    match: "all",
    conditions: [{ field: "source", op: "eq", value: `vendor-${letter}` }],
  });
  return api("POST", "/v2/tokens", admin, {
    name: `Vendor ${letter} (${permission})`,
    permission,
    campaign_id: everything.id,
    filter_id: filter.id,
    ...extra,
  });
}

const vendorA = await vendorToken("aaa", "read_write");
const vendorARead = await vendorToken("aaa", "read");
const vendorB = await vendorToken("bbb", "read_write");
const vendorADeleter = await vendorToken("aaa", "read_write", { can_delete_leads: true });
const simpleRead = await api("POST", "/v2/tokens", admin, {
  name: "Simple reader",
  permission: "read",
  campaign_id: simple.id,
});
const accountWriter = await api("POST", "/v2/tokens", admin, { name: "CRM", permission: "read_write" });
const secrets = [
  admin,
  vendorA.token,
  vendorARead.token,
  vendorB.token,
  vendorADeleter.token,
  simpleRead.token,
  accountWriter.token,
];

// Leads with values that must never show up in any documentation.
const leadMarker = "Zyxwvut Leadvalue";
for (const source of ["vendor-aaa", "vendor-bbb", "vendor-ccc"]) {
  await api("POST", `/v2/campaigns/${everything.id}/leads`, admin, {
    field_values: { name: `${leadMarker} ${source}`, email: `zyx.${source}@leads.invalid` },
    select_field_values: { source, region: "north" },
  });
}
await api("POST", `/v2/campaigns/${simple.id}/leads`, admin, {
  field_values: { full_name: leadMarker },
  select_field_values: { channel: "web" },
});

// `auth`: the Bearer token the docs need: the account docs, and the docs links of tokens without a
// filter, are admin-only by default; none for a filtered token's docs link, which is public.
const authHeaders = (auth) => (auth ? { Authorization: `Bearer ${auth}` } : {});

async function fetchDocs(pathBase, auth) {
  const get = async (suffix) => {
    const res = await fetch(base + pathBase + suffix, { headers: authHeaders(auth) });
    assert.equal(res.status, 200, `${pathBase + suffix} status`);
    return res.text();
  };
  return {
    html: await get(""),
    json: await get("/openapi.json"),
    yaml: await get("/openapi.yaml"),
    postman: await get("/postman.json"),
  };
}

const docsPath = (token) => new URL(token.docs_url).pathname;
// `remove`: the token may delete and erase leads (DELETE and /v2/leads/erase are documented).
// The deleter goes first, so the feeds the vendor A tokens read after it hold a tombstone.
const cases = [
  {
    name: "vendor A can_delete_leads",
    token: vendorADeleter,
    path: docsPath(vendorADeleter),
    write: true,
    remove: true,
    foreign: ["vendor-bbb", "vendor-ccc", "Bravo Media", "Charlie Clicks"],
  },
  {
    name: "vendor A read_write",
    token: vendorA,
    path: docsPath(vendorA),
    write: true,
    remove: false,
    foreign: ["vendor-bbb", "vendor-ccc", "Bravo Media", "Charlie Clicks"],
  },
  {
    name: "vendor A read",
    token: vendorARead,
    path: docsPath(vendorARead),
    write: false,
    remove: false,
    foreign: ["vendor-bbb", "vendor-ccc", "Bravo Media", "Charlie Clicks"],
  },
  {
    name: "vendor B read_write",
    token: vendorB,
    path: docsPath(vendorB),
    write: true,
    remove: false,
    foreign: ["vendor-aaa", "vendor-ccc", "Alpha Leads", "Charlie Clicks"],
  },
  {
    name: "simple read",
    token: simpleRead,
    path: docsPath(simpleRead),
    auth: admin,
    write: false,
    remove: false,
    foreign: ["vendor-aaa", "All types"],
  },
  {
    name: "account docs",
    token: accountWriter,
    path: "/a/leadgate/api-documentation",
    auth: admin,
    write: true,
    remove: true,
    foreign: [],
  },
];

const openapiValidator = new Validator();

// Every (schema, example) pair of the document's media types.
function examplesOf(spec) {
  const out = [];
  const walk = (node, where) => {
    if (!node || typeof node !== "object") return;
    if (node.schema && node.examples) {
      for (const [name, ex] of Object.entries(node.examples))
        out.push({ where: `${where} ${name}`, schema: node.schema, value: ex.value });
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
  };
  walk(spec.paths, "paths");
  walk(spec.webhooks, "webhooks");
  return out;
}

const eventTypes = ["lead.created", "lead.updated", "lead.status_changed", "lead.deleted", "webhook.ping"];
const isWebhookApi = (op) => op.includes(" /v2/webhooks");

// The text of an HTML element's content, entities decoded (the page escapes exactly these).
const unescapeHtml = (text) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

// Whether `wh` accepts a delivery: verify() with the clock set to the delivery's own timestamp
// (the examples are long past, and verify() refuses anything 5 minutes off).
function verifies(wh, body, headers) {
  const now = Date.now;
  Date.now = () => Number(headers["webhook-timestamp"]) * 1000;
  try {
    return JSON.stringify(wh.verify(body, headers)) === JSON.stringify(JSON.parse(body));
  } catch {
    return false;
  } finally {
    Date.now = now;
  }
}

function operations(spec) {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ["get", "post", "patch", "put", "delete"])
      if (item[method]) ops.push(`${method.toUpperCase()} ${path}`);
  }
  return ops;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});

for (const c of cases) {
  const docs = await fetchDocs(c.path, c.auth);
  const spec = JSON.parse(docs.json);

  await check(`${c.name}: OpenAPI 3.1 validator`, async () => {
    const result = await openapiValidator.validate(structuredClone(spec));
    assert.equal(openapiValidator.version, "3.1");
    assert.ok(result.valid, String(JSON.stringify(result.errors)).slice(0, 2000));
  });

  await check(`${c.name}: YAML says what JSON says`, async () => {
    assert.deepEqual(YAML.parse(docs.yaml), spec);
  });

  await check(`${c.name}: every example validates against its schema`, async () => {
    const ajv = newAjv();
    ajv.addSchema({ $id: "https://spec.invalid/openapi", components: spec.components }, "spec");
    const pairs = examplesOf(spec);
    assert.ok(pairs.length >= (c.write ? 4 : 2), `only ${pairs.length} examples`);
    for (const { where, schema, value } of pairs) {
      const rooted = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"https://spec.invalid/openapi#/components/'),
      );
      const validate = ajv.compile(rooted);
      assert.ok(validate(value), `${where}: ${JSON.stringify(validate.errors)}`);
    }
  });

  await check(`${c.name}: operations follow the permission`, async () => {
    // The webhook endpoints API is every token's (reading is enough): lead operations only here.
    const ops = operations(spec).filter((o) => !isWebhookApi(o));
    const writes = ops.filter((o) => o.startsWith("POST") || o.startsWith("PATCH"));
    if (c.write) assert.ok(writes.length >= 2, ops.join(", "));
    else assert.deepEqual(writes, []);
    const postman = JSON.parse(docs.postman);
    const methods = postman.item.filter((i) => i.request).map((i) => i.request.method);
    assert.equal(methods.includes("POST"), c.write);
    const leadHtml = docs.html.split('<h2 id="webhooks"')[0];
    assert.ok(/>POST</.test(leadHtml) === c.write, "HTML endpoint table");
    assert.equal(
      ops.some((o) => o.endsWith("/leads/bulk")),
      c.write,
      "bulk endpoint only for writers",
    );
    if (c.write && c.name !== "simple read") assert.ok(docs.html.includes("Duplicate rules"), "duplicate rules shown");
    // Deleting: only for tokens the API lets delete (a vendor needs can_delete_leads).
    assert.equal(
      ops.some((o) => /^DELETE .*\/leads\/\{lead_id\}$/.test(o)),
      c.remove,
      "OpenAPI DELETE",
    );
    assert.equal(ops.includes("POST /v2/leads/erase"), c.remove, "OpenAPI erase");
    assert.equal(methods.includes("DELETE"), c.remove, "Postman DELETE");
    assert.equal(
      postman.item.some((i) => i.request?.url.raw.endsWith("/v2/leads/erase")),
      c.remove,
      "Postman erase",
    );
    assert.equal(/>DELETE</.test(leadHtml), c.remove, "HTML endpoint table");
    assert.equal(docs.html.includes('id="deleting"'), c.remove, "HTML section on deleting leads");
    assert.ok(docs.html.includes("tombstone item"), "HTML sync section names tombstones");
  });

  await check(`${c.name}: webhooks are documented in every form`, async () => {
    assert.deepEqual(Object.keys(spec.webhooks ?? {}), eventTypes);
    for (const type of eventTypes) {
      const post = spec.webhooks[type].post;
      const example = post.requestBody.content["application/json"].examples.example.value;
      assert.equal(example.type, type);
      assert.deepEqual(
        post.parameters.map((p) => p.name),
        ["webhook-id", "webhook-timestamp", "webhook-signature"],
      );
      assert.ok(post.responses["2XX"] && post.responses["410"], `${type} answers`);
    }
    const ops = operations(spec).filter(isWebhookApi);
    for (const op of [
      "POST /v2/webhooks",
      "GET /v2/webhooks",
      "PATCH /v2/webhooks/{webhook_id}",
      "DELETE /v2/webhooks/{webhook_id}",
      "POST /v2/webhooks/{webhook_id}/ping",
      "GET /v2/webhooks/{webhook_id}/deliveries",
      "POST /v2/webhooks/{webhook_id}/replay",
    ]) {
      assert.ok(ops.includes(op), `OpenAPI ${op}`);
    }
    const folder = JSON.parse(docs.postman).item.find((i) => i.name === "Webhooks");
    assert.ok(
      folder && folder.item.some((i) => i.request.method === "POST" && i.request.url.raw.endsWith("/v2/webhooks")),
      "Postman Webhooks folder",
    );
    for (const part of ['id="webhooks"', "require(&quot;standardwebhooks&quot;)", "hmac.new(", "webhook-signature"]) {
      assert.ok(docs.html.includes(part), `HTML ${part}`);
    }
  });

  // The event stream's example reads as SSE, and its events' data as the documented lead and tombstone.
  await check(`${c.name}: live changes are documented`, async () => {
    const ajv = newAjv();
    ajv.addSchema({ $id: "https://spec.invalid/openapi", components: spec.components }, "spec");
    const streams = Object.keys(spec.paths).filter((p) => p.endsWith("/leads/events"));
    assert.ok(streams.length >= 1, "no event stream path");
    for (const path of streams) {
      const get = spec.paths[path].get;
      assert.ok(
        get.parameters.some((p) => p.name === "Last-Event-ID" && p.in === "header"),
        `${path} Last-Event-ID`,
      );
      const media = get.responses["200"].content["text/event-stream"];
      const leads = path.slice(0, -"/events".length);
      const wait = spec.paths[leads].get.parameters.find((p) => p.name === "wait");
      assert.ok(wait && wait.schema.minimum === 0 && wait.schema.maximum === 60, `${leads} wait`);
      const leadRef = spec.paths[`${leads}/{lead_id}`].get.responses["200"].content["application/json"].schema.$ref;
      const events = media.examples.example.value.split("\n\n").filter((e) => e.includes("event: "));
      assert.deepEqual(
        events.map((e) => e.match(/^event: (.*)$/m)[1]),
        ["ready", "lead", "lead.deleted"],
      );
      for (const event of events.slice(1)) {
        const ref = event.includes("event: lead.deleted") ? leadRef.replace(/\/Lead(\d*)$/, "/DeletedLead$1") : leadRef;
        const validate = ajv.compile({
          $ref: ref.replace("#/components/", "https://spec.invalid/openapi#/components/"),
        });
        const data = JSON.parse(event.match(/^data: (.*)$/m)[1]);
        assert.ok(validate(data), `${path} ${event.slice(0, 40)}: ${JSON.stringify(validate.errors)}`);
      }
    }
    assert.ok(docs.html.includes('id="live"') && docs.html.includes("curl -N"), "HTML Live changes section");
    const poll = JSON.parse(docs.postman).item.find((i) => i.name?.startsWith("Long-poll changes"));
    assert.ok(poll && poll.request.url.raw.includes("sort=updated_at&wait="), "Postman long-poll request");
  });

  await check(`${c.name}: example deliveries verify with standardwebhooks`, async () => {
    const secret = docs.html.match(/whsec_[A-Za-z0-9+/]+=*/)[0];
    const wh = new Webhook(secret);
    // The page's example request, byte for byte.
    const request = unescapeHtml(docs.html.match(/<pre id="webhook-example-request"><code>([^]*?)<\/code><\/pre>/)[1]);
    const [head, body] = request.split("\n\n");
    const headers = Object.fromEntries(
      head
        .split("\n")
        .slice(1)
        .map((line) => line.split(": ")),
    );
    assert.ok(verifies(wh, body, headers), "the page's example request");
    assert.ok(!verifies(wh, body.replace("}}}", "} }}"), headers), "a changed body must not verify");
    // Each event's example in the spec, sent as the server sends JSON (no blanks).
    for (const type of eventTypes) {
      const post = spec.webhooks[type].post;
      const headersOf = Object.fromEntries(post.parameters.map((p) => [p.name, String(p.examples.example.value)]));
      const value = post.requestBody.content["application/json"].examples.example.value;
      assert.ok(verifies(wh, JSON.stringify(value), headersOf), type);
    }
  });

  await check(`${c.name}: no foreign option, lead value or secret in any form`, async () => {
    for (const [form, text] of Object.entries(docs)) {
      for (const word of [...c.foreign, leadMarker, "leads.invalid", ...secrets]) {
        assert.ok(!text.includes(word), `${form} contains ${word.startsWith("lg_") ? "a token secret" : word}`);
      }
    }
  });

  await check(`${c.name}: newman runs the collection`, async () => {
    const collection = JSON.parse(docs.postman);
    const summary = await new Promise((resolve, reject) => {
      newman.run({ collection, envVar: [{ key: "token", value: c.token.token }], reporters: [] }, (err, s) =>
        err ? reject(err) : resolve(s),
      );
    });
    const failed = summary.run.failures.map((f) => `${f.source?.name}: ${f.error?.message}`);
    assert.deepEqual(failed, []);
    assert.ok(summary.run.stats.requests.total >= (c.write ? 6 : 4), `${summary.run.stats.requests.total} requests`);
    assert.equal(summary.run.stats.assertions.failed, 0);
  });

  // After the collection ran (and, for a token that may delete, deleted the lead it created), the
  // sync feed answers what the OpenAPI list schema says, tombstones included.
  await check(`${c.name}: the sync feed validates against the documented list`, async () => {
    const campaign = c.name === "simple read" ? simple : everything;
    const listPath = `/v2/campaigns/${campaign.id}/leads`;
    const schema = spec.paths[listPath].get.responses["200"].content["application/json"].schema;
    const ajv = newAjv();
    ajv.addSchema({ $id: "https://spec.invalid/openapi", components: spec.components }, "spec");
    const validate = ajv.compile(
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://spec.invalid/openapi#/components/')),
    );
    const page = await api("GET", `${listPath}?sort=updated_at&limit=500`, c.token.token);
    assert.ok(validate(page), JSON.stringify(validate.errors).slice(0, 2000));
    assert.ok(page.data.length > 0, "the feed is empty");
    if (c.remove)
      assert.ok(
        page.data.some((item) => item.deleted === true),
        "no tombstone of the deleted lead",
      );
  });

  // The statistics as documented: the live answer (JSON and CSV) is what the spec's schema and
  // example say, a vendor is offered the select its filter pins only, and the other is refused
  // with the documented 403.
  await check(`${c.name}: the statistics answer what the docs say`, async () => {
    const paths = Object.keys(spec.paths).filter((p) => p.endsWith("/stats"));
    const campaigns =
      c.name === "account docs" ? [everything, simple] : [c.name === "simple read" ? simple : everything];
    assert.deepEqual(
      paths,
      campaigns.map((campaign) => `/v2/campaigns/${campaign.id}/stats`),
    );
    const ajv = newAjv();
    for (const path of paths) {
      const get = spec.paths[path].get;
      const groupBy = get.parameters.find((p) => p.name === "group_by").schema.enum;
      const vendor = c.foreign.includes("vendor-ccc");
      const campaign = campaigns.find((x) => path === `/v2/campaigns/${x.id}/stats`);
      assert.deepEqual(groupBy, vendor ? ["source"] : campaign.selects.map((s) => s.slug), `${path} group_by`);
      const content = get.responses["200"].content;
      const validate = ajv.compile(content["application/json"].schema);
      const answer = await api("GET", `${path}?group_by=${groupBy[0]}`, c.token.token);
      assert.ok(validate(answer), `${path}: ${JSON.stringify(validate.errors).slice(0, 1000)}`);
      assert.ok(answer.totals.length > 0, `${path}: no totals`);
      if (vendor)
        assert.ok(
          answer.totals.every((t) => !c.foreign.includes(t.option)),
          "another vendor's totals",
        );
      const csv = await fetch(`${base}${path}?group_by=${groupBy[0]}`, {
        headers: { ...authHeaders(c.token.token), Accept: "text/csv" },
      });
      assert.equal(csv.status, 200);
      const header = (text) => text.split("\r\n")[0];
      assert.equal(header(await csv.text()), header(content["text/csv"].examples.example.value), `${path} CSV header`);
      if (vendor) {
        const refused = await fetch(`${base}${path}?group_by=region`, { headers: authHeaders(c.token.token) });
        assert.equal(refused.status, 403);
        const documented = get.responses["403"].content["application/problem+json"].examples.example.value;
        assert.equal((await refused.json()).code, documented.code);
      } else {
        assert.equal(get.responses["403"], undefined, `${path}: a 403 this token never gets`);
      }
      assert.ok(docs.html.includes(path), `HTML names ${path}`);
    }
    assert.ok(docs.html.includes('id="stats"'), "HTML Statistics section");
    const postman = JSON.parse(docs.postman).item.filter((i) => i.request?.url.raw.includes("/stats?"));
    assert.equal(postman.length, paths.length, "Postman statistics requests");
  });

  await check(`${c.name}: Chromium renders the tables and loads nothing from elsewhere`, async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      extraHTTPHeaders: authHeaders(c.auth),
    });
    const page = await context.newPage();
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    const res = await page.goto(base + c.path, { waitUntil: "load" });
    assert.equal(res.status(), 200);
    for (const campaign of spec.paths ? [everything, simple] : []) {
      const inDocs =
        c.name === "account docs" ||
        (c.name === "simple read" ? campaign.id === simple.id : campaign.id === everything.id);
      const rows = await page.locator(`#campaign-${campaign.id}-fields-table tbody tr`).count();
      assert.equal(rows, inDocs ? campaign.fields.length : 0, `fields rows of campaign ${campaign.id}`);
      if (inDocs) {
        const text = await page.locator(`#campaign-${campaign.id}-fields-table`).innerText();
        for (const f of campaign.fields) assert.ok(text.includes(f.slug), `field ${f.slug} shown`);
        const selects = await page.locator(`#campaign-${campaign.id}-selects-table tbody tr`).count();
        assert.equal(selects, campaign.selects.length);
      }
    }
    assert.ok((await page.locator("button.copy").count()) >= 2, "copy buttons");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than a phone screen`);
    const foreign = requested.filter((u) => !u.startsWith(base + "/"));
    assert.deepEqual(foreign, []);
    await context.close();
  });
}

await check("account docs refuse a request without a token", async () => {
  const res = await fetch(base + "/a/leadgate/api-documentation/openapi.json");
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.ok(!(await res.text()).includes("vendor-bbb"));
});

await check("the docs links of tokens without a filter refuse a request without an admin token", async () => {
  for (const token of [accountWriter, simpleRead]) {
    const anonymous = await fetch(token.docs_url + "/openapi.json");
    assert.equal(anonymous.status, 401);
    assert.ok(!(await anonymous.text()).includes("vendor-bbb"));
    const own = await fetch(token.docs_url + "/openapi.json", { headers: authHeaders(token.token) });
    assert.equal(own.status, 403);
  }
});

await check("a schema change shows on the next load", async () => {
  await api("POST", `/v2/campaigns/${everything.id}/fields`, admin, {
    slug: "roof_area",
    label: "Roof area",
    type: "number",
  });
  const spec = await (await fetch(base + docsPath(vendorA) + "/openapi.json")).json();
  assert.ok(spec.components.schemas.LeadCreate.properties.field_values.properties.roof_area);
  const html = await (await fetch(base + docsPath(vendorA))).text();
  assert.ok(html.includes("roof_area"));
});

await browser.close();
await server.stop();
console.log(`docs_test: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
