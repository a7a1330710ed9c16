// The leadgate admin console: one page, no framework, no build step. It signs in with an admin
// token (kept in sessionStorage, sent only in the Authorization header) and calls the same JSON
// API as every other client. Every text from the server is put in the page with textContent or
// as an attribute value (see h()), never parsed as HTML, so a label cannot inject markup.

const TOKEN_KEY = "leadgate.console.token";

// ---- small DOM helpers ------------------------------------------------------------------------

// h("button", {class: "x", onclick: f}, "text", child): an element; strings become text nodes.
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) {
      el.addEventListener(key.slice(2), value);
    } else if (key === "value" || key === "checked" || key === "selected" || key === "disabled") {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let nextId = 0;
// A labelled form control: <div class="field"><label for=id>…</label><control id=id></div>.
function field(label, control, hint) {
  if (!control.id) control.id = `f${++nextId}`;
  const parts = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hintId = `${control.id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    parts.push(h("span", { class: "muted", id: hintId }, hint));
  }
  return h(
    "div",
    { class: control.type === "checkbox" ? "field check" : "field" },
    control.type === "checkbox" ? [control, parts[0], parts.slice(2)] : parts,
  );
}

function options(list, selected) {
  return list.map(([value, label]) => h("option", { value, selected: value === selected }, label));
}

function table(headers, rows) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "responsive" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          headers.map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((cells) =>
          h(
            "tr",
            {},
            cells.map((c, i) => h("td", { "data-label": headers[i], class: "wrap" }, c)),
          ),
        ),
      ),
    ),
  );
}

function card(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), children);
}

function notice(text) {
  document.getElementById("notice").textContent = text;
}

// A problem+json answer as a readable message: title, detail and each field at fault.
function errorBox(err) {
  const box = h("div", { class: "error", role: "alert" });
  if (err instanceof ApiError && err.problem) {
    const p = err.problem;
    box.append(h("strong", {}, p.title || `Error ${err.status}`));
    if (p.detail) box.append(" ", p.detail);
    if (Array.isArray(p.errors) && p.errors.length) {
      box.append(
        h(
          "ul",
          {},
          p.errors.map((e) => h("li", {}, h("code", {}, e.field || "(body)"), ": ", e.message || e.code)),
        ),
      );
    }
  } else {
    box.append(String(err && err.message ? err.message : err));
  }
  return box;
}

// Runs `fn` for a form or button, showing its error in `where` (replacing an earlier one).
async function attempt(where, fn) {
  where.querySelectorAll(":scope > .error").forEach((e) => e.remove());
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SignedOut) return undefined;
    where.prepend(errorBox(err));
    return undefined;
  }
}

// A modal confirmation; resolves true for `action`, false for Cancel or Escape. Cancel has the
// focus first, so an Enter never confirms by accident; focus goes back where it was. `details`
// (optional elements) say more below the question and describe the dialog.
function confirmDialog(message, action, details) {
  const before = document.activeElement;
  return new Promise((resolve) => {
    const answer = (yes) => () => {
      dialog.close();
      resolve(yes);
    };
    const cancel = h("button", { type: "button", class: "secondary", onclick: answer(false) }, "Cancel");
    const dialog = h(
      "dialog",
      { "aria-labelledby": "confirm-text", "aria-describedby": details ? "confirm-details" : null },
      h("p", { id: "confirm-text" }, details ? h("strong", {}, message) : message),
      details ? h("div", { id: "confirm-details" }, details) : null,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "danger", onclick: answer(true) }, action),
        cancel,
      ),
    );
    dialog.addEventListener("cancel", () => resolve(false));
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (before && before.isConnected) before.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

// Copies `text`: the Clipboard API where the page may use it (https, or localhost), else a
// selected off-screen field (plain http on a LAN has no navigator.clipboard).
async function copy(text, what) {
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    const before = document.activeElement;
    const area = h("textarea", { class: "offscreen", "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    document.body.append(area);
    area.select();
    copied = document.execCommand("copy");
    area.remove();
    if (before) before.focus();
  }
  notice(copied ? `${what} copied to the clipboard.` : `Could not copy: select the ${what.toLowerCase()} and copy it.`);
}

// A read-only value with a Copy button: secrets and links the admin hands to a vendor.
function secretField(label, value, what, testid) {
  const input = h("input", { type: "text", readonly: true, value, "data-testid": testid, spellcheck: "false" });
  input.id = `f${++nextId}`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: input.id }, label),
    h(
      "div",
      { class: "secret" },
      input,
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => copy(input.value, what) },
        `Copy ${what.toLowerCase()}`,
      ),
    ),
  );
}

// "Vendor XYZ" -> "vendor-xyz": an API slug ([a-z0-9][a-z0-9_-]*).
function slugify(text) {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

// A slug input that follows its label input until the admin types a slug of their own.
function slugFollowing(labelInput, slugInput) {
  let touched = false;
  slugInput.addEventListener("input", () => {
    touched = slugInput.value !== "";
  });
  labelInput.addEventListener("input", () => {
    if (!touched) slugInput.value = slugify(labelInput.value);
  });
}

// A form of labelled controls and one submit button; submitting runs `run`, and its error is
// shown in the form.
function submitForm(button, controls, run) {
  const form = h(
    "form",
    { class: "grid" },
    controls,
    h("div", { class: "actions" }, h("button", { type: "submit" }, button)),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(form, run);
  });
  return form;
}

// A <select> of [value, text] choices.
function selectOf(choices, selected) {
  return h("select", {}, options(choices, selected));
}

// A label input and a slug input that follows it.
function labelAndSlug() {
  const label = h("input", { type: "text", required: true });
  const slug = h("input", { type: "text", required: true, pattern: "[a-z0-9][a-z0-9_-]*" });
  slugFollowing(label, slug);
  return [label, slug];
}

// Retired fields, options and statuses stay on the leads that have them, but new writes may not
// use them: pickers for a new value offer only the live ones, views of existing data show all.
const live = (list) => list.filter((x) => !x.retired);
const retiredBadge = (x) => (x.retired ? h("span", { class: "pill retired" }, "Retired") : null);
// A label as pickers over existing data show it (filters, list conditions).
const markRetired = (x, label = x.label) => (x.retired ? `${label} (retired)` : label);

// A lead's field value as text: a json field's value as JSON.
function shownValue(v) {
  if (v === undefined || v === null) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

// `url` when it is an http(s) address (a docs link from the server), else undefined: no other
// scheme ever becomes a link target.
function httpUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function when(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC");
}

// ---- the API ------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem, text) {
    super(
      problem && problem.title
        ? `${problem.title}${problem.detail ? ": " + problem.detail : ""}`
        : `HTTP ${status} ${text}`,
    );
    this.status = status;
    this.problem = problem;
  }
}
class SignedOut extends Error {}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function request(method, path, body, bearer = token()) {
  const headers = { Authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
    credentials: "omit",
    redirect: "error",
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data, text);
  return data;
}

const TOKEN_GONE = "Your token is no longer accepted; sign in again.";

// Every screen's calls: a 401 means the token stopped working, so the console signs out.
async function api(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      signOut(TOKEN_GONE);
      throw new SignedOut();
    }
    throw err;
  }
}

// A GET answered in another type than JSON (`accept`, e.g. text/csv) as a Blob; failures as api()
// has them (a 401 signs out, anything else is an ApiError with the problem).
async function apiBlob(path, accept) {
  const res = await fetch(path, {
    headers: { Authorization: `Bearer ${token()}`, Accept: accept },
    cache: "no-store",
    credentials: "omit",
    redirect: "error",
  });
  if (res.ok) return res.blob();
  if (res.status === 401) {
    signOut(TOKEN_GONE);
    throw new SignedOut();
  }
  const text = await res.text();
  let problem = null;
  try {
    problem = JSON.parse(text);
  } catch {
    problem = null;
  }
  throw new ApiError(res.status, problem, text);
}

const enc = encodeURIComponent;
const campaigns = async () => (await api("GET", "/v2/campaigns")).data;
const getCampaign = (id) => api("GET", `/v2/campaigns/${enc(id)}`);
const getFilters = async (id) => (await api("GET", `/v2/campaigns/${enc(id)}/filters`)).data;

// ---- sign-in and routing --------------------------------------------------------------------

let flash = null; // a message for the next screen, shown once it is rendered

// Shows the screen of `hash` (again, when it is the current one), then `message`.
function go(hash, message) {
  flash = message || null;
  if (location.hash === hash) return route();
  location.hash = hash; // the hashchange event renders it
  return Promise.resolve();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(leadQuery, { campaign: null, params: {}, cursors: [] });
  Object.assign(overviewQuery, OVERVIEW_DEFAULTS);
  auditCursors.length = 0;
  nextPanel = null;
  flash = message || null;
  history.replaceState(null, "", "#/signin");
  route();
}

function signInScreen(main) {
  const input = h("input", {
    type: "password",
    name: "token",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
  const form = h(
    "form",
    { class: "card", novalidate: true },
    h("h2", {}, "Admin token"),
    h(
      "p",
      { class: "hint" },
      "Sign in with an admin token (the first one is in the data directory's admin-token file). " +
        "It stays in this browser tab only and is sent in the Authorization header, never in a URL.",
    ),
    field("Admin token", input),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(form, async () => {
      const secret = input.value.trim();
      if (!secret) throw new Error("Enter a token.");
      try {
        await request("GET", "/v2/tokens", undefined, secret);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401)
          throw new Error("This token is not valid (unknown, revoked or expired).");
        if (err instanceof ApiError && err.status === 403) throw new Error("This token is not an admin token.");
        throw err;
      }
      sessionStorage.setItem(TOKEN_KEY, secret);
      // Where the admin was going (a bookmarked screen), else the overview.
      await go(location.hash && location.hash !== "#/signin" ? location.hash : "#/overview");
    });
  });
  main.append(h("h1", {}, "Sign in to leadgate"), form);
}

const screens = [
  [/^#\/overview$/, overviewScreen, "overview"],
  [/^#\/campaigns$/, campaignsScreen, "campaigns"],
  [/^#\/campaigns\/(\d+)$/, campaignScreen, "campaigns"],
  [/^#\/campaigns\/(\d+)\/filters\/(new|\d+)$/, filterScreen, "campaigns"],
  [/^#\/vendor$/, vendorScreen, "vendor"],
  [/^#\/tokens$/, tokensScreen, "tokens"],
  [/^#\/leads$/, leadsScreen, "leads"],
  [/^#\/leads\/new$/, newLeadScreen, "leads"],
  [/^#\/leads\/(\d+)\/(\d+)$/, leadScreen, "leads"],
  [/^#\/webhooks$/, webhooksScreen, "webhooks"],
  [/^#\/webhooks\/(\d+)(?:\/(pending|succeeded|failed))?$/, webhookScreen, "webhooks"],
  [/^#\/audit$/, auditScreen, "audit"],
];

let generation = 0; // the latest route(); an older one that finishes late is dropped
let shownHash = null; // the screen on show: the same again is a reload, kept in place

// Renders the screen the hash names into a detached view, then swaps it in whole.
async function route() {
  const mine = ++generation;
  const main = document.getElementById("main");
  const nav = document.getElementById("nav");
  const view = h("div", {});
  let focus = main;
  const entering = location.hash !== shownHash;
  if (!token()) {
    nav.hidden = true;
    signInScreen(view);
    focus = view.querySelector("input");
  } else {
    nav.hidden = false;
    const landing = ["", "#/", "#/signin"].includes(location.hash);
    const hash = landing ? "#/overview" : location.hash;
    if (hash !== location.hash) history.replaceState(null, "", hash);
    const found = screens.find(([pattern]) => pattern.test(hash));
    if (found) {
      const [pattern, screen, section] = found;
      for (const a of nav.querySelectorAll("a")) {
        if (a.getAttribute("href") === `#/${section}`) a.setAttribute("aria-current", "page");
        else a.removeAttribute("aria-current");
      }
      main.setAttribute("aria-busy", "true");
      if (entering && section === "audit") auditCursors.length = 0; // the log opens at its newest page
      if (entering && section === "webhooks") deliveryCursors.length = 0;
      await attempt(view, () => screen(view, ...hash.match(pattern).slice(1)));
    } else {
      view.append(h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/campaigns" }, "Back to campaigns")));
    }
  }
  if (mine !== generation) return;
  main.replaceChildren(view);
  main.removeAttribute("aria-busy");
  nextPanel = null; // shown now, or left behind: a secret is not kept for later
  const title = view.querySelector("h1");
  document.title = `${title ? title.textContent : "leadgate"} · leadgate console`;
  notice(flash || "");
  flash = null;
  focus.focus({ preventScroll: true });
  if (entering) window.scrollTo(0, 0);
  shownHash = location.hash;
}

