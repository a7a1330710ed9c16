// JSON calls to a leadgate server for the Node-based tests:
//   const api = apiClient(server.base);
//   await api("POST", "/v2/campaigns", token, body)        // throws on a status >= 300
//   await api("DELETE", path, token, undefined, 204)      // throws unless the status is 204
// Resolves to the parsed body (null for an empty one).
export function apiClient(base) {
  return async function api(method, path, token, body, expect) {
    const res = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (expect !== undefined ? res.status !== expect : res.status >= 300) {
      throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    }
    return text ? JSON.parse(text) : null;
  };
}

// Resolves once `done()` (which may be async) is true; rejects after `ms`.
export async function waitFor(what, done, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
