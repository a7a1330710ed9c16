// The admin console in headless Chromium against a real server on 127.0.0.1:0:
// - sign-in by keyboard (the token lives in sessionStorage, never in a URL), sign-out;
// - a campaign created and edited through the screens (fields, statuses, duplicate rules);
// - the six-step "Add a vendor" flow for two vendors, then the new vendor token used over HTTP:
//   its lead gets its source, it sees only its own leads and its docs show only its option;
// - the filter builder's operators and its match-count preview; tokens created (a vendor's
//   allowed to delete leads), shown, copied, rotated, their docs link rotated, revoked after a
//   confirmation; leads listed, filtered, paged, opened and their status changed; the audit log;
// - the schema kept alive: an option's and a list's label renamed in place, an option and a status
//   retired (badge; gone from the new-lead pickers) and restored, the default status's refusal
//   shown; a lead created and edited through the form and deleted after a confirmation (404
//   after); a vendor offboarded after one confirmation naming its tokens (revoked, option
//   retired); the campaign's retention set and cleared; a webhook endpoint made (its secret
//   shown once), pinged, its delivery log showing a lead's delivery, disabled;
// - the Overview (the landing page): for leads of two vendors with status changes and a flagged
//   duplicate, the stacked bars and the funnel (their data attributes) and their tables hold the
//   numbers of GET /stats, for two groupings and intervals; the first load leaves the range to the
//   API (the account's last 30 days) and shows its dates, an explicit range is sent as picked; two
//   vendor tokens' refused submissions (bars and table: counts and top three reasons) as the API
//   counts them; Download CSV saves the API's CSV;
// - labels escaped, every control labelled, nothing loaded from another host, no CSP violation,
//   no horizontal scrolling at 390 px. Screenshots of each screen go to the output directory.
// Usage: node console_test.mjs path/to/leadgate output-dir
import { mkdtempSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { startLeadgate } from "../support/leadgate_server.mjs";

// playwright-core is installed with the documentation tests' npm tools (tests/docs).
const require = createRequire(new URL("../docs/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const leadgate = process.argv[2];
const shots = process.argv[3] || mkdtempSync(join(tmpdir(), "leadgate-console-shots-"));
mkdirSync(shots, { recursive: true });
let browser;
let page;

async function http(method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}
async function ok(method, path, token, body) {
  const res = await http(method, path, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${res.text}`);
  return res.body;
}

let step = 0;
async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${String(++step).padStart(2, "0")}-${name}.png`), fullPage: true });
}

// Every visible form control has a label (a <label for>, a wrapping label or aria-label).
async function assertLabelled(page, screen) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea, button")]
      .filter((el) => el.offsetParent !== null && el.getAttribute("aria-hidden") !== "true")
      .filter((el) =>
        el.tagName === "BUTTON" ? !el.textContent.trim() : el.labels.length === 0 && !el.getAttribute("aria-label"),
      )
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, [], `${screen}: controls without a label`);
}

// Opens a screen afresh by its address (the token stays in the tab's sessionStorage).
async function screen(page, hash, heading) {
  const url = `${base}/console/${hash}`;
  // The same address again is no navigation at all (no hashchange): reload to start afresh.
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
}

// Webhook deliveries may reach the test's receiver on 127.0.0.1 over plain http.
const server = await startLeadgate(leadgate, "leadgate-console-test-", {
  args: ["--set", "webhooks.allowed_networks=127.0.0.1/32", "--set", "webhooks.allow_http=true"],
});
let hooksReceived = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    hooksReceived++;
    res.writeHead(204);
    res.end();
  });
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const { base, admin } = server;