// ---- overview: what each vendor brought ---------------------------------------------------------

// The Overview's choices, kept while the admin moves between screens (signing out forgets them).
// from/to null: none sent, the API's default (the account's last 30 days, in its time zone).
const OVERVIEW_DEFAULTS = { campaign: null, group_by: null, interval: "day", from: null, to: null };
const overviewQuery = { ...OVERVIEW_DEFAULTS };
const INTERVALS = [
  ["day", "Day"],
  ["week", "Week (from Monday)"],
  ["month", "Month"],
];
const PERIOD_HEADINGS = { day: "Day", week: "Week of", month: "Month" };
const SERIES_COLOURS = 8; // .s0 … .s7 in console.css; a select's options take them in turn
const DAY_MS = 86400000;

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const dateMs = (text) => Date.parse(`${text}T00:00:00Z`);
// A rate (a share of the leads created, or null without any) as a percentage.
const percent = (rate) => (rate === null || rate === undefined ? "—" : `${Math.round(rate * 1000) / 10}%`);
// A label cut to `chars` characters (the whole of it goes in the element's <title>).
const fit = (text, chars) => (text.length > chars ? `${text.slice(0, Math.max(1, chars - 1))}…` : text);

// svg("rect", {x: 1}, child): an SVG element, like h(); strings become text nodes, never markup.
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

// A chart's drawing width: about the width it is shown at, so that its text keeps about the
// page's size (the SVG still scales with its viewBox when the window changes).
function chartWidth() {
  return Math.round(Math.min(960, Math.max(300, document.getElementById("main").clientWidth - 64)));
}

// The periods of [from, to] as the API names them: each day, each week's Monday or each month.
function periodsOf(from, to, interval) {
  const out = [];
  for (let ms = dateMs(from); ms <= dateMs(to); ms += DAY_MS) {
    let period = isoDate(ms);
    if (interval === "week") period = isoDate(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS);
    if (interval === "month") period = period.slice(0, 7);
    if (out[out.length - 1] !== period) out.push(period);
  }
  return out;
}

// An axis's round steps from 0 to at least `max`: 1, 2 or 5 times a power of ten apart.
function axisTicks(max, count = 4) {
  const raw = Math.max(max, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw),
  );
  const out = [0];
  while (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out.length > 1 ? out : [0, step];
}

async function overviewScreen(main) {
  const list = await campaigns();
  main.append(
    h("h1", {}, "Overview"),
    h(
      "p",
      { class: "muted" },
      "What each vendor brought: the leads created per period, the statuses they reached, how many were " +
        "duplicates and the submissions refused per token. Days are those of the account's time zone.",
    ),
  );
  if (list.length === 0) {
    main.append(h("p", {}, "No campaigns yet: ", h("a", { href: "#/campaigns" }, "create one"), "."));
    return;
  }
  const q = overviewQuery;
  if (!list.some((c) => String(c.id) === q.campaign))
    Object.assign(q, { campaign: String(list[0].id), group_by: null });
  const c = list.find((x) => String(x.id) === q.campaign); // the list holds whole schemas
  if (!c.selects.some((s) => s.slug === q.group_by)) q.group_by = c.selects.length ? c.selects[0].slug : null;
  const [form, showRange] = overviewForm(list);
  main.append(card("What to show", form));
  if (!q.group_by) {
    main.append(h("p", {}, "This campaign has no select list to group its leads by."));
    return;
  }
  // No from/to until the admin picks them: the API's default range, in the account's time zone.
  const query = new URLSearchParams({ group_by: q.group_by, interval: q.interval });
  if (q.from) query.set("from", q.from);
  if (q.to) query.set("to", q.to);
  const path = `/v2/campaigns/${enc(c.id)}/stats?${query}`;
  const stats = await api("GET", path);
  showRange(stats.from, stats.to);
  main.append(...overviewResults(c, stats, path));
}

// The pickers: campaign, the select to group by (the campaign's own), interval, from and to.
// Show renders the screen with them. Returns the form and showRange(from, to), which puts the
// range of the API's answer in the date pickers; left as shown, a default range stays the default.
function overviewForm(list) {
  const q = overviewQuery;
  const campaign = selectOf(
    list.map((x) => [String(x.id), x.name]),
    q.campaign,
  );
  const groupBy = h("select", {});
  const fillSelects = () => {
    const c = list.find((x) => String(x.id) === campaign.value);
    const slug = campaign.value === q.campaign ? q.group_by : null;
    groupBy.replaceChildren(
      ...options(
        c.selects.map((s) => [s.slug, markRetired(s)]),
        slug,
      ),
    );
  };
  campaign.addEventListener("change", fillSelects);
  fillSelects();
  const interval = selectOf(INTERVALS, q.interval);
  const from = h("input", { type: "date", value: q.from || "" });
  const to = h("input", { type: "date", value: q.to || "" });
  const shown = { from: null, to: null }; // the API's default range, when none was asked for
  const showRange = (first, last) => {
    from.value = first;
    to.value = last;
    if (!q.from && !q.to) Object.assign(shown, { from: first, to: last });
  };
  const form = submitForm(
    "Show",
    [
      field("Campaign", campaign),
      field("Group by", groupBy, "Usually the source list: one colour per vendor"),
      field("Interval", interval),
      field("From", from),
      field("To", to, "Both days included; left empty, the last 30 days"),
    ],
    () => {
      const asShown = from.value === shown.from && to.value === shown.to;
      Object.assign(q, {
        campaign: campaign.value,
        group_by: groupBy.value || null,
        interval: interval.value,
        from: asShown ? null : from.value || null,
        to: asShown ? null : to.value || null,
      });
      return route();
    },
  );
  return [form, showRange];
}

// The charts, their tables and the CSV download of one answer of the statistics API (cards).
function overviewResults(c, stats, path) {
  const select = c.selects.find((s) => s.slug === stats.group_by);
  const index = (slug) => select.options.findIndex((o) => o.slug === slug);
  const series = {
    slugs: stats.totals.map((t) => t.option),
    label: (slug) => (index(slug) < 0 ? slug : markRetired(select.options[index(slug)])),
    colour: (slug) => `s${Math.max(0, index(slug)) % SERIES_COLOURS}`,
  };
  const statusLabel = (slug) => (c.statuses.find((s) => s.slug === slug) || { label: slug }).label;
  const created = stats.totals.reduce((sum, t) => sum + t.created, 0);
  const filename = `leadgate-stats-${c.id}-${stats.group_by}-${stats.interval}-${stats.from}-${stats.to}.csv`;
  const summary = card(
    "Leads",
    h(
      "p",
      {},
      `${created} lead${created === 1 ? "" : "s"} created from ${stats.from} to ${stats.to} (${stats.time_zone}), ` +
        `by ${select.label} and ${stats.interval}.`,
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => attempt(summary, () => downloadCsv(path, filename)) },
        "Download CSV",
      ),
    ),
  );
  const refused = refusedCard(stats);
  if (stats.totals.length === 0) {
    summary.append(h("p", {}, "Nothing happened in this range: no lead was created or changed."));
    return [summary, refused];
  }
  const periods = [
    ...new Set([...periodsOf(stats.from, stats.to, stats.interval), ...stats.data.map((r) => r.period)]),
  ];
  periods.sort();
  return [
    summary,
    card(
      "Leads created per period",
      legend(series),
      stackedBarsSvg(stats, periods, series, select.label),
      createdTable(stats, series),
    ),
    card(
      "Status funnel",
      h(
        "p",
        { class: "muted" },
        "Per option, the leads created and how many reached each status (a share of those created), " +
          "and the duplicates among them.",
      ),
      funnelSvg(stats, series, statusLabel),
      funnelTable(stats, series, statusLabel),
    ),
    refused,
  ];
}

// The options' colours, named.
function legend(series) {
  return h(
    "ul",
    { class: "legend" },
    series.slugs.map((slug) =>
      h("li", {}, h("span", { class: `swatch ${series.colour(slug)}`, "aria-hidden": "true" }), series.label(slug)),
    ),
  );
}

// Leads created per period: a bar per period, stacked from the options (the campaign's order,
// bottom up). Every band carries data-option, data-period and data-value; empty ones are left out.
function stackedBarsSvg(stats, periods, series, groupLabel) {
  const width = chartWidth();
  const height = Math.round(Math.min(340, Math.max(220, width * 0.42)));
  const pad = { left: 44, right: 8, top: 12, bottom: 30 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const sums = new Map(periods.map((p) => [p, 0]));
  for (const row of stats.data) sums.set(row.period, sums.get(row.period) + row.created);
  const ticks = axisTicks(Math.max(...sums.values()));
  const top = ticks[ticks.length - 1];
  const y = (v) => pad.top + plotH - (v / top) * plotH;
  const slot = plotW / periods.length;
  const barW = Math.max(1, slot * 0.72);
  const x = (p) => pad.left + periods.indexOf(p) * slot + (slot - barW) / 2;
  const grid = ticks.map((t) => [
    svg("line", { class: "grid", x1: pad.left, x2: width - pad.right, y1: y(t), y2: y(t) }),
    svg("text", { class: "axis", x: pad.left - 6, y: y(t) + 4, "text-anchor": "end" }, String(t)),
  ]);
  const every = Math.ceil(periods.length / Math.max(1, Math.floor(plotW / 56)));
  const labels = periods
    .filter((p, i) => i % every === 0)
    .map((p) =>
      svg(
        "text",
        { class: "axis", x: x(p) + barW / 2, y: height - 10, "text-anchor": "middle" },
        stats.interval === "month" ? p : p.slice(5),
      ),
    );
  const base = new Map(periods.map((p) => [p, 0]));
  const bars = stats.data
    .filter((row) => row.created > 0)
    .map((row) => {
      const below = base.get(row.period);
      base.set(row.period, below + row.created);
      return svg(
        "rect",
        {
          class: `bar ${series.colour(row.option)}`,
          x: x(row.period),
          y: y(below + row.created),
          width: barW,
          height: y(below) - y(below + row.created),
          "data-option": row.option,
          "data-period": row.period,
          "data-value": row.created,
        },
        svg("title", {}, `${series.label(row.option)}, ${row.period}: ${row.created}`),
      );
    });
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  return svg(
    "svg",
    {
      class: "chart",
      "data-chart": "created",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label":
        `Leads created per ${stats.interval} by ${groupLabel}, ${stats.from} to ${stats.to}: ${total} in all ` +
        `over ${periods.length} period${periods.length === 1 ? "" : "s"}. The table below has the numbers.`,
    },
    grid,
    svg("line", { class: "baseline", x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0) }),
    bars,
    labels,
  );
}

// The status funnel: per option a group of horizontal bars on one scale, the leads created, those
// that reached each status with the conversion, and the duplicates with their rate. Every bar
// carries data-option, data-status ("created", "duplicates" or a status slug), data-value and
// (but the created one) data-rate.
function funnelSvg(stats, series, statusLabel) {
  const width = chartWidth();
  const labelW = Math.min(140, Math.round(width * 0.3));
  const barMax = width - labelW - 100;
  const rowH = 20;
  const max = Math.max(1, ...stats.totals.flatMap((t) => [t.created, t.duplicates, ...Object.values(t.statuses)]));
  const parts = [];
  let y = 0;
  for (const t of stats.totals) {
    const rows = [
      ["created", "Created", t.created, undefined],
      ...stats.statuses.map((s) => [s, statusLabel(s), t.statuses[s], t.conversion[s]]),
      ["duplicates", "Duplicates", t.duplicates, t.duplicate_rate],
    ];
    const heading = series.label(t.option);
    parts.push(
      svg(
        "text",
        { class: "heading", x: 0, y: y + 16 },
        fit(heading, Math.floor(width / 8)),
        svg("title", {}, heading),
      ),
    );
    y += 24;
    for (const [slug, label, value, rate] of rows) {
      const w = value > 0 ? Math.max(1, (value / max) * barMax) : 0;
      parts.push(
        svg(
          "text",
          { class: "axis", x: labelW - 6, y: y + 14, "text-anchor": "end" },
          fit(label, Math.floor(labelW / 7)),
          svg("title", {}, label),
        ),
        svg(
          "rect",
          {
            class: `bar ${slug === "duplicates" ? "dup" : series.colour(t.option)}`,
            x: labelW,
            y: y + 3,
            width: w,
            height: rowH - 6,
            "data-option": t.option,
            "data-status": slug,
            "data-value": value,
            "data-rate": rate === undefined ? undefined : String(rate),
          },
          svg("title", {}, `${heading}, ${label}: ${value}${rate === undefined ? "" : ` (${percent(rate)})`}`),
        ),
        svg(
          "text",
          { class: "value", x: labelW + w + 4, y: y + 14 },
          rate === undefined ? String(value) : `${value} · ${percent(rate)}`,
        ),
      );
      y += rowH;
    }
    y += 12;
  }
  const names = stats.totals.map((t) => `${series.label(t.option)} ${t.created} created`).join(", ");
  return svg(
    "svg",
    {
      class: "chart",
      "data-chart": "funnel",
      viewBox: `0 0 ${width} ${y}`,
      role: "img",
      "aria-label": `Status funnel per option: ${names}. The table below has every status and rate.`,
    },
    parts,
  );
}

