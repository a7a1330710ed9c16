// The vendor's requests of the Prism conformance test (tests/docs/prism_test.mjs): Vendor XYZ's
// read_write token of the demo (filter source = vendor-xyz) against its own document. Every error
// such a token can meet is provoked where a request can reach it.
import assert from "node:assert/strict";

export async function vendorCases(t, ctx) {
  const V = ctx.tokens.vendor;
  const leads = "/v2/campaigns/1/leads";
  const name = (text) => `vendor: ${text}`;

  await t.allowed(ctx, name("list campaigns"), { path: "/v2/campaigns", token: V }, 200);
  await t.allowed(ctx, name("the campaign"), { path: "/v2/campaigns/1", token: V }, 200);

  // Creates: the values issue 28 found the spec and the server disagreeing on are taken by both.
  const created = await t.allowed(
    ctx,
    name("create with international e-mail, long phone, 5,001 x æ, nulls and campaign_id"),
    {
      method: "POST",
      path: leads,
      token: V,
      body: {
        campaign_id: 1,
        field_values: {
          name: "Jæne Døe",
          email: "jæne@børn.dk",
          phone: "(12) - 34 - 56 - 78 - 90 - 12 - 34 - 56 - 78", // 18 digits, 44 characters
          comment: "æ".repeat(5001),
          postcode: null,
          extra: { any: ["json", 1, null] },
        },
        select_field_values: { region: null },
      },
    },
    201,
    (answer) => assert.match(answer.headers.get("location") ?? "", /\/v2\/campaigns\/1\/leads\/\d+$/),
  );
  const leadId = created?.json?.id;
  // A create of the lead named `leadName` under one Idempotency-Key.
  const keyed = (leadName) => ({
    method: "POST",
    path: leads,
    token: V,
    body: { field_values: { name: leadName } },
    headers: { "Idempotency-Key": "k-1" },
  });
  await t.allowed(ctx, name("create with an Idempotency-Key"), keyed("Idem"), 201);
  await t.allowed(ctx, name("the same again: replayed"), keyed("Idem"), 201, (answer) =>
    assert.equal(answer.headers.get("idempotent-replayed"), "true"),
  );
  await t.allowed(ctx, name("the key again with another body: 422 idempotency_key_reused"), keyed("Other"), 422);
  await t.allowed(
    ctx,
    name("a duplicate by e-mail: 409 duplicate_lead"),
    { method: "POST", path: leads, token: V, body: { field_values: { name: "Again", email: "jæne@børn.dk" } } },
    409,
  );
  await t.allowed(
    ctx,
    name("create through /v2/leads (campaign implied by the token)"),
    { method: "POST", path: "/v2/leads", token: V, body: { field_values: { name: "Via v2/leads" } } },
    201,
  );
  await t.allowed(
    ctx,
    name("create through /leads with campaign_id"),
    { method: "POST", path: "/leads", token: V, body: { campaign_id: 1, field_values: { name: "Via leads" } } },
    201,
  );

  // What the spec refuses, the server refuses.
  const bad = [
    ["5,001 x æ is fine but 10,001 characters are not", { comment: "æ".repeat(10001) }],
    ["jane..doe@example.com", { email: "jane..doe@example.com" }],
    ["a(b)@x.y", { email: "a(b)@x.y" }],
    ["a@-x.y", { email: "a@-x.y" }],
    ['"quoted"@x.y', { email: '"quoted"@x.y' }],
    ["phone ......", { phone: "......" }],
    ["phone of 21 digits", { phone: "123456789012345678901" }],
    ["a required text empty", { name: "" }],
    ["a required field null", { name: null }],
    ["an unknown field", { colour: "red" }],
  ];
  for (const [what, values] of bad) {
    await t.refused(
      ctx,
      name(`create refused: ${what}`),
      { method: "POST", path: leads, token: V, body: { field_values: { name: "X", ...values } } },
      422,
    );
  }
  await t.refused(
    ctx,
    name("create refused: another vendor's source"),
    {
      method: "POST",
      path: leads,
      token: V,
      body: { field_values: { name: "X" }, select_field_values: { source: "solarclick" } },
    },
    422,
  );
  await t.refused(
    ctx,
    name("create refused: campaign_id of another campaign"),
    { method: "POST", path: leads, token: V, body: { campaign_id: 2, field_values: { name: "X" } } },
    422,
  );
  await t.refused(
    ctx,
    name("create refused: a server-owned attribute"),
    { method: "POST", path: leads, token: V, body: { id: 5, field_values: { name: "X" } } },
    422,
  );
  await t.refused(ctx, name("no token: 401"), { path: leads }, 401);
  await t.allowed(ctx, name("an unknown token: 401"), { path: leads, token: "lg_nope" }, 401);

  // Reads and the list's parameters.
  await t.allowed(ctx, name("get the lead"), { path: `${leads}/${leadId}`, token: V }, 200);
  await t.allowed(ctx, name("no such lead: 404"), { path: `${leads}/999999`, token: V }, 404);
  await t.allowed(
    ctx,
    name("list, comma lists of statuses and options"),
    { path: `${leads}?status=new,contacted&source=vendor-xyz&region=north,south`, token: V },
    200,
  );
  const first = await t.allowed(
    ctx,
    name("a page of one: Link rel=next"),
    { path: `${leads}?limit=1`, token: V },
    200,
    (answer) => assert.match(answer.headers.get("link") ?? "", /rel="next"/),
  );
  if (first?.json?.meta?.next_cursor) {
    await t.allowed(
      ctx,
      name("the next page by cursor"),
      { path: `${leads}?limit=1&cursor=${first.json.meta.next_cursor}`, token: V },
      200,
    );
  }
  await t.allowed(ctx, name("pages by number"), { path: `${leads}?page=2&per_page=1`, token: V }, 200);
  await t.allowed(
    ctx,
    name("the sync feed"),
    { path: `${leads}?sort=updated_at&updated_after=2020-01-01T00:00:00Z`, token: V },
    200,
  );
  await t.refused(ctx, name("list refused: limit 0"), { path: `${leads}?limit=0`, token: V }, 400);
  await t.refused(ctx, name("list refused: an unknown status"), { path: `${leads}?status=new,nope`, token: V }, 400);
  await t.refused(
    ctx,
    name("list refused: another vendor's option"),
    { path: `${leads}?source=solarclick`, token: V },
    400,
  );
  await t.refused(ctx, name("list refused: a bad time"), { path: `${leads}?created_after=yesterday`, token: V }, 400);
  await t.allowed(
    ctx,
    name("list: an unknown parameter is a documented 400"),
    { path: `${leads}?colour=red`, token: V },
    400,
  );
  await t.allowed(
    ctx,
    name("list: a cursor not of this API is a documented 400"),
    { path: `${leads}?cursor=zz`, token: V },
    400,
  );

  // Changes.
  await t.allowed(
    ctx,
    name("patch: status and a value cleared"),
    {
      method: "PATCH",
      path: `${leads}/${leadId}`,
      token: V,
      body: { status: "contacted", field_values: { comment: null } },
    },
    200,
  );
  await t.refused(
    ctx,
    name("patch refused: an unknown status"),
    { method: "PATCH", path: `${leads}/${leadId}`, token: V, body: { status: "gone" } },
    422,
  );
  await t.allowed(
    ctx,
    name("patch: no such lead 404"),
    { method: "PATCH", path: `${leads}/999999`, token: V, body: { status: "won" } },
    404,
  );

  // Bulk: a JSON array, NDJSON under both its names, and a type it does not take.
  const one = JSON.stringify({ field_values: { name: "Bulk" } });
  await t.allowed(
    ctx,
    name("bulk JSON array"),
    { method: "POST", path: `${leads}/bulk`, token: V, body: `[${one},${one}]` },
    200,
  );
  await t.allowed(
    ctx,
    name("bulk application/x-ndjson"),
    { method: "POST", path: `${leads}/bulk`, token: V, body: `${one}\n${one}\n`, type: "application/x-ndjson" },
    200,
  );
  await t.allowed(
    ctx,
    name("bulk application/ndjson"),
    { method: "POST", path: `${leads}/bulk`, token: V, body: `${one}\n`, type: "application/ndjson" },
    200,
  );
  await t.refused(
    ctx,
    name("bulk text/csv: 415"),
    { method: "POST", path: `${leads}/bulk`, token: V, body: "name\nBulk\n", type: "text/csv" },
    415,
  );

  // Statistics: JSON, CSV, and the select a vendor may not group by (403).
  await t.allowed(ctx, name("stats"), { path: "/v2/campaigns/1/stats?group_by=source", token: V }, 200);
  await t.allowed(
    ctx,
    name("stats as CSV"),
    { path: "/v2/campaigns/1/stats?group_by=source", token: V, headers: { Accept: "text/csv" } },
    200,
  );
  await t.refused(
    ctx,
    name("stats by region: the spec offers source only, the server answers 403"),
    { path: "/v2/campaigns/1/stats?group_by=region", token: V },
    403,
  );

  // The event stream's refusals (its 200 never ends: see the header comment).
  await t.allowed(
    ctx,
    name("event stream with a bad cursor: 400"),
    { path: `${leads}/events?cursor=zz`, token: V },
    400,
  );

  // Webhook endpoints of the token's own.
  const hook = await t.allowed(
    ctx,
    name("webhook create"),
    {
      method: "POST",
      path: "/v2/webhooks",
      token: V,
      body: { url: "https://hooks.example.com/leadgate", event_types: ["lead.created"] },
    },
    201,
  );
  const hookId = hook?.json?.id ?? 999999;
  await t.allowed(ctx, name("webhook list"), { path: "/v2/webhooks", token: V }, 200);
  await t.allowed(ctx, name("webhook get"), { path: `/v2/webhooks/${hookId}`, token: V }, 200);
  await t.allowed(
    ctx,
    name("webhook patch"),
    { method: "PATCH", path: `/v2/webhooks/${hookId}`, token: V, body: { description: "ø".repeat(500) } },
    200,
  );
  await t.refused(
    ctx,
    name("webhook patch refused: 501 characters"),
    { method: "PATCH", path: `/v2/webhooks/${hookId}`, token: V, body: { description: "ø".repeat(501) } },
    422,
  );
  await t.allowed(
    ctx,
    name("webhook reveal"),
    { method: "POST", path: `/v2/webhooks/${hookId}/reveal`, token: V },
    200,
  );
  await t.allowed(
    ctx,
    name("webhook rotate"),
    { method: "POST", path: `/v2/webhooks/${hookId}/rotate`, token: V, body: { overlap_hours: 1 } },
    200,
  );
  await t.allowed(ctx, name("webhook deliveries"), { path: `/v2/webhooks/${hookId}/deliveries`, token: V }, 200);
  await t.allowed(
    ctx,
    name("webhook replay"),
    { method: "POST", path: `/v2/webhooks/${hookId}/replay`, token: V, body: {} },
    202,
  );
  await t.allowed(ctx, name("webhook delete"), { method: "DELETE", path: `/v2/webhooks/${hookId}`, token: V }, 204);
  await t.allowed(ctx, name("webhook gone: 404"), { path: `/v2/webhooks/${hookId}`, token: V }, 404);

  // Limits: a body over the server's limit that the spec takes (413), headers over the limit
  // (431), the token's rate (429).
  await t.allowed(
    ctx,
    name("a body over 1 MiB: 413"),
    { method: "POST", path: leads, token: V, body: { field_values: { name: "Big", extra: "x".repeat(1100000) } } },
    413,
  );
  await t.allowed(
    ctx,
    name("headers over the limit: 431"),
    { path: leads, token: V, headers: { "X-Padding": "p".repeat(9000) } },
    431,
  );
  // A token of 1 request per second, burst 1: of three at once, one gets through at most.
  await t.check(name("a slow token's requests at once: 429 with Retry-After"), async () => {
    const req = { path: "/v2/campaigns/1", token: ctx.tokens.throttled };
    const answers = await Promise.all([1, 2, 3].map(() => t.send(ctx.strict.url, req)));
    assert.ok(answers.filter((a) => a.status === 429).length >= 2, answers.map((a) => a.status).join(", "));
    for (const answer of answers) {
      assert.ok(answer.status === 200 || answer.status === 429, answer.text.slice(0, 300));
      t.checkDocumented(ctx.spec, "GET", "/v2/campaigns/1", answer);
      if (answer.status === 429) assert.ok(answer.headers.get("retry-after"), "Retry-After");
    }
  });

  // What Prism cannot carry (see prism_test.mjs), checked against the spec directly.
  await t.direct(
    ctx,
    name("a body that is not JSON: 400"),
    leads,
    { method: "POST", path: leads, token: V, body: '{"field_values": ' },
    400,
  );
  await t.direct(
    ctx,
    name("a key twice: 400"),
    leads,
    { method: "POST", path: leads, token: V, body: '{"status": "new", "status": "won"}' },
    400,
  );
  await t.direct(
    ctx,
    name("curl -d's form type is read as JSON"),
    leads,
    {
      method: "POST",
      path: leads,
      token: V,
      body: '{"field_values": {"name": "Form"}}',
      type: "application/x-www-form-urlencoded",
    },
    201,
  );
  await t.direct(ctx, name("a GET with a body: 413"), leads, { path: leads, token: V, body: "{}" }, 413);
  await t.check(name("a method a path does not have: 405 with Allow"), async () => {
    const answer = await t.send(ctx.base, { method: "PUT", path: leads, token: V, body: "{}" });
    assert.equal(answer.status, 405);
    assert.deepEqual((answer.headers.get("allow") ?? "").split(", ").sort(), ["GET", "HEAD", "POST"]);
    t.checkResponseObject(ctx.spec, ctx.spec.components.responses.MethodNotAllowed, answer, "405");
  });
}
