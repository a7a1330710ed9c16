// The account's requests of the Prism conformance test (tests/docs/prism_test.mjs): the admin
// token, and an account-level read_write token (a CRM), against the account document, which lists
// every operation an account or admin token may call. The CRM meets the 403 of each admin-only
// kind of operation.
import assert from "node:assert/strict";

export async function accountCases(t, ctx) {
  const A = ctx.admin;
  const W = ctx.tokens.crm;
  const name = (text) => `account: ${text}`;
  const c = "/v2/campaigns/1";
  const post = (path, token, body) => ({ method: "POST", path, token, body });
  const patch = (path, token, body) => ({ method: "PATCH", path, token, body });

  await t.allowed(ctx, name("list campaigns"), { path: "/v2/campaigns", token: W }, 200);
  await t.allowed(ctx, name("the campaign"), { path: c, token: W }, 200);

  // Campaigns and their schema.
  await t.allowed(
    ctx,
    name("create a campaign"),
    post("/v2/campaigns", A, {
      name: "Heat pumps",
      fields: [{ slug: "name", label: "Name", type: "text", required: true }],
      statuses: [{ slug: "new", label: "New", type: "active", default: true }],
    }),
    201,
  );
  await t.allowed(ctx, name("create a campaign: the CRM may not (403)"), post("/v2/campaigns", W, { name: "No" }), 403);
  await t.allowed(ctx, name("rename the campaign"), patch(c, A, { name: "Solar DK (demo)" }), 200);
  await t.refused(
    ctx,
    name("campaign patch refused: fields go through their own path"),
    patch(c, A, { fields: [] }),
    422,
  );
  await t.allowed(
    ctx,
    name("add a field"),
    post(`${c}/fields`, A, { slug: "budget", label: "Budget", type: "number" }),
    201,
  );
  await t.allowed(
    ctx,
    name("add a field: the CRM may not (403)"),
    post(`${c}/fields`, W, { slug: "x", type: "text" }),
    403,
  );
  await t.refused(
    ctx,
    name("add a field refused: an unknown type"),
    post(`${c}/fields`, A, { slug: "y", type: "money" }),
    422,
  );
  await t.allowed(ctx, name("change a field"), patch(`${c}/fields/budget`, A, { label: "Budget (DKK)" }), 200);
  await t.refused(ctx, name("change a field refused: its type"), patch(`${c}/fields/budget`, A, { type: "text" }), 422);
  await t.allowed(ctx, name("change a field: no such field (404)"), patch(`${c}/fields/nope`, A, { label: "x" }), 404);
  await t.allowed(
    ctx,
    name("add a select"),
    post(`${c}/selects`, A, { slug: "channel", label: "Channel", options: [{ slug: "web", label: "Web" }] }),
    201,
  );
  await t.allowed(ctx, name("change a select"), patch(`${c}/selects/channel`, A, { label: "Sales channel" }), 200);
  await t.allowed(
    ctx,
    name("add an option"),
    post(`${c}/selects/channel/options`, A, { slug: "phone-in", label: "Phone" }),
    201,
  );
  await t.allowed(
    ctx,
    name("change an option"),
    patch(`${c}/selects/channel/options/phone-in`, A, { label: "Phone-in" }),
    200,
  );
  await t.allowed(
    ctx,
    name("add a status"),
    post(`${c}/statuses`, A, { slug: "qualified", label: "Qualified", type: "active" }),
    201,
  );
  await t.allowed(ctx, name("change a status"), patch(`${c}/statuses/qualified`, A, { order: 5 }), 200);
  await t.allowed(
    ctx,
    name("offboard a vendor, dry run"),
    post(`${c}/selects/source/options/solarclick/offboard`, A, { dry_run: true }),
    200,
  );

  // Saved filters.
  await t.allowed(ctx, name("list filters"), { path: `${c}/filters`, token: A }, 200);
  await t.allowed(ctx, name("list filters: the CRM may not (403)"), { path: `${c}/filters`, token: W }, 403);
  const filter = await t.allowed(
    ctx,
    name("save a filter"),
    post(`${c}/filters`, A, {
      name: "North",
      match: "all",
      conditions: [{ field: "region", op: "eq", value: "north" }],
    }),
    201,
  );
  const filterId = filter?.json?.id ?? 999;
  await t.refused(ctx, name("save a filter refused: no name"), post(`${c}/filters`, A, { conditions: [] }), 422);
  await t.allowed(ctx, name("a saved filter"), { path: `${c}/filters/${filterId}`, token: A }, 200);
  await t.allowed(
    ctx,
    name("change a saved filter"),
    patch(`${c}/filters/${filterId}`, A, { name: "North only" }),
    200,
  );
  await t.allowed(
    ctx,
    name("delete a saved filter"),
    { method: "DELETE", path: `${c}/filters/${filterId}`, token: A },
    204,
  );
  await t.allowed(
    ctx,
    name("delete a filter a token goes through (409)"),
    { method: "DELETE", path: `${c}/filters/1`, token: A },
    409,
  );
  await t.allowed(
    ctx,
    name("count leads by conditions"),
    post(`${c}/leads/count`, A, { match: "all", conditions: [{ field: "source", op: "eq", value: "vendor-xyz" }] }),
    200,
  );
  await t.allowed(
    ctx,
    name("count: the CRM may not (403)"),
    post(`${c}/leads/count`, W, { match: "all", conditions: [] }),
    403,
  );

  // Tokens.
  await t.allowed(ctx, name("list tokens"), { path: "/v2/tokens", token: A }, 200);
  await t.allowed(ctx, name("list tokens: the CRM may not (403)"), { path: "/v2/tokens", token: W }, 403);
  const minted = await t.allowed(
    ctx,
    name("mint a token"),
    post("/v2/tokens", A, {
      name: "Reader",
      permission: "read",
      campaign_id: 1,
      expires_at: "2099-01-01T00:00:00Z",
      rate_limit: { per_second: 5, burst: 10 },
    }),
    201,
  );
  const tokenId = minted?.json?.id ?? 999;
  await t.refused(
    ctx,
    name("mint refused: an unknown permission"),
    post("/v2/tokens", A, { name: "X", permission: "owner" }),
    422,
  );
  await t.allowed(ctx, name("a token"), { path: `/v2/tokens/${tokenId}`, token: A }, 200);
  await t.allowed(
    ctx,
    name("change a token"),
    patch(`/v2/tokens/${tokenId}`, A, { name: "Reader 2", rate_limit: null }),
    200,
  );
  await t.refused(
    ctx,
    name("change a token refused: its permission"),
    patch(`/v2/tokens/${tokenId}`, A, { permission: "admin" }),
    422,
  );
  await t.allowed(ctx, name("show a token's secret"), post(`/v2/tokens/${tokenId}/reveal`, A), 200);
  await t.allowed(ctx, name("rotate a token"), post(`/v2/tokens/${tokenId}/rotate`, A), 200);
  await t.allowed(ctx, name("rotate its docs link"), post(`/v2/tokens/${tokenId}/docs-link/rotate`, A), 200);
  await t.allowed(ctx, name("revoke a token"), { method: "DELETE", path: `/v2/tokens/${tokenId}`, token: A }, 200);
  await t.allowed(ctx, name("show a revoked token's secret (409)"), post(`/v2/tokens/${tokenId}/reveal`, A), 409);
  await t.allowed(ctx, name("no such token (404)"), { path: "/v2/tokens/99999", token: A }, 404);

  // The audit log and administration.
  await t.allowed(
    ctx,
    name("the audit log"),
    { path: "/v2/audit?limit=2&kind=token_created,auth_failed", token: A },
    200,
    (answer) => assert.match(answer.headers.get("link") ?? "", /rel="next"/),
  );
  await t.refused(ctx, name("the audit log refused: limit 0"), { path: "/v2/audit?limit=0", token: A }, 400);
  await t.allowed(ctx, name("the audit log: the CRM may not (403)"), { path: "/v2/audit", token: W }, 403);
  await t.allowed(ctx, name("the cluster's status"), { path: "/v2/admin/cluster", token: A }, 200);
  await t.allowed(ctx, name("a backup"), post("/v2/admin/backup", A), 201);

  // Leads of an account-level token: the campaign named in the body.
  const lead = {
    campaign_id: 1,
    field_values: { name: "CRM lead", email: "crm@example.dk" },
    select_field_values: { source: "leadpartner" },
  };
  const created = await t.allowed(ctx, name("create through /v2/leads"), post("/v2/leads", W, lead), 201);
  await t.allowed(
    ctx,
    name("create through /leads"),
    post("/leads", W, { ...lead, field_values: { name: "CRM lead 2" } }),
    201,
  );
  await t.refused(
    ctx,
    name("create refused: no campaign_id"),
    post("/v2/leads", W, { field_values: { name: "X" }, select_field_values: { source: "leadpartner" } }),
    422,
  );
  await t.refused(
    ctx,
    name("create refused: a campaign that does not exist"),
    post("/v2/leads", W, { ...lead, campaign_id: 99 }),
    404,
  );
  await t.allowed(
    ctx,
    name("list with a comma list of options"),
    { path: `${c}/leads?source=vendor-xyz,leadpartner&sort=updated_at`, token: W },
    200,
  );
  await t.allowed(ctx, name("stats"), { path: `${c}/stats?group_by=region`, token: W }, 200);
  await t.allowed(
    ctx,
    name("erasure dry run by an address"),
    post("/v2/leads/erase", W, { email: "jæne@børn.dk", dry_run: true }),
    200,
  );
  // An address only the earlier, looser rule took can still be looked up (leads stored then).
  await t.allowed(
    ctx,
    name("erasure dry run by an address stored under the earlier rule"),
    post("/v2/leads/erase", W, { email: "a(b)@x.y", dry_run: true }),
    200,
  );
  await t.refused(ctx, name("erasure refused: no address"), post("/v2/leads/erase", W, { email: "jane" }), 422);
  await t.allowed(
    ctx,
    name("erasure dry run by a phone"),
    post("/v2/leads/erase", W, { phone: "+45 12 34 56 78", dry_run: true }),
    200,
  );
  await t.refused(
    ctx,
    name("erasure refused: neither e-mail nor phone"),
    post("/v2/leads/erase", W, { dry_run: true }),
    422,
  );
  if (created?.json?.id) {
    await t.allowed(
      ctx,
      name("delete a lead"),
      { method: "DELETE", path: `${c}/leads/${created.json.id}`, token: W },
      204,
    );
    await t.allowed(
      ctx,
      name("delete it again (404)"),
      { method: "DELETE", path: `${c}/leads/${created.json.id}`, token: W },
      404,
    );
  }
  const hook = await t.allowed(
    ctx,
    name("an admin's webhook endpoint through a filter"),
    post("/v2/webhooks", A, {
      url: "https://hooks.example.com/crm",
      event_types: ["lead.created", "lead.updated"],
      campaign_id: 1,
      filter_id: 2,
    }),
    201,
  );
  await t.allowed(
    ctx,
    name("the CRM's endpoint may not name a filter (422)"),
    post("/v2/webhooks", W, {
      url: "https://hooks.example.com/crm",
      event_types: ["lead.created"],
      campaign_id: 1,
      filter_id: 2,
    }),
    422,
  );
  if (hook?.json?.id) {
    await t.allowed(ctx, name("and gone"), { method: "DELETE", path: `/v2/webhooks/${hook.json.id}`, token: A }, 204);
  }

  await t.check(name("a method a path does not have: 405 with Allow"), async () => {
    const answer = await t.send(ctx.base, { method: "PUT", path: "/v2/tokens", token: A, body: "{}" });
    assert.equal(answer.status, 405);
    t.checkResponseObject(ctx.spec, ctx.spec.components.responses.MethodNotAllowed, answer, "405");
  });
}