// table() with a caption: the numbers of a chart, for reading and for screen readers.
function statsTable(caption, headers, rows, name) {
  const wrap = table(headers, rows);
  const t = wrap.querySelector("table");
  t.setAttribute("data-table", name);
  t.prepend(h("caption", {}, caption));
  return wrap;
}

// A number in a table cell, with what it counts as data attributes (as the chart's bars have).
const statCell = (value, data, text = String(value)) => h("span", { ...data, "data-value": value }, text);

// Leads created: a row per period with anything, a column per option and the total.
function createdTable(stats, series) {
  const periods = [...new Set(stats.data.map((r) => r.period))];
  const value = (p, o) => (stats.data.find((r) => r.period === p && r.option === o) || { created: 0 }).created;
  return statsTable(
    "Leads created per period and option",
    [PERIOD_HEADINGS[stats.interval], ...series.slugs.map(series.label), "Total"],
    periods.map((p) => [
      p,
      ...series.slugs.map((o) => statCell(value(p, o), { "data-option": o, "data-period": p })),
      String(series.slugs.reduce((sum, o) => sum + value(p, o), 0)),
    ]),
    "created",
  );
}

// The funnel: a row per option; the leads that reached each status with the conversion.
function funnelTable(stats, series, statusLabel) {
  return statsTable(
    "Statuses reached per option (share of the leads created) and duplicates",
    ["Option", "Created", ...stats.statuses.map(statusLabel), "Duplicates"],
    stats.totals.map((t) => [
      series.label(t.option),
      statCell(t.created, { "data-option": t.option, "data-status": "created" }),
      ...stats.statuses.map((s) =>
        statCell(
          t.statuses[s],
          { "data-option": t.option, "data-status": s, "data-rate": String(t.conversion[s]) },
          `${t.statuses[s]} (${percent(t.conversion[s])})`,
        ),
      ),
      statCell(
        t.duplicates,
        { "data-option": t.option, "data-status": "duplicates", "data-rate": String(t.duplicate_rate) },
        `${t.duplicates} (${percent(t.duplicate_rate)})`,
      ),
    ]),
    "funnel",
  );
}

// ---- refused submissions: per token, how many and why ----

// A token's name as shown (the API names every token; a nameless one goes by its id).
const tokenName = (t) => t.token || `Token ${t.token_id}`;

// A token's most frequent reasons, [reason, count] by count (then name), the first `n`.
const topReasons = (reasons, n = 3) =>
  Object.entries(reasons)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, n);

// The submissions each token had refused in the range (most first, as the API orders them):
// a bar per token and a table with its top three reasons.
function refusedCard(stats) {
  const totals = stats.refused_totals || [];
  const part = card(
    "Refused submissions",
    h(
      "p",
      { class: "muted" },
      "Per token (vendor), the submissions the API refused: invalid or unknown fields, duplicates a rule " +
        "rejected, rate limits. A reason reads error/field, else the problem's code.",
    ),
  );
  if (totals.length === 0) part.append(h("p", {}, "No refused submissions in this range."));
  else part.append(refusedSvg(stats, totals), refusedTable(totals));
  return part;
}

// A horizontal bar per token, on one scale; every bar carries data-token (the token's id) and
// data-value (its refusals).
function refusedSvg(stats, totals) {
  const width = chartWidth();
  const labelW = Math.min(160, Math.round(width * 0.34));
  const barMax = width - labelW - 48;
  const rowH = 24;
  const max = Math.max(1, ...totals.map((t) => t.refused));
  const rows = totals.map((t, i) => {
    const name = tokenName(t);
    const y = i * rowH;
    const w = Math.max(1, (t.refused / max) * barMax);
    const why = topReasons(t.reasons)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(", ");
    return [
      svg(
        "text",
        { class: "axis", x: labelW - 6, y: y + 16, "text-anchor": "end" },
        fit(name, Math.floor((labelW - 8) / 8)),
        svg("title", {}, name),
      ),
      svg(
        "rect",
        {
          class: "bar refused",
          x: labelW,
          y: y + 4,
          width: w,
          height: rowH - 8,
          "data-token": t.token_id,
          "data-value": t.refused,
        },
        svg("title", {}, `${name}: ${t.refused} refused (${why})`),
      ),
      svg("text", { class: "value", x: labelW + w + 4, y: y + 16 }, String(t.refused)),
    ];
  });
  const names = totals.map((t) => `${tokenName(t)} ${t.refused}`).join(", ");
  return svg(
    "svg",
    {
      class: "chart",
      "data-chart": "refused",
      viewBox: `0 0 ${width} ${totals.length * rowH + 4}`,
      role: "img",
      "aria-label":
        `Refused submissions per token, ${stats.from} to ${stats.to}: ${names}. ` +
        "The table below has each token's top reasons.",
    },
    rows,
  );
}

// A row per token: its name, its refusals and its top three reasons with their counts.
function refusedTable(totals) {
  return statsTable(
    "Refused submissions per token and their most frequent reasons",
    ["Token", "Refused", "Top reasons"],
    totals.map((t) => [
      tokenName(t),
      statCell(t.refused, { "data-token": t.token_id }),
      h(
        "ul",
        { class: "reasons" },
        topReasons(t.reasons).map(([reason, count]) =>
          h("li", {}, h("code", {}, reason), ": ", statCell(count, { "data-reason": reason })),
        ),
      ),
    ]),
    "refused",
  );
}

// The same query as CSV (Accept: text/csv, the console's token in the header), saved as a file.
async function downloadCsv(path, filename) {
  const url = URL.createObjectURL(await apiBlob(path, "text/csv"));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  notice(`Saved ${filename}.`);
}

// ---- campaigns ------------------------------------------------------------------------------

const TEMPLATES = {
  standard: {
    fields: [
      { slug: "name", label: "Name", type: "text", required: true },
      { slug: "email", label: "E-mail", type: "email" },
      { slug: "phone", label: "Phone", type: "phone" },
    ],
    selects: [{ slug: "source", label: "Source", required: true, options: [] }],
    statuses: [
      { slug: "new", label: "New", type: "active", default: true },
      { slug: "contacted", label: "Contacted", type: "active" },
      { slug: "won", label: "Won", type: "won" },
      { slug: "lost", label: "Lost", type: "lost" },
    ],
  },
  empty: { fields: [], selects: [], statuses: [{ slug: "new", label: "New", type: "active", default: true }] },
};

async function campaignsScreen(main) {
  const list = await campaigns();
  main.append(h("h1", {}, "Campaigns"));
  const name = h("input", { type: "text", required: true, maxlength: 200 });
  const template = selectOf(
    [
      ["standard", "Standard: name, e-mail, phone, a source list and four statuses"],
      ["empty", "Empty: one status, add the rest yourself"],
    ],
    "standard",
  );
  const form = submitForm(
    "Create campaign",
    [field("Campaign name", name), field("Start from", template)],
    async () => {
      const created = await api("POST", "/v2/campaigns", { name: name.value, ...TEMPLATES[template.value] });
      await go(`#/campaigns/${created.id}`, `Campaign “${created.name}” created.`);
    },
  );
  main.append(card("New campaign", form));
  main.append(
    card(
      "All campaigns",
      list.length === 0
        ? h("p", {}, "No campaigns yet.")
        : table(
            ["Name", "ID", "Fields", "Select lists", "Statuses"],
            list.map((c) => [
              h("a", { href: `#/campaigns/${c.id}` }, c.name),
              String(c.id),
              String(c.fields.length),
              c.selects.map((s) => `${s.label} (${s.options.length})`).join(", ") || "—",
              String(c.statuses.length),
            ]),
          ),
    ),
  );
}

const FIELD_TYPES = ["text", "email", "phone", "number", "date", "datetime", "checkbox", "json"];
const STATUS_TYPES = ["active", "inactive", "won", "lost"];

// A campaign's screen: one card per part of its schema. Each part gets the same `ctx`: the
// campaign `c`, its API path `base`, `reload` (after a change, with a notice) and the screen's
// `main`.
async function campaignScreen(main, id) {
  const [c, filters] = await Promise.all([getCampaign(id), getFilters(id)]);
  const ctx = { c, base: `/v2/campaigns/${enc(id)}`, reload: (message) => go(location.hash, message), main };
  main.append(h("h1", {}, c.name), h("p", { class: "muted" }, `Campaign ${c.id} · created ${when(c.created_at)}`));
  main.append(
    campaignNameCard(ctx),
    retentionCard(ctx),
    fieldsCard(ctx),
    selectListsCard(ctx),
    statusesCard(ctx),
    duplicateRulesCard(ctx),
    filtersCard(c, filters),
  );
}

// The campaign's name.
function campaignNameCard(ctx) {
  const { c, base, reload } = ctx;
  const name = h("input", { type: "text", value: c.name, required: true, maxlength: 200 });
  const nameForm = submitForm("Save name", [field("Campaign name", name)], async () => {
    await api("PATCH", base, { name: name.value });
    await reload("Name saved.");
  });
  return card("Name", nameForm);
}

// Retention: leads older than this are erased in the background (none set: kept forever).
function retentionCard(ctx) {
  const { c, base, reload } = ctx;
  const retention = h("input", {
    type: "number",
    min: 0.0001,
    max: 36500,
    step: "any",
    value: c.retention_days ?? "",
    inputmode: "decimal",
  });
  const retentionForm = submitForm(
    "Save retention",
    [field("Retention (days)", retention, "Empty: keep leads forever. Fractions allowed: 0.5 is twelve hours")],
    async () => {
      const text = retention.value.trim();
      const days = text === "" ? null : Number(text);
      if (days !== null && !(Number.isFinite(days) && days >= 0.0001 && days <= 36500))
        throw new Error("Retention is a number of days from 0.0001 to 36500, or empty to keep leads forever.");
      if (
        days !== null &&
        days !== c.retention_days &&
        !(await confirmDialog(
          `Erase leads of “${c.name}” once they are more than ${days} day${days === 1 ? "" : "s"} old?`,
          "Save retention",
          [
            h(
              "p",
              {},
              "The server erases older leads in the background, starting within a minute, as a deletion does. " +
                "Erased leads cannot be brought back.",
            ),
          ],
        ))
      )
        return;
      await api("PATCH", base, { retention_days: days });
      await reload(
        days === null
          ? "Leads are now kept forever."
          : `Leads are now erased ${days} day${days === 1 ? "" : "s"} after they are created.`,
      );
    },
  );
  return card("Lead retention", retentionForm);
}

// Retire / Restore: reversible; old leads keep the value, new writes are refused it.
function retireButton(ctx, kind, item, path, box) {
  return h(
    "button",
    {
      type: "button",
      class: "secondary",
      "aria-label": `${item.retired ? "Restore" : "Retire"} ${kind} ${item.slug}`,
      onclick: () =>
        attempt(box, async () => {
          await api("PATCH", path, { retired: !item.retired });
          await ctx.reload(
            item.retired
              ? `${kind[0].toUpperCase()}${kind.slice(1)} ${item.slug} restored: new leads may use it again.`
              : `${kind[0].toUpperCase()}${kind.slice(1)} ${item.slug} retired: leads keep it, new writes cannot use it.`,
          );
        }),
    },
    item.retired ? "Restore" : "Retire",
  );
}
// A slug, with a badge when it is retired.
function slugCell(item) {
  return h("span", {}, h("code", {}, item.slug), item.retired ? " " : null, retiredBadge(item));
}