try {
  // The page's own headers: a strict policy, no inline script, no other origin.
  const index = await fetch(`${base}/console/`);
  assert.equal(index.status, 200);
  const csp = index.headers.get("content-security-policy");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(index.headers.get("x-content-type-options"), "nosniff");
  assert.equal((await fetch(`${base}/console/nothing.js`)).status, 404);
  const bare = await fetch(`${base}/console`, { redirect: "manual" });
  assert.equal(bare.status, 308);
  assert.equal(bare.headers.get("location"), "/console/");

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  const foreign = [];
  const urls = [];
  const problems = [];
  page.on("request", (r) => {
    urls.push(r.url());
    if (!r.url().startsWith(base)) foreign.push(r.url());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // What a Copy button put on the clipboard, read once its notice shows (the write is done then).
  const copied = async (what) => {
    await page
      .locator("#notice")
      .filter({ hasText: `${what} copied to the clipboard.` })
      .waitFor();
    return page.evaluate(() => navigator.clipboard.readText());
  };

  // ---- sign-in, by keyboard ------------------------------------------------------------------
  await page.goto(`${base}/console/`);
  await page.getByRole("heading", { name: "Sign in to leadgate" }).waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement.labels[0].textContent),
    "Admin token",
    "the token field has the focus on load",
  );
  assert.equal(await page.locator(".top nav").isVisible(), false, "no navigation (nor Sign out) before signing in");
  await assertLabelled(page, "sign-in");
  await shot(page, "sign-in");
  await page.keyboard.type("lg_not_a_real_token");
  await page.keyboard.press("Enter");
  await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
  await page.getByLabel("Admin token").fill(admin);
  await page.keyboard.press("Enter");
  // The Overview is the landing page; with no campaign yet it points to the Campaigns screen.
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  assert.match(page.url(), /#\/overview$/);
  await page.getByText("No campaigns yet: create one.").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("leadgate.console.token")), admin);
  assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing kept beyond the tab");
  await page.getByRole("link", { name: "create one" }).click();
  await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
  await assertLabelled(page, "campaigns");
  await shot(page, "campaigns");

  // ---- a campaign, made and edited through the screens ---------------------------------------
  const campaignName = "Solar <b>DK</b> & co";
  await page.getByLabel("Campaign name").fill(campaignName);
  await page.getByRole("button", { name: "Create campaign" }).click();
  const h1 = page.getByRole("heading", { level: 1, name: campaignName });
  await h1.waitFor();
  assert.equal(await page.locator("main h1 b").count(), 0, "a name with markup is shown as text");
  const campaignId = Number(page.url().match(/#\/campaigns\/(\d+)$/)[1]);

  await page.getByLabel("Label", { exact: true }).fill("Budget (DKK)");
  assert.equal(await page.getByLabel("API slug").inputValue(), "budget-dkk", "the slug follows the label");
  await page.getByLabel("Type", { exact: true }).selectOption("number");
  await page.getByRole("button", { name: "Add field" }).click();
  await page.getByRole("status").filter({ hasText: "Field budget-dkk added." }).waitFor();
  await page.getByLabel("Label of name").fill("Full name");
  await page
    .getByRole("row")
    .filter({ has: page.getByLabel("Label of name") })
    .getByRole("button", { name: "Save" })
    .click();
  await page.getByRole("status").filter({ hasText: "Field name saved." }).waitFor();
  await page.getByLabel("Status label").fill("Qualified");
  await page.getByRole("button", { name: "Add status" }).click();
  await page.getByRole("status").filter({ hasText: "Status qualified added." }).waitFor();
  await page
    .getByRole("row")
    .filter({ hasText: "Qualified" })
    .getByRole("button", { name: "Make default: Qualified" })
    .click();
  await page.getByRole("status").filter({ hasText: "New leads now start as Qualified." }).waitFor();
  await page.getByLabel("Rule name").fill("Same e-mail");
  await page.getByLabel("E-mail (email)").check();
  await page.getByLabel("On a duplicate").selectOption("reject");
  await page.getByRole("button", { name: "Add rule" }).click();
  await page.getByRole("status").filter({ hasText: "Rule added." }).waitFor();
  await assertLabelled(page, "campaign");
  await shot(page, "campaign");
  {
    const c = await ok("GET", `/v2/campaigns/${campaignId}`, admin);
    assert.equal(c.name, campaignName);
    assert.equal(c.fields.find((f) => f.slug === "budget-dkk").type, "number");
    assert.equal(c.fields.find((f) => f.slug === "name").label, "Full name");
    assert.deepEqual(
      c.statuses.filter((s) => s.default).map((s) => s.slug),
      ["qualified"],
    );
    assert.deepEqual(
      c.duplicate_rules.map((r) => [r.name, r.fields, r.action]),
      [["Same e-mail", ["email"], "reject"]],
    );
  }

  // ---- the six steps, for two vendors ----------------------------------------------------------
  async function addVendor(name, expectSlug, byKeyboard = false) {
    await screen(page, "#/vendor", "Add a vendor");
    if (byKeyboard) {
      // Tab through the form from the top of the screen, typing the name on the way and pressing
      // Enter on the button: every control is reached, in reading order.
      await page.locator("main").focus();
      const reached = [];
      for (let i = 0; i < 30 && reached.at(-1) !== "Add vendor"; i++) {
        await page.keyboard.press("Tab");
        const label = await page.evaluate(() => {
          const el = document.activeElement;
          return el.labels && el.labels.length ? el.labels[0].textContent : el.textContent.trim();
        });
        reached.push(label);
        if (label === "Vendor name") await page.keyboard.type(name);
      }
      assert.deepEqual(reached, [
        "Campaign",
        "Source list",
        "Vendor name",
        "Vendor slug",
        "Permission",
        "Token name",
        "Add vendor",
      ]);
      assert.equal(await page.getByLabel("Vendor slug").inputValue(), expectSlug);
      await page.keyboard.press("Enter");
    } else {
      await page.getByLabel("Campaign", { exact: true }).selectOption(String(campaignId));
      await page.getByLabel("Vendor name").fill(name);
      assert.equal(await page.getByLabel("Vendor slug").inputValue(), expectSlug);
      await assertLabelled(page, "vendor");
      await shot(page, "vendor-form");
      await page.getByRole("button", { name: "Add vendor" }).click();
    }
    const result = page.getByTestId("vendor-result");
    await result.waitFor();
    assert.equal(await page.locator("ol.steps li.done").count(), 4, "steps 1-4 done");
    const secret = await result.getByTestId("token-secret").inputValue();
    const docs = await result.getByTestId("docs-link").inputValue();
    assert.match(secret, /\S{20,}/);
    assert.match(docs, new RegExp(`^${base}/docs/`));
    return { secret, docs, result };
  }
  const xyz = await addVendor("Vendor XYZ", "vendor-xyz");
  await xyz.result.getByRole("button", { name: "Copy token" }).click();
  assert.equal(await copied("Token"), xyz.secret);
  await xyz.result.getByRole("button", { name: "Copy message" }).click();
  const message = await copied("Message");
  assert.ok(message.includes(xyz.docs) && message.includes(xyz.secret), "the message holds the link and the token");
  assert.equal(await page.locator("ol.steps li.done").count(), 5, "step 5: sent");
  // Plain http on a LAN has no Clipboard API: the copy falls back to a selected hidden field.
  await page.evaluate(() => {
    window.savedClipboard = navigator.clipboard;
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
  });
  await xyz.result.getByRole("button", { name: "Copy docs link" }).click();
  await page.getByRole("status").filter({ hasText: "Docs link copied to the clipboard." }).waitFor();
  {
    const reader = await context.newPage();
    await reader.goto(`${base}/console/`);
    let text = "";
    for (let i = 0; i < 20 && text !== xyz.docs; i++) {
      text = await reader.evaluate(() => navigator.clipboard.readText());
      if (text !== xyz.docs) await reader.waitForTimeout(100);
    }
    assert.equal(text, xyz.docs, "copied without the API");
    await reader.close();
  }
  assert.equal(await page.locator("textarea.offscreen").count(), 0, "the helper field is gone");
  await page.evaluate(() =>
    Object.defineProperty(navigator, "clipboard", { value: window.savedClipboard, configurable: true }),
  );
  await shot(page, "vendor-done");
  const abc = await addVendor("Vendor ABC", "vendor-abc", /*byKeyboard=*/ true);

  // Step 6: the vendor opens the link and sees its own schema, without the other vendor.
  {
    const vendorPage = await context.newPage();
    await vendorPage.goto(xyz.docs);
    const text = await vendorPage.locator("body").innerText();
    assert.ok(text.includes("vendor-xyz"), "the vendor's docs name its source value");
    assert.ok(!text.includes("vendor-abc") && !text.includes("Vendor ABC"), "the docs never name the other vendor");
    await vendorPage.screenshot({
      path: join(shots, `${String(++step).padStart(2, "0")}-vendor-docs.png`),
      fullPage: true,
    });
    await vendorPage.close();
  }

  // ---- the vendor token over HTTP: it works and sees only its own leads -------------------------
  const jane = await ok("POST", `/v2/campaigns/${campaignId}/leads`, xyz.secret, {
    field_values: { name: "Jane Doe", email: "jane@example.com" },
  });
  assert.equal(jane.select_field_values.source, "vendor-xyz", "the vendor's source is filled in");
  assert.equal(jane.status, "qualified", "the default chosen in the console applies");
  const bob = await ok("POST", `/v2/campaigns/${campaignId}/leads`, abc.secret, {
    field_values: { name: "Bob Roe", email: "bob@example.com" },
  });
  assert.equal(bob.select_field_values.source, "vendor-abc");
  const seen = await ok("GET", `/v2/campaigns/${campaignId}/leads`, xyz.secret);
  assert.deepEqual(
    seen.data.map((l) => l.id),
    [jane.id],
    "vendor XYZ lists only its own lead",
  );
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads/${bob.id}`, xyz.secret)).status, 404);
  const contradicting = await http("POST", `/v2/campaigns/${campaignId}/leads`, xyz.secret, {
    field_values: { name: "X", email: "x@example.com" },
    select_field_values: { source: "vendor-abc" },
  });
  assert.equal(contradicting.status, 422, "a lead for another vendor is refused");
  const dup = await http("POST", `/v2/campaigns/${campaignId}/leads`, xyz.secret, {
    field_values: { name: "Jane again", email: "jane@example.com" },
  });
  assert.equal(dup.status, 409, "the duplicate rule made in the console rejects");
  const schema = await ok("GET", `/v2/campaigns/${campaignId}`, xyz.secret);
  assert.deepEqual(
    schema.selects[0].options.map((o) => o.slug),
    ["vendor-xyz"],
  );
  assert.equal((await ok("GET", `/v2/campaigns/${campaignId}/leads`, admin)).data.length, 2);

  // ---- the filter builder and its preview ------------------------------------------------------
  await ok("POST", `/v2/campaigns/${campaignId}/fields`, admin, {
    slug: "callback_at",
    label: "Call back",
    type: "datetime",
  });
  await screen(page, `#/campaigns/${campaignId}/filters/new`, "New filter");
  const count = page.getByTestId("match-count");
  const ops = async () =>
    page
      .getByLabel("Condition 1: operator")
      .locator("option")
      .evaluateAll((os) => os.map((o) => o.value));
  await page.getByLabel("Condition 1: field").selectOption("created_at");
  assert.deepEqual(await ops(), ["gt", "gte", "lt", "lte"]);
  await page.getByLabel("Condition 1: field").selectOption("budget-dkk");
  assert.ok((await ops()).includes("gte") && !(await ops()).includes("contains"), "number operators");
  await page.getByLabel("Condition 1: field").selectOption("email");
  assert.ok((await ops()).includes("contains") && !(await ops()).includes("gt"), "text operators");
  await page.getByLabel("Condition 1: field").selectOption("source");
  assert.deepEqual(await ops(), ["eq", "neq", "in", "not_in", "empty", "not_empty"]);
  const values = await page
    .getByLabel("Condition 1: value")
    .locator("option")
    .evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(values, ["vendor-xyz", "vendor-abc"], "a select's value is picked from its options");
  // Each count is checked on the answer to the request for exactly those conditions (counts of
  // the states in between are dropped by the page, and might agree by chance), then on screen.
  const countRequests = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/leads/count")) countRequests.push(r.postDataJSON());
  });
  async function previewAfter(action, conditions, text) {
    const answer = page.waitForResponse(
      (r) => r.url().endsWith("/leads/count") && isDeepStrictEqual(r.request().postDataJSON().conditions, conditions),
    );
    await action();
    assert.equal((await answer).status(), 200);
    await count.filter({ hasText: text }).waitFor();
  }
  const inBoth = { field: "source", op: "in", value: ["vendor-xyz", "vendor-abc"] };
  const bobs = { field: "email", op: "starts_with", value: "bob" };
  const addBobs = async () => {
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByLabel("Condition 2: field").selectOption("email");
    await page.getByLabel("Condition 2: operator").selectOption("starts_with");
    await page.getByLabel("Condition 2: value").fill("bob");
  };
  await previewAfter(
    () => page.getByLabel("Condition 1: value").selectOption("vendor-xyz"),
    [{ field: "source", op: "eq", value: "vendor-xyz" }],
    "1 lead matches now.",
  );
  await previewAfter(
    async () => {
      await page.getByLabel("Condition 1: operator").selectOption("in");
      await page.getByLabel("Condition 1: value").selectOption(["vendor-xyz", "vendor-abc"]);
    },
    [inBoth],
    "2 leads match now.",
  );
  await previewAfter(addBobs, [inBoth, bobs], "1 lead matches now.");
  // An unfinished condition holds the preview back, and keeps what was picked when a row above
  // it goes.
  await page.getByRole("button", { name: "Add condition" }).click();
  await page.getByLabel("Condition 3: field").selectOption("budget-dkk");
  await page.getByLabel("Condition 3: operator").selectOption("gte");
  await count.filter({ hasText: "Complete every condition" }).waitFor();
  await page.getByRole("button", { name: "Remove condition 2" }).click();
  assert.equal(await page.getByLabel("Condition 2: field").inputValue(), "budget-dkk");
  assert.equal(await page.getByLabel("Condition 2: operator").inputValue(), "gte");
  await page.getByLabel("Condition 2: operator").selectOption("in");
  assert.equal(await page.getByLabel("Condition 2: value").evaluate((el) => el.tagName), "TEXTAREA");
  await page.getByLabel("Condition 2: value").fill("100\nlots"); // one value per line; "lots" is no number
  await page.waitForTimeout(1000); // well past the preview's 250 ms debounce
  assert.ok(!countRequests.some((b) => JSON.stringify(b).includes("budget-dkk")), "no count asked for a bad number");
  assert.match(await count.innerText(), /Complete every condition/);
  // A datetime field's in-list is one value per line too.
  await page.getByLabel("Condition 2: field").selectOption("callback_at");
  await page.getByLabel("Condition 2: operator").selectOption("in");
  assert.equal(await page.getByLabel("Condition 2: value").evaluate((el) => el.tagName), "TEXTAREA");
  await previewAfter(
    () => page.getByRole("button", { name: "Remove condition 2" }).click(),
    [inBoth],
    "2 leads match now.",
  );
  await previewAfter(addBobs, [inBoth, bobs], "1 lead matches now.");
  await page.getByLabel("Filter name").fill("Bob from either vendor");
  await assertLabelled(page, "filter");
  await shot(page, "filter");
  await page.getByRole("button", { name: "Create filter" }).click();
  await page.getByRole("status").filter({ hasText: "Filter “Bob from either vendor” saved." }).waitFor();
  {
    const filters = (await ok("GET", `/v2/campaigns/${campaignId}/filters`, admin)).data;
    const saved = filters.find((f) => f.name === "Bob from either vendor");
    assert.deepEqual(saved.conditions, [
      { field: "source", op: "in", value: ["vendor-xyz", "vendor-abc"] },
      { field: "email", op: "starts_with", value: "bob" },
    ]);
  }

  // ---- tokens ----------------------------------------------------------------------------------
  await screen(page, "#/tokens", "Tokens");
  await page.getByLabel("Token name").fill("CRM sync");
  await page.getByLabel("Permission").selectOption("read");
  await page.getByLabel("Expires on").fill("2030-01-01");
  await page.getByLabel("Requests per second").fill("50");
  await page.getByLabel("Burst").fill("100");
  await page.getByRole("button", { name: "Create token" }).click();
  const crmPanel = page.getByTestId("secret-panel").filter({ hasText: "Token “CRM sync” created" });
  await crmPanel.waitFor();
  const crmSecret = await crmPanel.getByTestId("token-secret").inputValue();
  {
    const crm = (await ok("GET", "/v2/tokens", admin)).data.find((t) => t.name === "CRM sync");
    assert.equal(crm.permission, "read");
    assert.equal(crm.campaign_id, null);
    assert.equal(Date.parse(crm.expires_at), Date.parse("2030-01-01T23:59:59Z"));
    assert.deepEqual([crm.rate_limit.per_second, crm.rate_limit.burst], [50, 100]);
    assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, crmSecret)).status, 200);
  }
  // "May delete leads" is offered only to a campaign-scoped read_write token.
  const mayDelete = page.getByLabel("May delete leads");
  assert.equal(await mayDelete.isVisible(), false, "no delete flag for an account-wide token");
  await page.getByLabel("Token name").fill("Cleanup bot");
  await page.getByLabel("Campaign", { exact: true }).selectOption(String(campaignId));
  await mayDelete.waitFor();
  await page.getByLabel("Permission").selectOption("read");
  assert.equal(await mayDelete.isVisible(), false, "no delete flag for a read token");
  await page.getByLabel("Permission").selectOption("read_write");
  await page.getByLabel("Filter", { exact: true }).selectOption({ label: "Vendor XYZ" });
  await mayDelete.check();
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByTestId("secret-panel").filter({ hasText: "Token “Cleanup bot” created" }).waitFor();
  {
    const all = (await ok("GET", "/v2/tokens", admin)).data;
    const bot = all.find((t) => t.name === "Cleanup bot");
    assert.deepEqual([bot.permission, bot.campaign_id, bot.can_delete_leads], ["read_write", campaignId, true]);
    assert.equal(all.find((t) => t.name === "CRM sync").can_delete_leads, false);
  }
  const row = (name) => page.getByRole("row").filter({ hasText: name });
  assert.ok((await row("Cleanup bot").locator('td[data-label="Permission"]').innerText()).includes("may delete leads"));
  assert.ok(!(await row("CRM sync").locator('td[data-label="Permission"]').innerText()).includes("delete"));
  const xyzRow = () => row("Vendor XYZ – read and write");
  assert.equal(
    await xyzRow().locator('td[data-label="Scope"]').innerText(),
    `${campaignName} · Vendor XYZ`,
    "the scope names the campaign and the filter",
  );
  await assertLabelled(page, "tokens");
  await shot(page, "tokens");
  await xyzRow().getByRole("button", { name: "Show" }).click();
  await page.getByTestId("secret-panel").filter({ hasText: "Token “Vendor XYZ" }).waitFor();
  assert.equal(await page.getByTestId("secret-panel").getByTestId("token-secret").inputValue(), xyz.secret);
  await page.getByTestId("secret-panel").getByRole("button", { name: "Copy token" }).click();
  assert.equal(await copied("Token"), xyz.secret);
  await xyzRow().getByRole("button", { name: "Copy docs link" }).click();
  assert.equal(await copied("Docs link"), xyz.docs);

  await xyzRow().getByRole("button", { name: "Rotate docs link" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate docs link" }).click();
  await page.getByTestId("secret-panel").filter({ hasText: "New docs link" }).waitFor();
  const newDocs = await page.getByTestId("secret-panel").getByTestId("docs-link").inputValue();
  assert.notEqual(newDocs, xyz.docs);
  assert.equal((await fetch(xyz.docs)).status, 404, "the old docs link is dead");
  assert.equal((await fetch(newDocs)).status, 200);

  await row("Vendor ABC – read and write").getByRole("button", { name: "Rotate token" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate token" }).click();
  await page.getByTestId("secret-panel").filter({ hasText: "New token" }).waitFor();
  const abcSecret = await page.getByTestId("secret-panel").getByTestId("token-secret").inputValue();
  assert.notEqual(abcSecret, abc.secret);
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, abc.secret)).status, 401);
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, abcSecret)).status, 200);

  // The dialog opens on Cancel, so Enter never confirms by accident.
  await row("CRM sync").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Cancel");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, crmSecret)).status, 200, "cancel keeps it");
  await row("CRM sync").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await page.getByRole("status").filter({ hasText: "Token “CRM sync” revoked." }).waitFor();
  assert.ok((await row("CRM sync").innerText()).includes("revoked"));
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, crmSecret)).status, 401);

  // ---- leads: filters, paging, detail, status --------------------------------------------------
  const bulk = Array.from({ length: 30 }, (_, i) => ({
    field_values: { name: `Bulk ${i}`, email: `bulk${i}@example.com` },
  }));
  await ok("POST", `/v2/campaigns/${campaignId}/leads/bulk`, abcSecret, bulk);
  await screen(page, "#/leads", "Leads");
  assert.equal(await page.getByLabel("Campaign", { exact: true }).inputValue(), String(campaignId));
  await page.getByLabel("Per page").selectOption("25");
  await page.getByRole("button", { name: "Show leads" }).click();
  await page.getByText("Page 1 · 25 leads").waitFor();
  const ids = async () =>
    page.locator("main tbody tr td:first-child a").evaluateAll((as) => as.map((a) => a.textContent));
  const first = await ids();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByText("Page 2 · 7 leads").waitFor();
  const second = await ids();
  assert.equal(new Set([...first, ...second]).size, 32, "two pages, no lead twice");
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByText("Page 1 · 25 leads").waitFor();
  // Sync order: the oldest change first, so Jane (changed by nobody since) leads the page.
  await page.getByLabel("Order").selectOption("updated_at");
  await page.getByRole("button", { name: "Show leads" }).click();
  await page
    .locator("main tbody tr")
    .first()
    .locator("td")
    .first()
    .getByText(String(jane.id), { exact: true })
    .waitFor();
  assert.equal((await ids()).length, 25);
  await page.getByLabel("Order").selectOption("-created_at");
  await page.getByLabel("Source").selectOption("vendor-xyz");
  await page.getByRole("button", { name: "Show leads" }).click();
  await page.getByText("Page 1 · 1 lead").waitFor();
  assert.deepEqual(await ids(), [String(jane.id)]);
  await assertLabelled(page, "leads");
  await shot(page, "leads");
  await page.getByRole("link", { name: String(jane.id), exact: true }).click();
  await page.getByRole("heading", { level: 1, name: `Lead ${jane.id}` }).waitFor();
  assert.ok((await page.locator("dl.detail").innerText()).includes("jane@example.com"));
  await page.getByLabel("Status").selectOption("won");
  await page.getByRole("button", { name: "Change status" }).click();
  await page.getByRole("status").filter({ hasText: "Status changed to Won." }).waitFor();
  assert.equal((await ok("GET", `/v2/campaigns/${campaignId}/leads/${jane.id}`, admin)).status, "won");
  await assertLabelled(page, "lead");
  await shot(page, "lead");

  // ---- the schema kept alive: rename, retire, restore ------------------------------------------
  await screen(page, `#/campaigns/${campaignId}`, campaignName);
  const optionRow = (slug) =>
    page.getByRole("row").filter({ has: page.getByLabel(`Label of option ${slug}`, { exact: true }) });
  const saved = (text) => page.getByRole("status").filter({ hasText: text }).waitFor();
  await page.getByLabel("Label of option vendor-abc", { exact: true }).fill("Vendor ABC ApS");
  await optionRow("vendor-abc").getByRole("button", { name: "Save label" }).click();
  await saved("Option vendor-abc is now “Vendor ABC ApS”.");
  assert.equal(await page.getByLabel("Label of option vendor-abc", { exact: true }).inputValue(), "Vendor ABC ApS");
  await page.getByLabel("Label of the source list").fill("Lead source");
  await page.getByRole("button", { name: "Save label of list source" }).click();
  await saved("List source is now “Lead source”.");
  await page.getByRole("heading", { level: 3, name: /^Lead source/ }).waitFor();
  await optionRow("vendor-abc").getByRole("button", { name: "Retire option vendor-abc" }).click();
  await saved("Option vendor-abc retired");
  assert.match(await optionRow("vendor-abc").innerText(), /Retired/);
  assert.doesNotMatch(await optionRow("vendor-xyz").innerText(), /Retired/);
  await page.getByRole("button", { name: "Retire status lost" }).click();
  await saved("Status lost retired");
  assert.match(await page.getByRole("row").filter({ hasText: "Lost" }).innerText(), /Retired/);
  // The default status cannot be retired: the API's answer is shown where the admin clicked.
  await page.getByRole("button", { name: "Retire status qualified" }).click();
  await page.getByRole("alert").filter({ hasText: "the default status cannot be retired" }).waitFor();
  await shot(page, "campaign-retired");
  {
    const c = await ok("GET", `/v2/campaigns/${campaignId}`, admin);
    const source = c.selects.find((x) => x.slug === "source");
    assert.equal(source.label, "Lead source");
    assert.deepEqual(
      source.options.map((o) => [o.slug, o.label, o.retired]),
      [
        ["vendor-xyz", "Vendor XYZ", false],
        ["vendor-abc", "Vendor ABC ApS", true],
      ],
    );
    assert.deepEqual(
      c.statuses.filter((x) => x.retired).map((x) => x.slug),
      ["lost"],
    );
  }
  // A new lead is offered only what a new write may use.
  const pickable = (label) =>
    page
      .getByLabel(label, { exact: true })
      .locator("option")
      .evaluateAll((os) => os.map((o) => o.value));
  await screen(page, "#/leads/new", "New lead");
  assert.deepEqual(await pickable("Lead source"), ["", "vendor-xyz"], "a retired option is not offered");
  assert.deepEqual(await pickable("Status"), ["new", "contacted", "won", "qualified"], "nor a retired status");
  await screen(page, `#/campaigns/${campaignId}`, campaignName);
  await optionRow("vendor-abc").getByRole("button", { name: "Restore option vendor-abc" }).click();
  await saved("Option vendor-abc restored");
  assert.doesNotMatch(await optionRow("vendor-abc").innerText(), /Retired/);
  await screen(page, "#/leads/new", "New lead");
  assert.deepEqual(await pickable("Lead source"), ["", "vendor-xyz", "vendor-abc"], "restored: offered again");
  assert.equal(
    await page.getByLabel("Lead source", { exact: true }).locator('option[value="vendor-abc"]').textContent(),
    "Vendor ABC ApS",
    "the new label",
  );
  await assertLabelled(page, "new lead");
  await shot(page, "new-lead");

  // ---- a lead made, edited and deleted through the screens ---------------------------------------
  await page.getByLabel("Full name").fill("Carol Poe");
  await page.getByLabel("E-mail", { exact: true }).fill("carol@example.com");
  await page.getByLabel("Lead source", { exact: true }).selectOption("vendor-abc");
  await page.getByLabel("Status", { exact: true }).selectOption("contacted");
  await page.getByRole("button", { name: "Create lead" }).click();
  await page.getByRole("heading", { level: 1, name: /^Lead \d+$/ }).waitFor();
  const carolId = page.url().match(/#\/leads\/\d+\/(\d+)$/)[1];
  await saved(`Lead ${carolId} created.`);
  {
    const carol = await ok("GET", `/v2/campaigns/${campaignId}/leads/${carolId}`, admin);
    assert.deepEqual(
      [carol.field_values, carol.select_field_values, carol.status],
      [{ name: "Carol Poe", email: "carol@example.com" }, { source: "vendor-abc" }, "contacted"],
    );
  }
  await page.getByLabel("Budget (DKK)").fill("1200");
  await page.getByRole("button", { name: "Save values" }).click();
  await saved("Values saved.");
  assert.deepEqual(
    (await ok("GET", `/v2/campaigns/${campaignId}/leads/${carolId}`, admin)).field_values,
    { name: "Carol Poe", email: "carol@example.com", "budget-dkk": 1200 },
    "only the changed value is written",
  );
  await page.getByRole("button", { name: "Delete lead" }).click();
  await page.getByRole("dialog").filter({ hasText: "cannot be undone" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Cancel");
  await page.getByRole("dialog").getByRole("button", { name: "Delete lead" }).click();
  await page.getByRole("heading", { level: 1, name: "Leads", exact: true }).waitFor();
  await saved(`Lead ${carolId} deleted.`);
  assert.equal(await page.getByRole("link", { name: carolId, exact: true }).count(), 0);
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads/${carolId}`, admin)).status, 404);

  // ---- a vendor leaves: one confirmation, its tokens revoked, its option retired -----------------
  await screen(page, `#/campaigns/${campaignId}`, campaignName);
  await optionRow("vendor-xyz").getByRole("button", { name: "Offboard" }).click();
  const offboardDialog = page.getByRole("dialog");
  await offboardDialog.getByTestId("offboard-tokens").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Cancel");
  {
    const said = await offboardDialog.innerText();
    for (const expected of [
      "Offboard “Vendor XYZ”?",
      "Vendor XYZ – read and write",
      "Cleanup bot",
      "revoked",
      "(vendor-xyz) of Lead source is retired",
      "leads are kept",
    ])
      assert.ok(said.includes(expected), `the offboard dialog says “${expected}”: ${said}`);
    assert.ok(!said.includes("Vendor ABC"), "only the vendor's own tokens");
  }
  await shot(page, "offboard-dialog");
  await offboardDialog.getByRole("button", { name: "Offboard vendor" }).click();
  await saved("“Vendor XYZ” offboarded: 2 tokens revoked, option vendor-xyz retired.");
  assert.match(await optionRow("vendor-xyz").innerText(), /Retired/);
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, xyz.secret)).status, 401, "its token is dead");
  assert.equal((await http("GET", `/v2/campaigns/${campaignId}/leads`, abcSecret)).status, 200, "the other's lives");
  {
    const all = (await ok("GET", "/v2/tokens", admin)).data;
    const state = (name) => all.find((t) => t.name === name).state;
    assert.deepEqual(
      [state("Vendor XYZ – read and write"), state("Cleanup bot"), state("Vendor ABC – read and write")],
      ["revoked", "revoked", "active"],
    );
    const c = await ok("GET", `/v2/campaigns/${campaignId}`, admin);
    assert.equal(c.selects[0].options.find((o) => o.slug === "vendor-xyz").retired, true);
  }
  // Its leads stay, and show their value as it is; the edit form keeps it without offering it anew.
  await screen(page, `#/leads/${campaignId}/${jane.id}`, `Lead ${jane.id}`);
  assert.match(await page.locator("dl.detail").innerText(), /Vendor XYZ \(vendor-xyz\) \(retired\)/);
  assert.deepEqual(await pickable("Lead source"), ["", "vendor-abc", "vendor-xyz"]);

  // ---- retention -------------------------------------------------------------------------------
  await screen(page, `#/campaigns/${campaignId}`, campaignName);
  await page.getByLabel("Retention (days)").fill("365");
  await page.getByRole("button", { name: "Save retention" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Save retention" }).click();
  await saved("Leads are now erased 365 days after they are created.");
  assert.equal((await ok("GET", `/v2/campaigns/${campaignId}`, admin)).retention_days, 365);
  assert.equal(await page.getByLabel("Retention (days)").inputValue(), "365");
  await page.getByLabel("Retention (days)").fill("");
  await page.getByRole("button", { name: "Save retention" }).click();
  await saved("Leads are now kept forever.");
  assert.equal((await ok("GET", `/v2/campaigns/${campaignId}`, admin)).retention_days, null);
  await assertLabelled(page, "campaign after");

  // ---- webhooks: an endpoint made, pinged, its log, disabled ---------------------------------------
  await screen(page, "#/webhooks", "Webhooks");
  await assertLabelled(page, "webhooks");
  await page.getByLabel("URL").fill(`http://127.0.0.1:${receiver.address().port}/hook`);
  await page.getByLabel("Campaign").selectOption({ label: campaignName });
  await page.getByLabel("Description").fill("Test CRM");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  const hookSecret = page.getByTestId("webhook-secret");
  await hookSecret.waitFor();
  assert.match(await hookSecret.inputValue(), /^whsec_/);
  const [endpoint] = (await ok("GET", "/v2/webhooks", admin)).data;
  assert.equal(endpoint.description, "Test CRM");
  assert.deepEqual(endpoint.event_types, ["lead.created", "lead.updated", "lead.status_changed"]);
  await shot(page, "webhooks");
  await page.getByRole("button", { name: "Send test ping" }).click();
  await page.locator("#notice").filter({ hasText: "HTTP 204" }).waitFor();
  const hooked = await ok("POST", `/v2/campaigns/${campaignId}/leads`, admin, {
    field_values: { name: "Hook Test", email: "hook@example.com" },
    select_field_values: { source: "vendor-abc" },
  });
  await page.getByRole("link", { name: "Test CRM" }).click();
  await page.getByRole("heading", { level: 1, name: "Webhook Test CRM" }).waitFor();
  for (let i = 0; i < 50 && !(await page.locator("main table").innerText()).includes(String(hooked.id)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await screen(page, `#/webhooks/${endpoint.id}`, "Webhook Test CRM");
  }
  const logText = await page.locator("main table").innerText();
  assert.ok(logText.includes("lead.created") && logText.includes(String(hooked.id)), "the lead's delivery is logged");
  assert.ok(logText.includes("webhook.ping"), "the ping is logged");
  assert.ok(hooksReceived >= 2, "the receiver got the ping and the lead");
  await assertLabelled(page, "webhook log");
  await shot(page, "webhook-log");
  await page.getByLabel("Show").selectOption("failed");
  await page.getByText("No deliveries.").waitFor();
  await screen(page, "#/webhooks", "Webhooks");
  await page.getByRole("button", { name: "Disable" }).click();
  await page
    .locator("#notice")
    .filter({ hasText: `Endpoint ${endpoint.id} disabled.` })
    .waitFor();
  assert.equal((await ok("GET", `/v2/webhooks/${endpoint.id}`, admin)).disabled_reason, "request");

  // ---- overview: the charts and their tables hold the statistics API's numbers -------------------
  // A campaign of its own: two vendors with leads (a third without), a second select to group by,
  // statuses changed and a duplicate flagged (all today, UTC).
  const ovName = "Overview <i>test</i>";
  const ov = await ok("POST", "/v2/campaigns", admin, {
    name: ovName,
    fields: [
      { slug: "name", label: "Name", type: "text" },
      { slug: "email", label: "E-mail", type: "email" },
    ],
    selects: [
      {
        slug: "source",
        label: "Source",
        options: [
          { slug: "north", label: "North Leads" },
          { slug: "south", label: "South & <b>Co</b>" },
          { slug: "idle", label: "Idle" },
        ],
      },
      {
        slug: "product",
        label: "Product",
        options: [
          { slug: "panels", label: "Panels" },
          { slug: "pumps", label: "Pumps" },
        ],
      },
    ],
    statuses: [
      { slug: "new", label: "New", type: "active", default: true },
      { slug: "contacted", label: "Contacted", type: "active" },
      { slug: "won", label: "Won", type: "won" },
      { slug: "lost", label: "Lost", type: "lost" },
    ],
    duplicate_rules: [{ name: "Same e-mail", match: "any", fields: ["email"], window_seconds: 86400, action: "flag" }],
  });
  const ovLeads = [];
  const ovLead = async (source, product, email) =>
    ovLeads.push(
      await ok("POST", `/v2/campaigns/${ov.id}/leads`, admin, {
        field_values: { name: email, email },
        select_field_values: { source, product },
      }),
    );
  for (let i = 0; i < 5; i++) await ovLead("north", i % 2 ? "pumps" : "panels", `n${i}@example.com`);
  for (let i = 0; i < 3; i++) await ovLead("south", "panels", `s${i}@example.com`);
  await ovLead("north", "pumps", "n0@example.com"); // flagged: a copy of the first
  assert.equal(ovLeads[8].doublet_of, ovLeads[0].id);
  for (const [i, status] of [
    [1, "contacted"],
    [2, "contacted"],
    [2, "won"],
    [5, "won"],
    [6, "lost"],
  ])
    await ok("PATCH", `/v2/campaigns/${ov.id}/leads/${ovLeads[i].id}`, admin, { status });
  // Two vendors' tokens (names with markup) whose submissions are refused: North's for several
  // fields at fault (4 refused, a reason per field, 4/3/2/1 of them), South's once.
  const ovVendor = async (option, name) => {
    const filter = await ok("POST", `/v2/campaigns/${ov.id}/filters`, admin, {
      name: `${option} only`,
      match: "all",
      conditions: [{ field: "source", op: "eq", value: option }],
    });
    return ok("POST", "/v2/tokens", admin, { name, permission: "read_write", filter_id: filter.id });
  };
  const northToken = await ovVendor("north", "North <b>feed</b>");
  const southToken = await ovVendor("south", "South & <b>Co</b> token");
  const refuse = async (vendor, field_values) => {
    const res = await http("POST", `/v2/campaigns/${ov.id}/leads`, vendor.token, { field_values });
    assert.equal(res.status, 422, res.text);
  };
  await refuse(northToken, { email: "not-an-e-mail", nope: 1, extra: 1, more: 1 });
  await refuse(northToken, { email: "still@not", nope: 1, extra: 1 });
  await refuse(northToken, { email: "nope", nope: 1 });
  await refuse(northToken, { email: "@" });
  await refuse(southToken, { name: "x", nope: 1 });

  // "#/" is the Overview too; the first load sends no range (the API's default, the account's
  // last 30 days) and shows the answer's dates.
  const firstAsked = page.waitForResponse((r) => /\/v2\/campaigns\/\d+\/stats\?/.test(r.url()));
  await page.goto(`${base}/console/#/`);
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  await page.waitForURL(/#\/overview$/);
  const firstAnswer = await firstAsked;
  assert.match(new URL(firstAnswer.url()).search, /^\?group_by=[a-z0-9_-]+&interval=day$/, "no from/to at first");
  const firstRange = await firstAnswer.json();
  await page.locator("main:not([aria-busy])").waitFor();
  assert.equal(await page.getByLabel("From", { exact: true }).inputValue(), firstRange.from);
  assert.equal(await page.getByLabel("To", { exact: true }).inputValue(), firstRange.to);
  assert.equal(Date.parse(firstRange.to) - Date.parse(firstRange.from), 29 * 86400000, "30 days");
  await page.getByLabel("Campaign", { exact: true }).selectOption({ label: ovName });
  assert.deepEqual(await pickable("Group by"), ["source", "product"], "the campaign's selects");
  assert.deepEqual(await pickable("Interval"), ["day", "week", "month"]);
  // Shows the pickers' choice; resolves with the query the page asked the API for.
  async function showOverview() {
    const asked = page.waitForResponse((r) => r.url().includes(`/v2/campaigns/${ov.id}/stats?`));
    await page.getByRole("button", { name: "Show", exact: true }).click();
    const answer = await asked;
    assert.equal(answer.status(), 200);
    await page.locator("main:not([aria-busy])").waitFor();
    await page.locator('svg[data-chart="funnel"]').waitFor();
    return new URL(answer.url()).search.slice(1);
  }
  const attrs = (selector, names) =>
    page
      .locator(selector)
      .evaluateAll((els, names) => els.map((el) => names.map((n) => el.getAttribute(`data-${n}`))), names);
  // The bars, the funnel and both tables against GET /stats with the same query, fetched here.
  async function checkOverview(query) {
    const stats = await ok("GET", `/v2/campaigns/${ov.id}/stats?${query}`, admin);
    const bars = (await attrs('svg[data-chart="created"] rect', ["period", "option", "value"])).map(([p, o, v]) => [
      p,
      o,
      Number(v),
    ]);
    assert.deepEqual(
      bars,
      stats.data.filter((r) => r.created > 0).map((r) => [r.period, r.option, r.created]),
      `${query}: a stacked band per period and option with leads`,
    );
    const periods = [...new Set(stats.data.map((r) => r.period))];
    const options = stats.totals.map((t) => t.option);
    const created = (p, o) => (stats.data.find((r) => r.period === p && r.option === o) || { created: 0 }).created;
    assert.deepEqual(
      (await attrs('table[data-table="created"] td [data-value]', ["period", "option", "value"])).map(([p, o, v]) => [
        p,
        o,
        Number(v),
      ]),
      periods.flatMap((p) => options.map((o) => [p, o, created(p, o)])),
      `${query}: the created table`,
    );
    const funnel = stats.totals.flatMap((t) => [
      [t.option, "created", t.created, null],
      ...stats.statuses.map((s) => [t.option, s, t.statuses[s], String(t.conversion[s])]),
      [t.option, "duplicates", t.duplicates, String(t.duplicate_rate)],
    ]);
    const numbered = (rows) => rows.map(([o, s, v, r]) => [o, s, Number(v), r]);
    assert.deepEqual(
      numbered(await attrs('svg[data-chart="funnel"] rect', ["option", "status", "value", "rate"])),
      funnel,
      `${query}: the funnel's bars`,
    );
    assert.deepEqual(
      numbered(await attrs('table[data-table="funnel"] td [data-value]', ["option", "status", "value", "rate"])),
      funnel,
      `${query}: the funnel table`,
    );
    const total = stats.totals.reduce((sum, t) => sum + t.created, 0);
    assert.match(
      await page.locator('svg[data-chart="created"]').getAttribute("aria-label"),
      new RegExp(`: ${total} in all`),
    );
    for (const chart of await page.locator("svg.chart").all()) {
      assert.equal(await chart.getAttribute("role"), "img");
      assert.ok((await chart.getAttribute("aria-label")).length > 40, "a chart says what it shows");
      assert.match(await chart.getAttribute("viewBox"), /^0 0 \d+ \d+$/);
    }
    // Refused submissions: a bar and a table row per token, most first, with the top 3 reasons
    // (by count, then by name) and their counts.
    assert.deepEqual(
      (await attrs('svg[data-chart="refused"] rect', ["token", "value"])).map(([t, v]) => [t, Number(v)]),
      stats.refused_totals.map((t) => [String(t.token_id), t.refused]),
      `${query}: the refused bars`,
    );
    const refusedRows = page.locator('table[data-table="refused"] tbody tr');
    assert.equal(await refusedRows.count(), stats.refused_totals.length);
    for (const [i, t] of stats.refused_totals.entries()) {
      const row = refusedRows.nth(i);
      assert.equal(await row.locator('td[data-label="Token"]').innerText(), t.token);
      assert.deepEqual(await row.locator("[data-token]").evaluate((el) => [el.dataset.token, el.textContent]), [
        String(t.token_id),
        String(t.refused),
      ]);
      const top = Object.entries(t.reasons)
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, 3);
      assert.deepEqual(
        (
          await row
            .locator("[data-reason]")
            .evaluateAll((els) => els.map((el) => [el.dataset.reason, el.dataset.value]))
        ).map(([r, v]) => [r, Number(v)]),
        top,
        `${query}: the top reasons of ${t.token}`,
      );
      assert.equal(
        await row.locator('td[data-label="Top reasons"]').innerText(),
        top.map(([r, n]) => `${r}: ${n}`).join("\n"),
      );
    }
    return stats;
  }
  const byDay = await showOverview();
  assert.equal(byDay, "group_by=source&interval=day", "the default range is left to the API");
  const daily = await checkOverview(byDay);
  // The refusals made above, as the API counts them.
  assert.deepEqual(
    daily.refused_totals.map((t) => [t.token_id, t.token, t.refused]),
    [
      [northToken.id, "North <b>feed</b>", 4],
      [southToken.id, "South & <b>Co</b> token", 1],
    ],
  );
  assert.deepEqual(
    Object.entries(daily.refused_totals[0].reasons)
      .sort(([, x], [, y]) => y - x)
      .map(([, n]) => n),
    [4, 3, 2, 1],
    "a reason per field at fault",
  );
  // What was made above, as the API counts it: the charts are checked on real numbers.
  const north = daily.totals.find((t) => t.option === "north");
  const south = daily.totals.find((t) => t.option === "south");
  assert.deepEqual(
    daily.totals.map((t) => t.option),
    ["north", "south"],
    "an option with nothing is left out",
  );
  assert.deepEqual(
    [north.created, north.duplicates, north.statuses, north.conversion.won, north.duplicate_rate],
    [6, 1, { new: 6, contacted: 2, won: 1, lost: 0 }, 0.1667, 0.1667],
  );
  assert.deepEqual([south.created, south.statuses], [3, { new: 3, contacted: 0, won: 1, lost: 1 }]);
  const funnelRow = (option) => page.locator('table[data-table="funnel"] tbody tr').filter({ hasText: option });
  assert.equal(await funnelRow("North Leads").locator('td[data-label="Won"]').innerText(), "1 (16.7%)");
  assert.equal(await funnelRow("North Leads").locator('td[data-label="Duplicates"]').innerText(), "1 (16.7%)");
  assert.equal(await funnelRow("South").locator('td[data-label="Lost"]').innerText(), "1 (33.3%)");
  assert.equal(await page.locator("main b").count(), 0, "an option label with markup is shown as text");
  assert.ok((await page.locator("ul.legend").innerText()).includes("South & <b>Co</b>"));
  await assertLabelled(page, "overview");
  await shot(page, "overview");

  // Another grouping and interval.
  await page.getByLabel("Group by", { exact: true }).selectOption("product");
  await page.getByLabel("Interval", { exact: true }).selectOption("week");
  const byWeek = await showOverview();
  assert.equal(byWeek, "group_by=product&interval=week");
  const weekly = await checkOverview(byWeek);
  assert.deepEqual(
    weekly.totals.map((t) => [t.option, t.created]),
    [
      ["panels", 6],
      ["pumps", 3],
    ],
  );

  // Download CSV: the same query with Accept: text/csv and the token in the header, saved as a file
  // that holds the numbers of the JSON.
  const csvAsked = page.waitForRequest((r) => r.url().includes("/stats?") && r.headers().accept === "text/csv");
  const downloaded = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const csvRequest = await csvAsked;
  assert.equal(new URL(csvRequest.url()).search.slice(1), byWeek);
  assert.equal(csvRequest.headers().authorization, `Bearer ${admin}`);
  const download = await downloaded;
  assert.equal(download.suggestedFilename(), `leadgate-stats-${ov.id}-product-week-${weekly.from}-${weekly.to}.csv`);
  const csv = readFileSync(await download.path(), "utf8");
  const direct = await fetch(`${base}/v2/campaigns/${ov.id}/stats?${byWeek}`, {
    headers: { Authorization: `Bearer ${admin}`, Accept: "text/csv" },
  });
  assert.equal(csv, await direct.text(), "the file is the API's CSV");
  {
    const [header, ...lines] = csv.trimEnd().split("\r\n");
    assert.ok(!csv.includes('"'), "nothing quoted here");
    const columns = header.split(",");
    const rows = lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i], v])));
    assert.deepEqual(
      rows.map((r) => [
        r.period,
        r.option,
        Number(r.created),
        Number(r.duplicates),
        ...weekly.statuses.map((s) => Number(r[s])),
      ]),
      weekly.data.map((r) => [
        r.period,
        r.option,
        r.created,
        r.duplicates,
        ...weekly.statuses.map((s) => r.statuses[s]),
      ]),
      "the CSV rows are the JSON rows",
    );
  }
  await page
    .getByRole("status")
    .filter({ hasText: `Saved ${download.suggestedFilename()}.` })
    .waitFor();

  // An explicit range is sent as picked and stays in the pickers: a day without anything says so,
  // then yesterday and today hold the same refusals as the default range.
  const yesterday = new Date(Date.parse(weekly.to) - 86400000).toISOString().slice(0, 10);
  const pick = async (from, to) => {
    await page.getByLabel("From", { exact: true }).fill(from);
    await page.getByLabel("To", { exact: true }).fill(to);
  };
  await pick(yesterday, yesterday);
  const emptyAsked = page.waitForResponse((r) => r.url().includes(`/v2/campaigns/${ov.id}/stats?`));
  await page.getByRole("button", { name: "Show", exact: true }).click();
  assert.equal(
    new URL((await emptyAsked).url()).search,
    `?group_by=product&interval=week&from=${yesterday}&to=${yesterday}`,
  );
  await page.getByText("No refused submissions in this range.").waitFor();
  await page.getByText("Nothing happened in this range").waitFor();
  assert.equal(await page.locator('svg[data-chart="refused"]').count(), 0);
  assert.equal(await page.getByLabel("From", { exact: true }).inputValue(), yesterday);
  await pick(yesterday, weekly.to);
  const picked = await showOverview();
  assert.equal(picked, `group_by=product&interval=week&from=${yesterday}&to=${weekly.to}`);
  assert.deepEqual((await checkOverview(picked)).refused_totals, weekly.refused_totals);
  assert.equal(await page.getByLabel("From", { exact: true }).inputValue(), yesterday);

  // ---- audit log -------------------------------------------------------------------------------
  await screen(page, "#/audit", "Audit log");
  const auditText = await page.locator("main table").innerText();
  for (const kind of [
    "campaign_created",
    "filter_created",
    "token_created",
    "token_rotated",
    "token_revoked",
    "docs_link_rotated",
    "vendor_offboarded",
    "lead_deleted",
    "webhook_created",
  ]) {
    assert.ok(auditText.includes(kind), `audit shows ${kind}`);
  }
  await shot(page, "audit");

  // Every screen a signed-in admin sees, with its heading.
  const everyScreen = [
    ["#/overview", "Overview"],
    ["#/campaigns", "Campaigns"],
    [`#/campaigns/${campaignId}`, campaignName],
    [`#/campaigns/${campaignId}/filters/new`, "New filter"],
    ["#/vendor", "Add a vendor"],
    ["#/tokens", "Tokens"],
    ["#/leads", "Leads"],
    ["#/leads/new", "New lead"],
    [`#/leads/${campaignId}/${jane.id}`, `Lead ${jane.id}`],
    ["#/webhooks", "Webhooks"],
    [`#/webhooks/${endpoint.id}`, "Webhook Test CRM"],
    ["#/audit", "Audit log"],
  ];

  // ---- axe-core: no accessibility finding (of any impact) on any screen -------------------------
  // (A context that lets axe's script in past the page's policy; the CSP itself is checked above.)
  {
    const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const axePage = await axeContext.newPage();
    const axeScript = require.resolve("axe-core/axe.min.js");
    const audit = async (where) => {
      await axePage.addScriptTag({ path: axeScript });
      const found = await axePage.evaluate(async () =>
        (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .map((n) => n.target.join(" "))
              .slice(0, 3)
              .join(", ")}`,
        ),
      );
      assert.deepEqual(found, [], `${where}: accessibility`);
    };
    await axePage.goto(`${base}/console/`);
    await axePage.getByRole("heading", { name: "Sign in to leadgate" }).waitFor();
    await audit("sign-in");
    await axePage.getByLabel("Admin token").fill(admin);
    await axePage.keyboard.press("Enter");
    await axePage.getByRole("heading", { level: 1, name: "Overview", exact: true }).waitFor();
    for (const [hash, heading] of everyScreen) {
      await screen(axePage, hash, heading);
      await audit(hash);
    }
    await axeContext.close();
  }

  // ---- 390 px wide: every screen fits without sideways scrolling -------------------------------
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [hash, heading] of everyScreen) {
    await screen(page, hash, heading);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${hash} at 390 px: content ${scroll} px wide`);
    await shot(page, `narrow-${hash.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`);
  }

  // ---- sign-out --------------------------------------------------------------------------------
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to leadgate" }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("leadgate.console.token")), null);
  await shot(page, "narrow-signed-out");

  assert.deepEqual(foreign, [], "requests to other hosts");
  assert.ok(!urls.some((u) => u.includes(admin) || u.includes(xyz.secret)), "a token in a URL");
  assert.deepEqual(problems, []);
  console.log(`console test passed; ${step} screenshots in ${shots}`);
} catch (err) {
  // What the page showed when it failed, for the log and the output directory.
  if (page) {
    await page.screenshot({ path: join(shots, "failure.png"), fullPage: true }).catch(() => {});
    console.error(
      "page at failure:",
      page.url(),
      (
        await page
          .locator("body")
          .innerText()
          .catch(() => "")
      ).slice(0, 2000),
    );
  }
  throw err;
} finally {
  if (browser) await browser.close();
  await server.stop();
  receiver.close();
}
