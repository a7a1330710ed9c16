// The generated OpenAPI documents are exactly what the server does (issue 28), checked with
// Stoplight Prism as a validating proxy: `leadgate serve --demo`, a vendor token's document, a
// read-only vendor token's and the account document, each behind two Prism proxies (one with
// --errors, one without). Every scripted request is one of:
//   allowed  the spec takes it: through the --errors proxy it reaches the server, and the answer
//            (the status the script expects, an error too) passes the spec, headers included;
//   refused  the spec refuses it: the --errors proxy answers it itself, and through the other
//            proxy the server refuses it too, with an answer that passes the spec;
//   direct   Prism cannot carry it (see below): sent to the server, and its answer checked against
//            the spec's documented answer with ajv.
// Any violation fails the test. What Prism cannot check, and why (each is sent `direct` or left out):
//   - a body that is not JSON under a JSON Content-Type: Prism parses the body itself and never
//     answers (400 invalid_json, and duplicate keys, 400 duplicate_key, which Prism's re-encoding
//     would drop);
//   - a JSON body under another Content-Type (curl -d sends application/x-www-form-urlencoded): the
//     spec says the body is read as JSON whatever its type (*/*), Prism validates the raw text;
//   - a GET with a body (413 before it is read): Prism refuses to forward a GET body;
//   - methods a path does not have (405 method_not_allowed, with Allow) and HEAD (answered wherever
//     GET is): OpenAPI lists operations only, Prism answers 405 itself; the spec describes the 405
//     once, in components/responses/MethodNotAllowed;
//   - unknown query parameters (400 invalid_parameter): OpenAPI cannot forbid them, so Prism lets
//     them through; the 400 they get is checked as a documented answer;
//   - the event stream's 200: it never ends, and Prism reads an answer whole;
//   - 500 and 503: no scripted request makes the server fail; they are documented on every operation.
// Usage: node prism_test.mjs path/to/leadgate
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient } from "../support/api_client.mjs";
import { newAjv } from "./json_schema.mjs";
import { startLeadgate } from "../support/leadgate_server.mjs";
import { isPrismProblem, startPrism, violations } from "../support/prism_proxy.mjs";
import { accountCases } from "./prism_account_cases.mjs";
import { readOnlyCases } from "./prism_readonly_cases.mjs";
import { vendorCases } from "./prism_vendor_cases.mjs";

const started = Date.now();
const leadgate = process.argv[2];
const failures = [];
let passed = 0;

const server = await startLeadgate(leadgate, "leadgate-prism-test-", {
  // Below Node's own 16 KiB, so a 431 of the server's can travel through Prism.
  args: ["--demo", "--set", "server.header_limit_bytes=8192"],
});
const { base, admin } = server;
const api = apiClient(base);
const dir = mkdtempSync(join(tmpdir(), "leadgate-prism-specs-"));
const proxies = [];

try {
  // The demo campaign gets a second select (a vendor may not group statistics by it: 403), a JSON
  // field (a body over the limit that the spec takes: 413) and a duplicate rule (409).
  await api("POST", "/v2/campaigns/1/selects", admin, {
    slug: "region",
    label: "Region",
    options: [
      { slug: "north", label: "North" },
      { slug: "south", label: "South" },
    ],
  });
  await api("POST", "/v2/campaigns/1/fields", admin, { slug: "extra", label: "Extra", type: "json" });
  await api("PATCH", "/v2/campaigns/1", admin, {
    duplicate_rules: [
      { name: "Same e-mail", match: "any", fields: ["email"], window_seconds: 86400, action: "reject" },
    ],
  });
  const vendor = await api("POST", "/v2/tokens/2/reveal", admin);
  const throttled = await api("POST", "/v2/tokens", admin, {
    name: "Vendor XYZ, slow",
    permission: "read_write",
    filter_id: 1,
    rate_limit: { per_second: 1, burst: 1 },
  });
  const crm = await api("POST", "/v2/tokens", admin, { name: "CRM", permission: "read_write" });
  const reader = await api("POST", "/v2/tokens", admin, {
    name: "Vendor XYZ, reads",
    permission: "read",
    filter_id: 1,
  });
  const othersLead = (
    await api("POST", "/v2/campaigns/1/leads", admin, {
      field_values: { name: "Another vendor's lead" },
      select_field_values: { source: "solarclick" },
    })
  ).id;

  const fetchSpec = async (url, token) => {
    const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    assert.equal(res.status, 200, url);
    return res.json();
  };
  const specs = {
    vendor: await fetchSpec(vendor.docs_url + "/openapi.json"),
    readonly: await fetchSpec(reader.docs_url + "/openapi.json"),
    account: await fetchSpec(base + "/a/leadgate/api-documentation/openapi.json", admin),
  };
  const started_proxies = {};
  await Promise.all(
    Object.entries(specs).map(async ([name, spec]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(spec));
      const [strict, lenient] = await Promise.all([
        startPrism(file, base, { errors: true }),
        startPrism(file, base, { errors: false }),
      ]);
      proxies.push(strict, lenient);
      started_proxies[name] = { strict, lenient };
    }),
  );

  const context = (name) => ({
    spec: specs[name],
    ...started_proxies[name],
    base,
    admin,
    tokens: { vendor: vendor.token, throttled: throttled.token, crm: crm.token, reader: reader.token },
    othersLead,
  });
  const runner = makeRunner();
  await vendorCases(runner, context("vendor"));
  await accountCases(runner, context("account"));
  await readOnlyCases(runner, context("readonly"));
} catch (e) {
  failures.push(`setup: ${e.stack}`);
} finally {
  await Promise.all(proxies.map((p) => p.stop()));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`prism_test: ${passed} passed, ${failures.length} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const f of failures) console.error(`FAIL ${f}`);
process.exit(failures.length === 0 ? 0 : 1);

// ---------------------------------------------------------------------------------------------

// Sends one request: { method, path, token, body (a string is sent as is), type, headers }.
// node:http rather than fetch, which refuses a GET with a body.
function send(baseUrl, req) {
  const headers = { ...(req.headers ?? {}) };
  if (req.token !== undefined) headers.Authorization = `Bearer ${req.token}`;
  let body = req.body;
  if (body !== undefined && typeof body !== "string") body = JSON.stringify(body);
  if (body !== undefined) {
    headers["Content-Type"] = req.type ?? "application/json";
    headers["Content-Length"] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      baseUrl + req.path,
      { method: req.method ?? "GET", headers, timeout: 10000 },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = undefined;
          }
          const answerHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) answerHeaders.set(key, String(value));
          resolve({ status: res.statusCode, headers: answerHeaders, text, json });
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer in 10 s: ${req.method ?? "GET"} ${req.path}`)));
    request.on("error", reject);
    request.end(body);
  });
}