// The fields: each one's label, required flag and description; retiring; adding one.
function fieldsCard(ctx) {
  const { c, base, reload } = ctx;
  const fieldBox = h("div", {});
  const fieldRows = c.fields.map((f) => {
    const label = h("input", { type: "text", value: f.label, "aria-label": `Label of ${f.slug}` });
    const required = h("input", { type: "checkbox", checked: f.required, "aria-label": `${f.slug} is required` });
    const description = h("input", {
      type: "text",
      value: f.description || "",
      "aria-label": `Description of ${f.slug}`,
    });
    const save = h("button", { type: "button", class: "secondary", "aria-label": `Save field ${f.slug}` }, "Save");
    save.addEventListener("click", () =>
      attempt(fieldBox, async () => {
        await api("PATCH", `${base}/fields/${enc(f.slug)}`, {
          label: label.value,
          required: required.checked,
          description: description.value,
        });
        await reload(`Field ${f.slug} saved.`);
      }),
    );
    return [
      slugCell(f),
      f.type,
      label,
      required,
      description,
      h("div", { class: "actions" }, save, retireButton(ctx, "field", f, `${base}/fields/${enc(f.slug)}`, fieldBox)),
    ];
  });
  if (c.fields.length)
    fieldBox.append(table(["Slug", "Type", "Label", "Required", "Description", "Actions"], fieldRows));
  else fieldBox.append(h("p", {}, "No fields yet."));
  const [fLabel, fSlug] = labelAndSlug();
  const fType = selectOf(
    FIELD_TYPES.map((t) => [t, t]),
    "text",
  );
  const fRequired = h("input", { type: "checkbox" });
  const fDescription = h("input", { type: "text" });
  const addField = submitForm(
    "Add field",
    [
      field("Label", fLabel),
      field("API slug", fSlug, "Stable: cannot change later"),
      field("Type", fType),
      field("Description", fDescription),
      field("Required", fRequired),
    ],
    async () => {
      await api("POST", `${base}/fields`, {
        slug: fSlug.value,
        label: fLabel.value,
        type: fType.value,
        required: fRequired.checked,
        description: fDescription.value,
      });
      await reload(`Field ${fSlug.value} added.`);
    },
  );
  return card("Fields", fieldBox, h("h3", {}, "Add a field"), addField);
}

// A vendor leaves: the dry run says what would happen, one confirmation, then it is done.
function offboardOption(ctx, s, o, box) {
  const { base, reload } = ctx;
  return attempt(box, async () => {
    const path = `${base}/selects/${enc(s.slug)}/options/${enc(o.slug)}/offboard`;
    const [plan, tokens] = await Promise.all([api("POST", path, { dry_run: true }), api("GET", "/v2/tokens")]);
    const byId = new Map(tokens.data.map((t) => [t.id, t]));
    const ids = plan.tokens_revoked || [];
    const n = ids.length;
    const details = [
      h(
        "p",
        {},
        n
          ? `${n === 1 ? "This token is" : `These ${n} tokens are`} revoked at once (requests with ${n === 1 ? "it" : "them"} are refused, ${n === 1 ? "its docs link stops" : "their docs links stop"} working):`
          : "No active token is scoped to this option, so no token is revoked.",
      ),
      n
        ? h(
            "ul",
            { "data-testid": "offboard-tokens" },
            ids.map((id) => {
              const t = byId.get(id);
              return h("li", {}, t ? `${t.name} (${t.masked})` : `Token ${id}`);
            }),
          )
        : null,
      (plan.webhooks_disabled || []).length
        ? h(
            "p",
            { "data-testid": "offboard-webhooks" },
            `${plan.webhooks_disabled.length} webhook endpoint${plan.webhooks_disabled.length === 1 ? " is" : "s are"} disabled (${plan.webhooks_disabled.map((id) => `#${id}`).join(", ")}).`,
          )
        : null,
      h(
        "p",
        {},
        o.retired
          ? `The option “${o.label}” (${o.slug}) is already retired and stays retired.`
          : `The option “${o.label}” (${o.slug}) of ${s.label} is retired: new leads cannot use it.`,
      ),
      h(
        "p",
        {},
        "Its leads are kept, with their value, and its saved filters stay, so they can still be browsed. " +
          "Retiring can be undone with Restore; a revoked token cannot.",
      ),
    ];
    if (!(await confirmDialog(`Offboard “${o.label}”?`, "Offboard vendor", details))) return;
    const done = await api("POST", path, { dry_run: false });
    const revoked = (done.tokens_revoked || []).length;
    await reload(
      `“${o.label}” offboarded: ${revoked} token${revoked === 1 ? "" : "s"} revoked, option ${o.slug} retired.`,
    );
  });
}

// The select lists and their options: labels, retiring, offboarding a vendor; adding both.
function selectListsCard(ctx) {
  const { c, base, reload } = ctx;
  const selectCards = c.selects.map((s) => {
    const box = h("div", {});
    const optionsPath = `${base}/selects/${enc(s.slug)}/options`;
    const rows = s.options.map((o) => {
      const label = h("input", {
        type: "text",
        value: o.label,
        required: true,
        "aria-label": `Label of option ${o.slug}`,
      });
      const saveLabel = h(
        "button",
        {
          type: "button",
          class: "secondary",
          "aria-label": `Save label of option ${o.slug}`,
          onclick: () =>
            attempt(box, async () => {
              await api("PATCH", `${optionsPath}/${enc(o.slug)}`, { label: label.value });
              await reload(`Option ${o.slug} is now “${label.value}”.`);
            }),
        },
        "Save label",
      );
      const offboardButton = h(
        "button",
        {
          type: "button",
          class: "danger",
          "aria-label": `Offboard option ${o.slug}`,
          onclick: () => offboardOption(ctx, s, o, box),
        },
        "Offboard",
      );
      return [
        label,
        slugCell(o),
        h(
          "div",
          { class: "actions" },
          saveLabel,
          retireButton(ctx, "option", o, `${optionsPath}/${enc(o.slug)}`, box),
          offboardButton,
        ),
      ];
    });
    box.append(
      s.options.length ? table(["Label", "Slug", "Actions"], rows) : h("p", { class: "muted" }, "No options yet."),
    );
    // The list's own label, renamed in place (its slug never changes).
    const listLabel = h("input", { type: "text", value: s.label, required: true });
    const rename = h(
      "form",
      { class: "rename" },
      field(`Label of the ${s.slug} list`, listLabel),
      h("button", { type: "submit", class: "secondary", "aria-label": `Save label of list ${s.slug}` }, "Save label"),
    );
    rename.addEventListener("submit", (e) => {
      e.preventDefault();
      attempt(box, async () => {
        await api("PATCH", `${base}/selects/${enc(s.slug)}`, { label: listLabel.value });
        await reload(`List ${s.slug} is now “${listLabel.value}”.`);
      });
    });
    const [oLabel, oSlug] = labelAndSlug();
    const addOption = submitForm(
      "Add option",
      [field("Option label", oLabel), field("Option slug", oSlug)],
      async () => {
        await api("POST", optionsPath, { slug: oSlug.value, label: oLabel.value });
        await reload(`Option ${oSlug.value} added to ${s.slug}.`);
      },
    );
    return h(
      "div",
      { class: "select-list", "data-testid": `select-${s.slug}` },
      h("h3", {}, s.label, " ", h("code", {}, s.slug), s.required ? h("span", { class: "pill" }, "required") : null),
      rename,
      box,
      addOption,
    );
  });
  const [sLabel, sSlug] = labelAndSlug();
  const sRequired = h("input", { type: "checkbox" });
  const addSelect = submitForm(
    "Add select list",
    [field("List label", sLabel), field("List slug", sSlug), field("Required", sRequired)],
    async () => {
      await api("POST", `${base}/selects`, {
        slug: sSlug.value,
        label: sLabel.value,
        required: sRequired.checked,
        options: [],
      });
      await reload(`Select list ${sSlug.value} added.`);
    },
  );
  return card(
    "Select lists",
    h(
      "p",
      { class: "hint" },
      "A new vendor is a new option of the source list; ",
      h("a", { href: "#/vendor" }, "Add a vendor"),
      " does it together with its filter and token. When a vendor leaves, Offboard revokes its tokens and " +
        "retires its option; its leads stay.",
    ),
    selectCards,
    h("h3", {}, "Add a select list"),
    addSelect,
  );
}

// The statuses: the default for new leads, retiring; adding one.
function statusesCard(ctx) {
  const { c, base, reload } = ctx;
  const statusBox = h("div", {});
  const statusRows = [...c.statuses]
    .sort((a, b) => a.order - b.order)
    .map((s) => {
      const makeDefault = h(
        "button",
        {
          type: "button",
          class: "secondary",
          disabled: s.default,
          "aria-label": s.default ? `Default: ${s.label}` : `Make default: ${s.label}`,
        },
        s.default ? "Default" : "Make default",
      );
      makeDefault.addEventListener("click", () =>
        attempt(statusBox, async () => {
          await api("PATCH", `${base}/statuses/${enc(s.slug)}`, { default: true });
          await reload(`New leads now start as ${s.label}.`);
        }),
      );
      return [
        s.label,
        slugCell(s),
        s.type,
        h(
          "div",
          { class: "actions" },
          makeDefault,
          retireButton(ctx, "status", s, `${base}/statuses/${enc(s.slug)}`, statusBox),
        ),
      ];
    });
  statusBox.append(table(["Label", "Slug", "Type", "Actions"], statusRows));
  const [stLabel, stSlug] = labelAndSlug();
  const stType = selectOf(
    STATUS_TYPES.map((t) => [t, t]),
    "active",
  );
  const stDefault = h("input", { type: "checkbox" });
  const addStatus = submitForm(
    "Add status",
    [
      field("Status label", stLabel),
      field("Status slug", stSlug),
      field("Status type", stType),
      field("Default for new leads", stDefault),
    ],
    async () => {
      await api("POST", `${base}/statuses`, {
        slug: stSlug.value,
        label: stLabel.value,
        type: stType.value,
        default: stDefault.checked,
      });
      await reload(`Status ${stSlug.value} added.`);
    },
  );
  return card("Statuses", statusBox, h("h3", {}, "Add a status"), addStatus);
}

// Duplicate rules (the whole list is replaced on every change).
function duplicateRulesCard(ctx) {
  const { c, base, reload } = ctx;
  const rules = c.duplicate_rules || [];
  // The whole list is sent: rules have no identity of their own.
  const saveRules = async (next, message) => {
    await api("PATCH", base, { duplicate_rules: next });
    await reload(message);
  };
  const ruleRows = rules.map((r, i) => [
    r.name,
    r.match,
    r.fields.join(", "),
    `${r.window_seconds / 3600} h`,
    r.action,
    h(
      "button",
      {
        type: "button",
        class: "danger",
        onclick: async () => {
          if (await confirmDialog(`Remove the duplicate rule “${r.name}”?`, "Remove rule")) {
            await attempt(ctx.main, () =>
              saveRules(
                rules.filter((_, j) => j !== i),
                "Rule removed.",
              ),
            );
          }
        },
      },
      "Remove",
    ),
  ]);
  const rName = h("input", { type: "text", required: true });
  const rMatch = selectOf(
    [
      ["any", "Any of the fields is equal"],
      ["all", "All of the fields are equal"],
    ],
    "any",
  );
  // A new rule compares live fields only (a retired field takes no new values).
  const memberBoxes = [...live(c.fields).map((f) => [f.slug, f.label]), ...c.selects.map((s) => [s.slug, s.label])].map(
    ([slug, label]) => {
      const box = h("input", { type: "checkbox", value: slug });
      return { slug, el: field(`${label} (${slug})`, box), box };
    },
  );
  const rWindow = h("input", { type: "number", min: 1, value: 720, required: true });
  const rAction = selectOf(
    [
      ["flag", "Flag the new lead (doublet_of)"],
      ["reject", "Reject it (409)"],
    ],
    "flag",
  );
  const addRule = submitForm(
    "Add rule",
    [
      field("Rule name", rName),
      field("Compare", rMatch),
      h(
        "fieldset",
        {},
        h("legend", {}, "Fields to compare"),
        memberBoxes.map((m) => m.el),
      ),
      field("Time window (hours)", rWindow),
      field("On a duplicate", rAction),
    ],
    () => {
      const members = memberBoxes.filter((m) => m.box.checked).map((m) => m.slug);
      const rule = {
        name: rName.value,
        match: rMatch.value,
        fields: members,
        window_seconds: Math.round(Number(rWindow.value) * 3600),
        action: rAction.value,
      };
      return saveRules([...rules, rule], "Rule added.");
    },
  );
  return card(
    "Duplicate rules",
    rules.length
      ? table(["Name", "Match", "Fields", "Window", "Action", "Remove"], ruleRows)
      : h("p", { class: "muted" }, "No duplicate rules."),
    h("h3", {}, "Add a rule"),
    addRule,
  );
}

