// Starts the real leadgate binary for the Node-based tests (docs, console): on port 0, with its
// data in a fresh temporary directory and token rate limits out of the way. Resolves once the
// server listens and has written the first admin token.
//   const server = await startLeadgate(binary, "leadgate-docs-test-");
//   server.base   "http://127.0.0.1:<port>"
//   server.admin  the first admin token
//   await server.stop()   SIGTERM, wait for the exit, remove the directory
//   await server.kill()   SIGKILL, wait for the exit, keep the directory (start again with
//                         { dir: server.dir }: the same data)
// options.args: more command-line arguments (e.g. ["--set", "webhooks.allow_http=true"]).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function startLeadgate(binary, prefix, options = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), prefix));
  const data = join(dir, "data");
  const child = spawn(
    binary,
    [
      "serve",
      "--port",
      "0",
      "--data-dir",
      data,
      "--set",
      "limits.token_requests_per_second=100000",
      "--set",
      "limits.token_burst=100000",
      ...(options.args ?? []),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + log)), 20000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = log.match(/"event":"listening".*"port":"(\d+)"/);
      if (m && existsSync(join(data, "admin-token"))) {
        clearTimeout(timer);
        const admin = readFileSync(join(data, "admin-token"), "utf8").trim();
        resolve({ base: `http://127.0.0.1:${m[1]}`, admin, stop, kill, dir });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
}