function describe(answer) {
  return `${answer.status} ${answer.text.slice(0, 600)}`;
}

// The answer `spec` documents for `method path` (a template of the spec) and `status`, checked
// with ajv: the schema of its media type, and its required headers.
function checkDocumented(spec, method, template, answer) {
  const op = spec.paths[template]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${template} is not in the spec`);
  let response = op.responses[String(answer.status)] ?? op.responses.default;
  assert.ok(response, `${method} ${template}: ${answer.status} is not documented`);
  if (response.$ref) response = resolve(spec, response.$ref);
  return checkResponseObject(spec, response, answer, `${method} ${template} ${answer.status}`);
}

// The spec's path template `path` (its query left out) falls under: a literal one before one with
// parameters.
function templateOf(spec, path) {
  const bare = path.split("?")[0];
  const matching = Object.keys(spec.paths).filter((template) =>
    new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$").test(bare),
  );
  matching.sort((a, b) => (a.match(/\{/g) ?? []).length - (b.match(/\{/g) ?? []).length);
  assert.ok(matching.length > 0, `${bare} is in no path of the spec`);
  return matching[0];
}

function resolve(spec, ref) {
  return ref
    .slice(2)
    .split("/")
    .reduce((node, key) => node[key], spec);
}

function checkResponseObject(spec, response, answer, where) {
  const type = (answer.headers.get("content-type") ?? "").split(";")[0];
  if (answer.text) {
    const media = response.content?.[type];
    assert.ok(media, `${where}: ${type} is not documented`);
    const ajv = newAjv();
    ajv.addSchema({ $id: "https://spec.invalid/openapi", components: spec.components }, "spec");
    const schema = JSON.parse(
      JSON.stringify(media.schema).replaceAll('"#/components/', '"https://spec.invalid/openapi#/components/'),
    );
    const validate = ajv.compile(schema);
    assert.ok(validate(answer.json ?? answer.text), `${where}: ${JSON.stringify(validate.errors).slice(0, 600)}`);
  }
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required) assert.ok(answer.headers.get(name) !== null, `${where}: no ${name} header`);
  }
}

function makeRunner() {
  const check = async (name, fn) => {
    try {
      await fn();
      passed++;
    } catch (e) {
      failures.push(`${name}: ${e.message}`);
    }
  };
  return {
    check,
    send,
    checkDocumented,
    checkResponseObject,
    resolve,
    // The spec takes `req`; the server answers `status` (and `then(answer)` may look further).
    async allowed(ctx, name, req, status, then) {
      let answer;
      await check(name, async () => {
        answer = await send(ctx.strict.url, req);
        assert.ok(!isPrismProblem(answer.json), `the spec breaks: ${describe(answer)}`);
        assert.equal(answer.status, status, describe(answer));
        // Prism only warns about a status the operation does not list: ajv checks it all again.
        checkDocumented(ctx.spec, req.method ?? "GET", templateOf(ctx.spec, req.path), answer);
        if (then) await then(answer);
      });
      return answer;
    },
    // The spec refuses `req` (Prism answers it itself); the server refuses it with `status`.
    async refused(ctx, name, req, status) {
      let answer;
      await check(name, async () => {
        const prism = await send(ctx.strict.url, req);
        assert.ok(isPrismProblem(prism.json), `the spec takes it: ${describe(prism)}`);
        answer = await send(ctx.lenient.url, req);
        const found = violations(answer.headers);
        assert.ok(
          found.some((v) => v.side === "request"),
          `Prism flags nothing in the request, which the other proxy refused: ${prism.text.slice(0, 300)}`,
        );
        assert.deepEqual(
          found.filter((v) => v.side === "response"),
          [],
          describe(answer),
        );
        assert.equal(answer.status, status, describe(answer));
        checkDocumented(ctx.spec, req.method ?? "GET", templateOf(ctx.spec, req.path), answer);
      });
      return answer;
    },
    // Sent to the server itself (a Prism limitation, named in the header comment).
    async direct(ctx, name, template, req, status, then) {
      let answer;
      await check(name, async () => {
        answer = await send(ctx.base, req);
        assert.equal(answer.status, status, describe(answer));
        checkDocumented(ctx.spec, req.method ?? "GET", template, answer);
        if (then) await then(answer);
      });
      return answer;
    },
  };
}