// The campaign's saved filters, each with a link to edit it.
function filtersCard(c, filters) {
  return card(
    "Filters",
    filters.length
      ? table(
          ["Name", "Conditions", "Edit"],
          filters.map((f) => [
            f.name,
            describeFilter(c, f),
            h("a", { href: `#/campaigns/${c.id}/filters/${f.id}` }, "Edit"),
          ]),
        )
      : h("p", { class: "muted" }, "No filters yet."),
    h("p", {}, h("a", { class: "button", href: `#/campaigns/${c.id}/filters/new` }, "New filter")),
  );
}

// ---- filters ------------------------------------------------------------------------------------

const OP_LABELS = {
  eq: "is",
  neq: "is not",
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  starts_with: "starts with",
  gt: "after / greater than",
  gte: "from / at least",
  lt: "before / less than",
  lte: "until / at most",
  empty: "is empty",
  not_empty: "is not empty",
};
const OPS_BY_KIND = {
  select: ["eq", "neq", "in", "not_in", "empty", "not_empty"],
  status: ["eq", "neq", "in", "not_in"],
  time: ["gt", "gte", "lt", "lte"],
  text: ["eq", "neq", "in", "not_in", "contains", "starts_with", "empty", "not_empty"],
  number: ["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte", "empty", "not_empty"],
  checkbox: ["eq", "neq", "empty", "not_empty"],
  json: ["empty", "not_empty"],
};

// What a filter may name: fields, selects, status and the two times, with how to pick a value.
function targets(c) {
  const list = [];
  for (const s of c.selects)
    list.push({
      slug: s.slug,
      label: `${s.label} (list)`,
      kind: "select",
      choices: s.options.map((o) => [o.slug, markRetired(o)]),
    });
  // Retired values stay choosable here: a filter reads existing leads (an offboarded vendor's).
  list.push({
    slug: "status",
    label: "Status",
    kind: "status",
    choices: c.statuses.map((s) => [s.slug, markRetired(s)]),
  });
  for (const f of c.fields) {
    const kind = ["text", "email", "phone"].includes(f.type)
      ? "text"
      : ["number", "date", "datetime"].includes(f.type)
        ? "number"
        : f.type;
    list.push({ slug: f.slug, label: markRetired(f), kind, type: f.type });
  }
  list.push(
    { slug: "created_at", label: "Created", kind: "time" },
    { slug: "updated_at", label: "Updated", kind: "time" },
  );
  return list;
}

function describeFilter(c, f) {
  const t = targets(c);
  const parts = f.conditions.map((cond) => {
    const target = t.find((x) => x.slug === cond.field);
    const label = target ? target.label.replace(/ \(list\)$/, "") : cond.field;
    const value =
      cond.value === undefined ? "" : ` ${Array.isArray(cond.value) ? cond.value.join(", ") : String(cond.value)}`;
    return `${label} ${OP_LABELS[cond.op] || cond.op}${value}`;
  });
  return parts.join(f.match === "any" ? " or " : " and ");
}

// One condition row: field, an operator valid for it, and a value control that fits.
// Values of in/not_in on a text or number field: one per line (a value may hold a comma).
const splitLines = (text) =>
  text
    .split("\n")
    .map((v) => v.trim())
    .filter(Boolean);

function conditionRow(c, initial, onChange, onRemove) {
  const all = targets(c);
  const fieldSel = selectOf(
    all.map((t) => [t.slug, t.label]),
    initial.field,
  );
  const opSel = h("select", {});
  const valueBox = h("div", { class: "field" });
  let valueControl = null;
  const removeButton = h("button", { type: "button", class: "danger", onclick: onRemove }, "Remove");
  const row = h(
    "div",
    { class: "condition", role: "group" },
    field("Field", fieldSel),
    field("Operator", opSel),
    valueBox,
    removeButton,
  );
  let number = 0;
  // "Condition n: field" and so on; set again when a row above is removed.
  row.setNumber = (n) => {
    number = n;
    row.setAttribute("aria-label", `Condition ${n}`);
    fieldSel.setAttribute("aria-label", `Condition ${n}: field`);
    opSel.setAttribute("aria-label", `Condition ${n}: operator`);
    removeButton.setAttribute("aria-label", `Remove condition ${n}`);
    if (valueControl) valueControl.setAttribute("aria-label", `Condition ${n}: value`);
  };
  const target = () => all.find((t) => t.slug === fieldSel.value) || all[0];

  function fillOps(selected) {
    const ops = OPS_BY_KIND[target().kind] || [];
    opSel.replaceChildren(
      ...options(
        ops.map((o) => [o, OP_LABELS[o]]),
        ops.includes(selected) ? selected : ops[0],
      ),
    );
  }
  function fillValue(value) {
    const t = target();
    const op = opSel.value;
    valueBox.replaceChildren();
    valueControl = null;
    if (op === "empty" || op === "not_empty") return;
    const multi = op === "in" || op === "not_in";
    if (t.choices) {
      valueControl = h("select", { multiple: multi }, options(t.choices, multi ? undefined : value));
      if (multi && Array.isArray(value)) for (const o of valueControl.options) o.selected = value.includes(o.value);
    } else if (t.kind === "checkbox") {
      valueControl = selectOf(
        [
          ["true", "checked"],
          ["false", "not checked"],
        ],
        String(value ?? true),
      );
    } else if (multi) {
      valueControl = h("textarea", { rows: 3, placeholder: "one value per line" });
      valueControl.value = Array.isArray(value) ? value.join("\n") : "";
    } else if (t.kind === "time" || t.type === "datetime") {
      valueControl = h("input", { type: "text", placeholder: "2026-11-28T10:00:00Z", value: value ?? "" });
    } else if (t.type === "date") {
      valueControl = h("input", { type: "date", value: value ?? "" });
    } else if (t.type === "number") {
      valueControl = h("input", { type: "number", step: "any", value: value ?? "" });
    } else {
      valueControl = h("input", { type: "text", value: value ?? "" });
    }
    valueControl.addEventListener("input", onChange);
    valueControl.addEventListener("change", onChange);
    const id = `f${++nextId}`;
    valueControl.id = id;
    valueControl.setAttribute("aria-label", `Condition ${number}: value`);
    valueBox.append(h("label", { for: id }, multi ? "Values" : "Value"), valueControl);
  }
  fieldSel.addEventListener("change", () => {
    fillOps(opSel.value);
    fillValue();
    onChange();
  });
  opSel.addEventListener("change", () => {
    fillValue();
    onChange();
  });
  fillOps(initial.op);
  fillValue(initial.value);

  // The condition as the API takes it, or null while its value is missing.
  row.condition = () => {
    const t = target();
    const op = opSel.value;
    const cond = { field: t.slug, op };
    if (op === "empty" || op === "not_empty") return cond;
    const multi = op === "in" || op === "not_in";
    // A number that does not parse leaves the condition incomplete, never a null value.
    const typed = (text) => (t.type === "number" ? Number(text) : text);
    const valid = (v) => !(typeof v === "number" && !Number.isFinite(v));
    if (t.choices) {
      const picked = [...valueControl.selectedOptions].map((o) => o.value);
      if (picked.length === 0) return null;
      cond.value = multi ? picked : picked[0];
    } else if (t.kind === "checkbox") {
      cond.value = valueControl.value === "true";
    } else if (multi) {
      const items = splitLines(valueControl.value).map(typed);
      if (items.length === 0 || !items.every(valid)) return null;
      cond.value = items;
    } else {
      if (valueControl.value.trim() === "") return null;
      cond.value = typed(valueControl.value.trim());
      if (!valid(cond.value)) return null;
    }
    return cond;
  };
  return row;
}

async function filterScreen(main, campaignId, filterId) {
  const c = await getCampaign(campaignId);
  const existing =
    filterId === "new" ? null : await api("GET", `/v2/campaigns/${enc(campaignId)}/filters/${enc(filterId)}`);
  main.append(
    h("h1", {}, existing ? `Filter: ${existing.name}` : "New filter"),
    h("p", {}, h("a", { href: `#/campaigns/${c.id}` }, `← ${c.name}`)),
  );
  const name = h("input", { type: "text", required: true, maxlength: 200, value: existing ? existing.name : "" });
  const match = selectOf(
    [
      ["all", "All conditions hold (AND)"],
      ["any", "Any condition holds (OR)"],
    ],
    existing ? existing.match : "all",
  );
  const rows = h("div", {});
  const addButton = h(
    "button",
    { type: "button", class: "secondary", onclick: () => addRow({}).querySelector("select").focus() },
    "Add condition",
  );
  const preview = h("p", { class: "count", role: "status", "aria-live": "polite", "data-testid": "match-count" }, "");
  const form = h(
    "form",
    {},
    h("div", { class: "grid" }, field("Filter name", name), field("Leads must match", match)),
    h("h3", {}, "Conditions"),
    rows,
    h("div", { class: "actions" }, addButton),
    h("h3", {}, "Preview"),
    preview,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, existing ? "Save filter" : "Create filter"),
      existing ? h("button", { type: "button", class: "danger", onclick: remove }, "Delete filter") : null,
    ),
  );

  let timer = null;
  let asked = 0;
  const conditions = () => [...rows.children].map((r) => r.condition());
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refreshCount, 250);
  }
  async function refreshCount() {
    const mine = ++asked; // an answer to an earlier question is dropped
    const conds = conditions();
    if (conds.length === 0) {
      preview.textContent = "Add a condition to see how many leads match.";
      return;
    }
    if (conds.some((x) => x === null)) {
      preview.textContent = "Complete every condition to see how many leads match.";
      return;
    }
    try {
      const n = await api("POST", `/v2/campaigns/${enc(c.id)}/leads/count`, { match: match.value, conditions: conds });
      if (mine !== asked) return;
      const leads = `${n.count} lead${n.count === 1 ? "" : "s"} match${n.count === 1 ? "es" : ""}`;
      preview.textContent = `${n.exact ? "" : "At least "}${leads} now.`;
    } catch (err) {
      if (mine !== asked || err instanceof SignedOut) return;
      const why = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
      preview.textContent = `No preview: ${why.length ? why.map((e) => `${e.field}: ${e.message}`).join("; ") : err.message}`;
    }
  }
  function addRow(initial) {
    const row = conditionRow(c, initial, schedule, () => {
      row.remove();
      [...rows.children].forEach((r, i) => r.setNumber(i + 1));
      addButton.focus();
      schedule();
    });
    rows.append(row);
    row.setNumber(rows.children.length);
    schedule();
    return row;
  }
  async function remove() {
    if (
      !(await confirmDialog(
        `Delete the filter “${existing.name}”? Tokens scoped to it stop seeing leads.`,
        "Delete filter",
      ))
    )
      return;
    await attempt(form, async () => {
      await api("DELETE", `/v2/campaigns/${enc(c.id)}/filters/${enc(existing.id)}`);
      await go(`#/campaigns/${c.id}`, "Filter deleted.");
    });
  }
  match.addEventListener("change", schedule);
  (existing ? existing.conditions : [{}]).forEach((cond) => addRow(cond));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(form, async () => {
      const conds = conditions();
      if (conds.some((x) => x === null)) throw new Error("Every condition needs a value.");
      const body = { name: name.value, match: match.value, conditions: conds };
      const saved = existing
        ? await api("PATCH", `/v2/campaigns/${enc(c.id)}/filters/${enc(existing.id)}`, body)
        : await api("POST", `/v2/campaigns/${enc(c.id)}/filters`, body);
      await go(`#/campaigns/${c.id}`, `Filter “${saved.name}” saved.`);
    });
  });
  main.append(card("Conditions", form));
}

// ---- tokens -------------------------------------------------------------------------------------

const PERMISSIONS = [
  ["read", "Read only"],
  ["read_write", "Read and write"],
  ["admin", "Admin (account level)"],
];

let nextPanel = null; // a secret panel for the next screen shown (after a create or rotation)

