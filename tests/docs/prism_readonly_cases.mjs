// A read-only vendor token's requests of the Prism conformance test (tests/docs/prism_test.mjs):
// its own document (filter source = vendor-xyz) lists the reads only, and the server does what it
// lists. The writes it leaves out are refused twice: the spec has no such operation (Prism answers
// itself), and the server answers 403.
import assert from "node:assert/strict";
import { isPrismProblem } from "../support/prism_proxy.mjs";

export async function readOnlyCases(t, ctx) {
  const R = ctx.tokens.reader;
  const leads = "/v2/campaigns/1/leads";
  const name = (text) => `read-only vendor: ${text}`;

  await t.allowed(ctx, name("list campaigns"), { path: "/v2/campaigns", token: R }, 200);
  await t.allowed(ctx, name("the campaign"), { path: "/v2/campaigns/1", token: R }, 200);
  const page = await t.allowed(
    ctx,
    name("its leads, newest first"),
    { path: `${leads}?limit=5`, token: R },
    200,
    (answer) => assert.ok(answer.json.data.length > 0, "the demo vendor has leads"),
  );
  await t.allowed(ctx, name("its sync feed"), { path: `${leads}?sort=updated_at&limit=5`, token: R }, 200);
  const own = page?.json?.data?.[0]?.id;
  await t.allowed(ctx, name("one of its leads"), { path: `${leads}/${own}`, token: R }, 200);
  await t.allowed(ctx, name("a lead of another vendor"), { path: `${leads}/${ctx.othersLead}`, token: R }, 404);
  await t.refused(ctx, name("another vendor's option"), { path: `${leads}?source=solarclick`, token: R }, 400);
  await t.refused(ctx, name("no token"), { path: leads }, 401);
  await t.allowed(ctx, name("an unknown token"), { path: leads, token: "lg_nope" }, 401);

  for (const [what, req] of [
    ["a create", { method: "POST", path: leads, token: R, body: { field_values: { name: "Not allowed" } } }],
    ["a change", { method: "PATCH", path: `${leads}/${own}`, token: R, body: { status: "contacted" } }],
    ["a bulk create", { method: "POST", path: `${leads}/bulk`, token: R, body: [{ field_values: { name: "No" } }] }],
  ]) {
    await t.check(name(`${what}: not in its document, and 403`), async () => {
      const prism = await t.send(ctx.strict.url, req);
      assert.ok(isPrismProblem(prism.json), `the spec offers it: ${prism.status} ${prism.text.slice(0, 300)}`);
      const answer = await t.send(ctx.base, req);
      assert.equal(answer.status, 403, answer.text);
      assert.equal(answer.json.code, "insufficient_permission", answer.text);
    });
  }
}