// The screen at `hash` again, fresh, with `panel` (a new secret or link) on it.
function showWithPanel(hash, panel, message) {
  nextPanel = panel;
  return go(hash, message);
}

// Secret and docs link of a token just created, rotated or shown.
function secretPanel(t, heading) {
  const panel = h("section", { class: "card", "data-testid": "secret-panel" }, h("h2", {}, heading));
  if (t.token) panel.append(secretField("Token (send it to the vendor privately)", t.token, "Token", "token-secret"));
  panel.append(secretField("Documentation link", t.docs_url, "Docs link", "docs-link"));
  return panel;
}

async function tokensScreen(main) {
  const [tokens, list] = await Promise.all([api("GET", "/v2/tokens"), campaigns()]);
  const filtersByCampaign = new Map();
  await Promise.all(list.map(async (c) => filtersByCampaign.set(c.id, await getFilters(c.id))));
  main.append(h("h1", {}, "Tokens"));
  const output = h("div", {});

  // Create
  const name = h("input", { type: "text", required: true });
  const permission = selectOf(PERMISSIONS, "read_write");
  const campaign = selectOf([["", "Account-wide (every campaign)"], ...list.map((c) => [String(c.id), c.name])], "");
  const filter = h("select", {});
  const expires = h("input", { type: "date" });
  const perSecond = h("input", { type: "number", min: 1 });
  const burst = h("input", { type: "number", min: 1 });
  const canDelete = h("input", { type: "checkbox" });
  const canDeleteField = field(
    "May delete leads",
    canDelete,
    "Delete its leads and erase a person's leads, in its scope",
  );
  // Only a campaign-scoped read_write token takes the flag (the server refuses it elsewhere).
  const fitCanDelete = () => {
    const fits = permission.value === "read_write" && campaign.value !== "";
    canDeleteField.hidden = !fits;
    canDelete.disabled = !fits;
    if (!fits) canDelete.checked = false;
  };
  const fillFilters = () => {
    const fs = campaign.value ? filtersByCampaign.get(Number(campaign.value)) || [] : [];
    filter.replaceChildren(
      ...options(
        [["", campaign.value ? "No filter: the whole campaign" : "—"], ...fs.map((f) => [String(f.id), f.name])],
        "",
      ),
    );
    filter.disabled = !campaign.value;
    fitCanDelete();
  };
  campaign.addEventListener("change", fillFilters);
  fillFilters();
  // Admin tokens are account-level only.
  permission.addEventListener("change", () => {
    campaign.disabled = permission.value === "admin";
    if (campaign.disabled) campaign.value = "";
    fillFilters();
  });
  const form = submitForm(
    "Create token",
    [
      field("Token name", name),
      field("Permission", permission),
      field("Campaign", campaign),
      field("Filter", filter),
      field("Expires on", expires, "Optional; end of that day, UTC"),
      field("Requests per second", perSecond, "Optional; both or neither"),
      field("Burst", burst),
      canDeleteField,
    ],
    async () => {
      const body = { name: name.value, permission: permission.value };
      if (campaign.value) body.campaign_id = Number(campaign.value);
      if (filter.value) body.filter_id = Number(filter.value);
      if (!canDelete.disabled) body.can_delete_leads = canDelete.checked;
      body.expires_at = expires.value ? `${expires.value}T23:59:59Z` : null;
      // Only what was filled in: one of the two alone gets the server's "needs both".
      if (perSecond.value || burst.value) {
        body.rate_limit = {};
        if (perSecond.value) body.rate_limit.per_second = Number(perSecond.value);
        if (burst.value) body.rate_limit.burst = Number(burst.value);
      }
      const created = await api("POST", "/v2/tokens", body);
      await showWithPanel(
        "#/tokens",
        secretPanel(created, `Token “${created.name}” created`),
        `Token “${created.name}” created.`,
      );
    },
  );
  main.append(card("New token", form));
  if (nextPanel) output.append(nextPanel); // dropped by route() once a screen is shown
  main.append(output);

  const campaignName = (id) => (list.find((c) => c.id === id) || { name: `campaign ${id}` }).name;
  const filterName = (cid, fid) =>
    ((filtersByCampaign.get(cid) || []).find((f) => f.id === fid) || { name: `filter ${fid}` }).name;
  const scope = (t) =>
    t.campaign_id
      ? `${campaignName(t.campaign_id)}${t.filter_id ? ` · ${filterName(t.campaign_id, t.filter_id)}` : " · whole campaign"}`
      : "Account-wide";
  const act = (label, fn, cls = "secondary", disabled = false) =>
    h("button", { type: "button", class: cls, disabled, onclick: () => attempt(main, fn) }, label);
  const rows = tokens.data.map((t) => {
    const dead = t.state !== "active";
    const show = (panel, heading) => {
      output.replaceChildren(secretPanel(panel, heading));
      output.scrollIntoView({ block: "nearest" });
      notice(`${heading}: shown below the form.`);
    };
    return [
      h("span", {}, t.name, h("br"), h("code", { class: "muted" }, t.masked)),
      h("span", {}, t.permission, t.can_delete_leads && [h("br"), h("span", { class: "muted" }, "may delete leads")]),
      scope(t),
      h("span", { class: `pill ${t.state}` }, t.state),
      when(t.last_used_at),
      when(t.expires_at),
      h(
        "div",
        { class: "actions" },
        act(
          "Show",
          async () => show(await api("POST", `/v2/tokens/${t.id}/reveal`), `Token “${t.name}”`),
          "secondary",
          dead,
        ),
        act("Copy docs link", () => copy(t.docs_url, "Docs link"), "secondary", !!t.revoked_at),
        act(
          "Rotate token",
          async () => {
            if (!(await confirmDialog(`Rotate “${t.name}”? The old token stops working at once.`, "Rotate token")))
              return;
            const rotated = await api("POST", `/v2/tokens/${t.id}/rotate`);
            await showWithPanel(
              "#/tokens",
              secretPanel(rotated, `New token for “${t.name}”`),
              `Token “${t.name}” rotated.`,
            );
          },
          "secondary",
          dead,
        ),
        act(
          "Rotate docs link",
          async () => {
            if (
              !(await confirmDialog(
                `Rotate the docs link of “${t.name}”? The old link stops working.`,
                "Rotate docs link",
              ))
            )
              return;
            const rotated = await api("POST", `/v2/tokens/${t.id}/docs-link/rotate`);
            const panel = secretPanel({ docs_url: rotated.docs_url }, `New docs link for “${t.name}”`);
            await showWithPanel("#/tokens", panel, `Docs link of “${t.name}” rotated.`);
          },
          "secondary",
          dead,
        ),
        act(
          "Revoke",
          async () => {
            if (
              !(await confirmDialog(
                `Revoke “${t.name}”? Requests with it are refused from now on. This cannot be undone.`,
                "Revoke token",
              ))
            )
              return;
            await api("DELETE", `/v2/tokens/${t.id}`);
            await go("#/tokens", `Token “${t.name}” revoked.`);
          },
          "danger",
          !!t.revoked_at,
        ),
      ),
    ];
  });
  main.append(
    card("All tokens", table(["Name", "Permission", "Scope", "State", "Last used", "Expires", "Actions"], rows)),
  );
}

// ---- webhooks -----------------------------------------------------------------------------------

const EVENT_TYPES = ["lead.created", "lead.updated", "lead.status_changed", "lead.deleted"];
function webhookSecretPanel(w, heading) {
  return h(
    "section",
    { class: "card", "data-testid": "webhook-secret-panel" },
    h("h2", {}, heading),
    secretField("Signing secret (give it to the receiver privately)", w.secret, "Secret", "webhook-secret"),
    w.previous_secret_retires_at
      ? h("p", { class: "muted" }, `The previous secret keeps signing until ${when(w.previous_secret_retires_at)}.`)
      : null,
  );
}

const webhookState = (w) =>
  w.enabled
    ? h("span", { class: "pill active" }, "enabled")
    : h("span", { class: "pill revoked" }, `disabled: ${w.disabled_reason}`);

// What a ping's (or any delivery's) last attempt came to, for a notice.
function attemptSummary(a) {
  if (!a) return "no answer yet";
  return a.status !== null ? `HTTP ${a.status} in ${a.latency_ms} ms` : `${a.error}: ${a.detail}`;
}

async function webhooksScreen(main) {
  const [endpoints, list] = await Promise.all([api("GET", "/v2/webhooks"), campaigns()]);
  const filtersByCampaign = new Map();
  await Promise.all(list.map(async (c) => filtersByCampaign.set(c.id, await getFilters(c.id))));
  main.append(
    h("h1", {}, "Webhooks"),
    h(
      "p",
      { class: "muted" },
      "Lead events pushed to a URL, signed (Standard Webhooks), retried until they are delivered.",
    ),
  );
  const url = h("input", { type: "url", required: true, placeholder: "https://crm.example.com/leadgate" });
  const campaign = selectOf(
    list.map((c) => [String(c.id), c.name]),
    list.length ? String(list[0].id) : "",
  );
  const filter = h("select", {});
  const fillFilters = () => {
    const fs = filtersByCampaign.get(Number(campaign.value)) || [];
    filter.replaceChildren(
      ...options([["", "Every lead of the campaign"], ...fs.map((f) => [String(f.id), f.name])], ""),
    );
  };
  campaign.addEventListener("change", fillFilters);
  fillFilters();
  const types = EVENT_TYPES.map((t) => h("input", { type: "checkbox", checked: t !== "lead.deleted", value: t }));
  const description = h("input", { type: "text", maxlength: 500 });
  const form = submitForm(
    "Create endpoint",
    [
      field("URL", url),
      field("Campaign", campaign),
      field("Filter", filter, "Optional: only the leads this saved filter holds"),
      h(
        "fieldset",
        {},
        h("legend", {}, "Events"),
        types.map((box) => field(box.value, box)),
      ),
      field("Description", description, "Optional"),
    ],
    async () => {
      const body = {
        url: url.value,
        campaign_id: Number(campaign.value),
        event_types: types.filter((box) => box.checked).map((box) => box.value),
        description: description.value,
      };
      if (filter.value) body.filter_id = Number(filter.value);
      const created = await api("POST", "/v2/webhooks", body);
      await showWithPanel(
        "#/webhooks",
        webhookSecretPanel(created, `Endpoint ${created.id} created`),
        `Endpoint ${created.id} created.`,
      );
    },
  );
  main.append(card("New endpoint", form));
  if (nextPanel) main.append(nextPanel);

  const campaignName = (id) => (list.find((c) => c.id === id) || { name: `campaign ${id}` }).name;
  const filterName = (cid, fid) =>
    ((filtersByCampaign.get(cid) || []).find((f) => f.id === fid) || { name: `filter ${fid}` }).name;
  const act = (label, fn, cls = "secondary") =>
    h("button", { type: "button", class: cls, onclick: () => attempt(main, fn) }, label);
  const rows = endpoints.data.map((w) => [
    h(
      "span",
      {},
      h("a", { href: `#/webhooks/${w.id}` }, w.description || w.url),
      h("br"),
      h("code", { class: "muted" }, w.url),
    ),
    `${campaignName(w.campaign_id)}${w.filter_id ? ` · ${filterName(w.campaign_id, w.filter_id)}` : ""}${
      w.token_id ? ` (token ${w.token_id})` : ""
    }`,
    w.event_types.join(", "),
    webhookState(w),
    h(
      "div",
      { class: "actions" },
      act(w.enabled ? "Disable" : "Enable", async () => {
        await api("PATCH", `/v2/webhooks/${w.id}`, { enabled: !w.enabled });
        await go("#/webhooks", `Endpoint ${w.id} ${w.enabled ? "disabled" : "enabled"}.`);
      }),
      act("Show secret", async () => {
        await showWithPanel(
          "#/webhooks",
          webhookSecretPanel(await api("POST", `/v2/webhooks/${w.id}/reveal`), `Endpoint ${w.id}`),
        );
      }),
      act("Rotate secret", async () => {
        if (
          !(await confirmDialog(
            `Rotate the secret of endpoint ${w.id}? The old one keeps signing for 24 hours.`,
            "Rotate secret",
          ))
        )
          return;
        const rotated = await api("POST", `/v2/webhooks/${w.id}/rotate`, { overlap_hours: 24 });
        await showWithPanel(
          "#/webhooks",
          webhookSecretPanel(rotated, `New secret for endpoint ${w.id}`),
          `Secret of endpoint ${w.id} rotated.`,
        );
      }),
      act("Send test ping", async () => {
        const ping = await api("POST", `/v2/webhooks/${w.id}/ping`);
        notice(`Ping to endpoint ${w.id}: ${attemptSummary(ping.attempts[ping.attempts.length - 1])}.`);
      }),
      act(
        "Delete",
        async () => {
          if (!(await confirmDialog(`Delete endpoint ${w.id} and its delivery log?`, "Delete endpoint"))) return;
          await api("DELETE", `/v2/webhooks/${w.id}`);
          await go("#/webhooks", `Endpoint ${w.id} deleted.`);
        },
        "danger",
      ),
    ),
  ]);
  main.append(
    card(
      "Endpoints",
      rows.length
        ? table(["Endpoint", "Campaign", "Events", "State", "Actions"], rows)
        : h("p", {}, "No endpoints yet."),
    ),
  );
}

const deliveryCursors = []; // the delivery log's pages walked so far (Older / Newer)

async function webhookScreen(main, id, state = "") {
  const cursor = deliveryCursors[deliveryCursors.length - 1];
  const query = new URLSearchParams({ limit: "25" });
  if (state) query.set("state", state);
  if (cursor) query.set("cursor", cursor);
  const [w, log] = await Promise.all([
    api("GET", `/v2/webhooks/${enc(id)}`),
    api("GET", `/v2/webhooks/${enc(id)}/deliveries?${query}`),
  ]);
  main.append(
    h("h1", {}, `Webhook ${w.description || w.id}`),
    h("p", {}, h("a", { href: "#/webhooks" }, "← Webhooks")),
    h(
      "p",
      {},
      h("code", {}, w.url),
      " ",
      webhookState(w),
      w.failing_since ? h("span", { class: "muted" }, ` failing since ${when(w.failing_since)}`) : null,
    ),
  );
  const act = (label, fn) =>
    h("button", { type: "button", class: "secondary", onclick: () => attempt(main, fn) }, label);
  const filter = selectOf(
    [
      ["", "Every delivery"],
      ["pending", "Pending"],
      ["succeeded", "Succeeded"],
      ["failed", "Failed"],
    ],
    state,
  );
  filter.addEventListener("change", () => {
    deliveryCursors.length = 0;
    return go(`#/webhooks/${id}${filter.value ? `/${filter.value}` : ""}`);
  });
  main.append(
    h(
      "div",
      { class: "actions" },
      act("Send test ping", async () => {
        const ping = await api("POST", `/v2/webhooks/${enc(id)}/ping`);
        await go(location.hash, `Ping: ${attemptSummary(ping.attempts[ping.attempts.length - 1])}.`);
      }),
      act("Replay failed deliveries", async () => {
        const done = await api("POST", `/v2/webhooks/${enc(id)}/replay`, {});
        await go(
          location.hash,
          `${done.replayed} failed ${done.replayed === 1 ? "delivery" : "deliveries"} sent again.`,
        );
      }),
    ),
    field("Show", filter),
  );
  const rows = log.data.map((d) => {
    const last = d.attempts[d.attempts.length - 1];
    return [
      h("span", {}, d.event_type, h("br"), h("code", { class: "muted" }, d.id)),
      d.lead_id === null ? "—" : String(d.lead_id),
      h(
        "span",
        { class: `pill ${d.state === "succeeded" ? "active" : d.state === "failed" ? "revoked" : "expired"}` },
        d.state,
      ),
      when(d.created_at),
      h(
        "span",
        {},
        `${d.attempts.length}: ${attemptSummary(last)}`,
        last && last.response
          ? h("details", {}, h("summary", {}, "Answer"), h("pre", { class: "wrap" }, last.response))
          : null,
      ),
      when(d.next_attempt_at),
      act("Replay", async () => {
        await api("POST", `/v2/webhooks/${enc(id)}/deliveries/${enc(d.id)}/replay`);
        await go(location.hash, `Delivery ${d.id} sent again.`);
      }),
    ];
  });
  main.append(
    card(
      "Delivery log",
      rows.length
        ? table(["Event", "Lead", "State", "Event time", "Attempts", "Next attempt", "Actions"], rows)
        : h("p", {}, "No deliveries."),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            disabled: deliveryCursors.length === 0,
            onclick: () => {
              deliveryCursors.pop();
              route();
            },
          },
          "Newer",
        ),
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            disabled: !log.meta.next_cursor,
            onclick: () => {
              deliveryCursors.push(log.meta.next_cursor);
              route();
            },
          },
          "Older",
        ),
      ),
    ),
  );
}

// ---- add a vendor -------------------------------------------------------------------------------

async function vendorScreen(main) {
  const list = await campaigns();
  main.append(h("h1", {}, "Add a vendor"));
  const steps = [
    "Add the vendor as an option of the campaign's source list",
    "Create a filter: source is the vendor",
    "Create a token scoped to the campaign and that filter",
    "Take the token's docs link and its secret",
    "Send both to the vendor",
    "The vendor opens the link and sees the campaign's exact schema",
  ];
  const stepItems = steps.map((s) => h("li", {}, s));
  main.append(
    card(
      "What this does",
      h("ol", { class: "steps", "aria-label": "Steps" }, stepItems),
      h(
        "p",
        { class: "hint" },
        "When a vendor leaves, offboard it from its campaign's page (Select lists): its tokens are revoked and its " +
          "option retired; its leads stay.",
      ),
    ),
  );
  if (list.length === 0) {
    main.append(h("p", {}, "Create a campaign first: ", h("a", { href: "#/campaigns" }, "Campaigns")));
    return;
  }
  const campaign = h(
    "select",
    { required: true },
    options(
      list.map((c) => [String(c.id), c.name]),
      String(list[0].id),
    ),
  );
  const select = h("select", { required: true });
  const vendor = h("input", { type: "text", required: true, maxlength: 150 });
  const slug = h("input", { type: "text", required: true });
  slugFollowing(vendor, slug);
  const permission = selectOf(
    [
      ["read_write", "Read and write (send leads, read them back)"],
      ["read", "Read only"],
    ],
    "read_write",
  );
  const tokenName = h("input", { type: "text", placeholder: "Vendor XYZ – read and write" });
  const fillSelects = () => {
    const c = list.find((x) => String(x.id) === campaign.value);
    const selects = c ? c.selects : [];
    select.replaceChildren(
      ...options(
        selects.map((s) => [s.slug, `${s.label} (${s.slug})`]),
        selects.some((s) => s.slug === "source") ? "source" : selects[0]?.slug,
      ),
    );
  };
  campaign.addEventListener("change", fillSelects);
  fillSelects();
  const result = h("div", {});
  const controls = [
    field("Campaign", campaign),
    field("Source list", select),
    field("Vendor name", vendor),
    field("Vendor slug", slug, "Its value in the source list"),
    field("Permission", permission),
    field("Token name", tokenName, "Optional"),
  ];
  const form = submitForm("Add vendor", controls, async () => {
    stepItems.forEach((li) => li.classList.remove("done"));
    stepItems.forEach((li) => li.querySelector(".sr-only")?.remove());
    result.replaceChildren();
    const c = await getCampaign(campaign.value);
    const s = c.selects.find((x) => x.slug === select.value);
    if (!s) throw new Error("This campaign has no such select list; add one on the campaign page first.");
    if (!vendor.value.trim() || !slug.value) throw new Error("Enter the vendor's name.");
    const base = `/v2/campaigns/${c.id}`;
    // 1. The option (kept when it is already there with this slug, unless it is retired: a token
    // pinned to a retired option could write nothing).
    const existing = s.options.find((o) => o.slug === slug.value);
    if (existing && existing.retired)
      throw new Error(
        `“${existing.label}” (${existing.slug}) is a retired option of ${s.label}: restore it on the campaign's page, ` +
          "or choose another slug.",
      );
    if (!existing) {
      await api("POST", `${base}/selects/${enc(s.slug)}/options`, { slug: slug.value, label: vendor.value.trim() });
    }
    done(0);
    // 2. The filter.
    const filter = await api("POST", `${base}/filters`, {
      name: vendor.value.trim(),
      match: "all",
      conditions: [{ field: s.slug, op: "eq", value: slug.value }],
    });
    done(1);
    // 3. The token.
    const permLabel = permission.value === "read" ? "read only" : "read and write";
    const created = await api("POST", "/v2/tokens", {
      name: tokenName.value.trim() || `${vendor.value.trim()} – ${permLabel}`,
      permission: permission.value,
      campaign_id: c.id,
      filter_id: filter.id,
      expires_at: null,
    });
    done(2);
    // 4. The docs link and the secret (the create answers with both).
    done(3);
    const message =
      `Hello ${vendor.value.trim()},\n\nyour API documentation: ${created.docs_url}\n` +
      `Your token (keep it secret; send it as "Authorization: Bearer <token>"): ${created.token}\n`;
    const messageBox = h("textarea", { readonly: true, rows: 5, "data-testid": "vendor-message" });
    messageBox.value = message;
    result.replaceChildren(
      h(
        "section",
        { class: "card", "data-testid": "vendor-result" },
        h("h2", {}, `${vendor.value.trim()} is set up`),
        secretField("Documentation link", created.docs_url, "Docs link", "docs-link"),
        secretField("Token", created.token, "Token", "token-secret"),
        field("Message to send", messageBox),
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            {
              type: "button",
              onclick: () => {
                copy(message, "Message");
                done(4);
              },
            },
            "Copy message",
          ),
          h(
            "a",
            {
              class: "button secondary",
              href: httpUrl(created.docs_url),
              target: "_blank",
              rel: "noopener noreferrer",
              onclick: () => done(5),
            },
            "Open the docs page as the vendor sees it",
          ),
        ),
      ),
    );
    notice(`${vendor.value.trim()} added: option ${slug.value}, filter “${filter.name}”, token “${created.name}”.`);
  });
  function done(i) {
    if (stepItems[i].classList.contains("done")) return;
    stepItems[i].classList.add("done");
    stepItems[i].prepend(h("span", { class: "sr-only" }, "Done: "));
  }
  main.append(card("Vendor", form), result);
}

// ---- leads --------------------------------------------------------------------------------------

const leadQuery = { campaign: null, params: {}, cursors: [] };

async function leadsScreen(main) {
  const list = await campaigns();
  main.append(h("h1", {}, "Leads"));
  if (list.length === 0) {
    main.append(h("p", {}, "No campaigns yet."));
    return;
  }
  main.append(h("p", {}, h("a", { class: "button", href: "#/leads/new" }, "New lead")));
  if (!list.some((c) => String(c.id) === leadQuery.campaign)) leadQuery.campaign = String(list[0].id);
  const c = list.find((x) => String(x.id) === leadQuery.campaign); // the list holds whole schemas
  const campaign = selectOf(
    list.map((x) => [String(x.id), x.name]),
    leadQuery.campaign,
  );
  campaign.addEventListener("change", () => {
    if (campaign.value === leadQuery.campaign) return;
    leadQuery.campaign = campaign.value;
    leadQuery.params = {};
    leadQuery.cursors = [];
    route();
  });
  const p = leadQuery.params;
  const status = h("select", { multiple: true }, options(c.statuses.map((s) => [s.slug, markRetired(s)])));
  for (const o of status.options) o.selected = (p.status || "").split(",").includes(o.value);
  const selects = c.selects.map((s) => {
    const sel = selectOf([["", "Any"], ...s.options.map((o) => [o.slug, markRetired(o)])], p[s.slug] || "");
    return { slug: s.slug, el: field(s.label, sel), sel };
  });
  const times = ["created_after", "created_before", "updated_after", "updated_before"].map((k) => {
    const input = h("input", { type: "text", value: p[k] || "", placeholder: "2026-11-28T10:00:00Z" });
    return { key: k, el: field(k.replace("_", " "), input), input };
  });
  const limit = selectOf(
    ["25", "50", "100", "500"].map((n) => [n, n]),
    p.limit || "50",
  );
  const sort = selectOf(
    [
      ["-created_at", "Newest first"],
      ["updated_at", "Oldest change first (sync order)"],
    ],
    p.sort || "-created_at",
  );
  const controls = [
    field("Campaign", campaign),
    field("Status", status, "None picked: any"),
    selects.map((s) => s.el),
    times.map((t) => t.el),
    field("Order", sort),
    field("Per page", limit),
  ];
  const form = submitForm("Show leads", controls, () => {
    const next = {};
    const picked = [...status.selectedOptions].map((o) => o.value);
    if (picked.length) next.status = picked.join(",");
    for (const s of selects) if (s.sel.value) next[s.slug] = s.sel.value;
    for (const t of times) if (t.input.value.trim()) next[t.key] = t.input.value.trim();
    if (sort.value !== "-created_at") next.sort = sort.value;
    next.limit = limit.value;
    leadQuery.params = next;
    leadQuery.cursors = [];
    return route();
  });
  main.append(card("Filters", form));

  const query = new URLSearchParams(p);
  const cursor = leadQuery.cursors[leadQuery.cursors.length - 1];
  if (cursor) query.set("cursor", cursor);
  const page = await api("GET", `/v2/campaigns/${enc(c.id)}/leads?${query}`);
  const optionLabel = (slug, value) => {
    const s = c.selects.find((x) => x.slug === slug);
    const o = s && s.options.find((x) => x.slug === value);
    return o ? o.label : value;
  };
  const statusLabel = (slug) => (c.statuses.find((s) => s.slug === slug) || { label: slug }).label;
  const shown = c.fields.slice(0, 2);
  const rows = page.data.map((l) => [
    h("a", { href: `#/leads/${c.id}/${l.id}` }, String(l.id)),
    when(l.created_at),
    statusLabel(l.status),
    ...c.selects.map((s) => optionLabel(s.slug, l.select_field_values[s.slug]) ?? "—"),
    ...shown.map((f) => shownValue(l.field_values[f.slug])),
  ]);
  const pager = h(
    "div",
    { class: "actions" },
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        disabled: leadQuery.cursors.length === 0,
        onclick: () => {
          leadQuery.cursors.pop();
          route();
        },
      },
      "Previous page",
    ),
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        disabled: !page.meta.next_cursor,
        onclick: () => {
          leadQuery.cursors.push(page.meta.next_cursor);
          route();
        },
      },
      "Next page",
    ),
    h(
      "span",
      { class: "muted" },
      `Page ${leadQuery.cursors.length + 1} · ${page.data.length} lead${page.data.length === 1 ? "" : "s"}`,
    ),
  );
  main.append(
    card(
      "Results",
      page.data.length
        ? table(["ID", "Created", "Status", ...c.selects.map((s) => s.label), ...shown.map((f) => f.label)], rows)
        : h("p", {}, "No leads match."),
      pager,
    ),
  );
}

// The value controls of a lead form: every live field, and every select with its live options
// (when editing, also the lead's current option if it is retired, so the picker shows what is
// there; it is sent only when changed, so it is never written anew). Retired fields take no new
// values and are left out. create() is the body of a new lead; changes() only what was changed.
function leadValueControls(c, lead) {
  const entries = [];
  for (const f of live(c.fields)) {
    const current = lead ? lead.field_values[f.slug] : undefined;
    let control;
    if (f.type === "checkbox") {
      control = h("input", { type: "checkbox", checked: current === true });
    } else if (f.type === "json") {
      control = h("textarea", { rows: 3, spellcheck: "false" });
      control.value = current === undefined ? "" : JSON.stringify(current);
    } else {
      const type = { email: "email", phone: "tel", number: "number", date: "date" }[f.type] || "text";
      control = h("input", {
        type,
        step: f.type === "number" ? "any" : null,
        placeholder: f.type === "datetime" ? "2026-11-28T10:00:00Z" : null,
        required: !lead && f.required,
        value: current === undefined ? "" : String(current),
      });
    }
    const hint = [f.required ? "Required" : "", f.type === "json" ? "A JSON value" : "", f.description || ""]
      .filter(Boolean)
      .join(" · ");
    const read = () => {
      if (f.type === "checkbox") return control.checked;
      const text = control.value;
      if (text.trim() === "") return null;
      if (f.type === "json") {
        try {
          return JSON.parse(text);
        } catch {
          throw new Error(`${f.label}: not a valid JSON value.`);
        }
      }
      if (f.type === "number") {
        const n = Number(text);
        if (!Number.isFinite(n)) throw new Error(`${f.label}: not a number.`);
        return n;
      }
      return text;
    };
    // An unticked box on a lead without the value leaves it without one.
    const same = (v) =>
      (f.type === "checkbox" && current === undefined && v === false) ||
      JSON.stringify(v) === JSON.stringify(current ?? null);
    entries.push({ group: "field_values", slug: f.slug, el: field(f.label, control, hint || undefined), read, same });
  }
  for (const s of c.selects) {
    const current = lead ? lead.select_field_values[s.slug] : undefined;
    const choices = live(s.options).map((o) => [o.slug, o.label]);
    const kept = s.options.find((o) => o.slug === current && o.retired);
    if (kept) choices.push([kept.slug, markRetired(kept)]);
    const control = h("select", { required: !lead && s.required }, options([["", "—"], ...choices], current ?? ""));
    entries.push({
      group: "select_field_values",
      slug: s.slug,
      el: field(s.label, control, s.required ? "Required" : undefined),
      read: () => control.value || null,
      same: (v) => v === (current ?? null),
    });
  }
  const collect = (keep) => {
    const body = {};
    for (const e of entries) {
      const v = e.read();
      if (!keep(e, v)) continue;
      body[e.group] = body[e.group] || {};
      body[e.group][e.slug] = v;
    }
    return body;
  };
  return {
    controls: entries.map((e) => e.el),
    create: () => collect((_, v) => v !== null),
    changes: () => collect((e, v) => !e.same(v)),
  };
}

async function newLeadScreen(main) {
  const list = await campaigns();
  main.append(h("h1", {}, "New lead"), h("p", {}, h("a", { href: "#/leads" }, "← Leads")));
  if (list.length === 0) {
    main.append(h("p", {}, "No campaigns yet."));
    return;
  }
  if (!list.some((c) => String(c.id) === leadQuery.campaign)) leadQuery.campaign = String(list[0].id);
  const c = list.find((x) => String(x.id) === leadQuery.campaign);
  const campaign = selectOf(
    list.map((x) => [String(x.id), x.name]),
    leadQuery.campaign,
  );
  campaign.addEventListener("change", () => {
    leadQuery.campaign = campaign.value;
    leadQuery.params = {};
    leadQuery.cursors = [];
    route();
  });
  const values = leadValueControls(c, null);
  // Only live statuses; the default is never retired.
  const status = selectOf(
    live(c.statuses)
      .sort((a, b) => a.order - b.order)
      .map((s) => [s.slug, s.label]),
    (c.statuses.find((s) => s.default) || {}).slug,
  );
  const form = submitForm(
    "Create lead",
    [field("Campaign", campaign), values.controls, field("Status", status)],
    async () => {
      const created = await api("POST", `/v2/campaigns/${enc(c.id)}/leads`, {
        ...values.create(),
        status: status.value,
      });
      await go(`#/leads/${c.id}/${created.id}`, `Lead ${created.id} created.`);
    },
  );
  main.append(card("Values", form));
}

async function leadScreen(main, campaignId, leadId) {
  const [c, lead] = await Promise.all([
    getCampaign(campaignId),
    api("GET", `/v2/campaigns/${enc(campaignId)}/leads/${enc(leadId)}`),
  ]);
  const path = `/v2/campaigns/${enc(c.id)}/leads/${enc(lead.id)}`;
  main.append(h("h1", {}, `Lead ${lead.id}`), h("p", {}, h("a", { href: "#/leads" }, `← Leads of ${c.name}`)));
  // What the lead holds, retired values included (marked).
  const items = [];
  for (const f of c.fields) {
    const v = lead.field_values[f.slug];
    items.push(h("dt", {}, markRetired(f)), h("dd", {}, shownValue(v)));
  }
  for (const s of c.selects) {
    const v = lead.select_field_values[s.slug];
    const o = s.options.find((x) => x.slug === v);
    items.push(h("dt", {}, s.label), h("dd", {}, v === undefined ? "—" : o ? markRetired(o, `${o.label} (${v})`) : v));
  }
  const currentStatus = c.statuses.find((s) => s.slug === lead.status);
  items.push(
    h("dt", {}, "Status"),
    h("dd", {}, currentStatus ? markRetired(currentStatus) : lead.status),
    h("dt", {}, "Created"),
    h("dd", {}, when(lead.created_at)),
    h("dt", {}, "Updated"),
    h("dd", {}, when(lead.updated_at)),
    h("dt", {}, "Created by"),
    h("dd", {}, lead.created_by ? lead.created_by.name : "—"),
  );
  if (lead.doublet_of)
    items.push(
      h("dt", {}, "Duplicate of"),
      h("dd", {}, h("a", { href: `#/leads/${c.id}/${lead.doublet_of}` }, String(lead.doublet_of))),
    );
  main.append(card("Values", h("dl", { class: "detail" }, items)));

  // Edit: only what changed is sent.
  const values = leadValueControls(c, lead);
  const editForm = submitForm("Save values", values.controls, async () => {
    const changes = values.changes();
    if (Object.keys(changes).length === 0) {
      notice("Nothing changed.");
      return;
    }
    await api("PATCH", path, changes);
    await go(location.hash, "Values saved.");
  });
  main.append(card("Edit values", editForm));

  // Status: the live ones, and the current one even when retired (kept, never sent again).
  const choices = live(c.statuses).sort((a, b) => a.order - b.order);
  if (currentStatus && currentStatus.retired) choices.push(currentStatus);
  const status = selectOf(
    choices.map((s) => [s.slug, markRetired(s)]),
    lead.status,
  );
  const form = submitForm("Change status", [field("Status", status)], async () => {
    const label = status.selectedOptions[0].textContent;
    if (status.value === lead.status) {
      notice(`The status is already ${label}.`);
      return;
    }
    await api("PATCH", path, { status: status.value });
    await go(location.hash, `Status changed to ${label}.`);
  });
  main.append(card("Status", form));

  // Delete: the record and all derived data, after a confirmation.
  const deleteBox = h("div", {});
  const deleteButton = h(
    "button",
    {
      type: "button",
      class: "danger",
      onclick: async () => {
        if (
          !(await confirmDialog(`Delete lead ${lead.id}?`, "Delete lead", [
            h(
              "p",
              {},
              "Its record and everything derived from it are removed; the sync feed shows that it was deleted, " +
                "naming no person. This cannot be undone.",
            ),
          ]))
        )
          return;
        await attempt(deleteBox, async () => {
          await api("DELETE", path);
          if (leadQuery.campaign !== String(c.id))
            Object.assign(leadQuery, { campaign: String(c.id), params: {}, cursors: [] });
          await go("#/leads", `Lead ${lead.id} deleted.`);
        });
      },
    },
    "Delete lead",
  );
  deleteBox.append(
    h("p", { class: "hint" }, "Removes this lead for good (to erase every lead of a person, use the API)."),
    h("div", { class: "actions" }, deleteButton),
  );
  main.append(card("Delete", deleteBox));
}

// ---- audit log ----------------------------------------------------------------------------------

const auditCursors = [];

async function auditScreen(main) {
  const cursor = auditCursors[auditCursors.length - 1];
  const page = await api("GET", `/v2/audit?limit=50${cursor ? `&cursor=${enc(cursor)}` : ""}`);
  main.append(h("h1", {}, "Audit log"));
  const rows = page.data.map((e) => [
    when(e.at),
    e.kind,
    e.actor_token_id === null ? "—" : String(e.actor_token_id),
    e.client || "—",
    e.target || "—",
    e.detail || "",
  ]);
  const pager = h(
    "div",
    { class: "actions" },
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        disabled: auditCursors.length === 0,
        onclick: () => {
          auditCursors.pop();
          route();
        },
      },
      "Newer",
    ),
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        disabled: !page.meta.next_cursor,
        onclick: () => {
          auditCursors.push(page.meta.next_cursor);
          route();
        },
      },
      "Older",
    ),
  );
  main.append(
    card(
      "Events",
      page.data.length
        ? table(["When", "What", "Token", "Client", "Target", "Detail"], rows)
        : h("p", {}, "No events."),
      pager,
    ),
  );
}

// ---- start --------------------------------------------------------------------------------------

document.getElementById("sign-out").addEventListener("click", () => signOut("Signed out."));
// A menu link to the screen already shown starts it afresh (no hashchange comes).
document.getElementById("nav").addEventListener("click", (e) => {
  const link = e.target.closest("a");
  if (link && link.getAttribute("href") === location.hash) {
    e.preventDefault();
    shownHash = null; // entered afresh
    route();
  }
});
window.addEventListener("hashchange", () => route());
route();
