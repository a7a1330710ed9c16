// Stoplight Prism (npm @stoplight/prism-cli, from tests/docs) as a validating proxy in front of a
// leadgate server, for the conformance test:
//   const proxy = await startPrism(specFile, upstream, { errors: true });
//   proxy.url     "http://127.0.0.1:<port>" (Prism is told port 0 and reports the one it got)
//   await proxy.stop()   SIGTERM to its pid, wait for the exit
// With errors, Prism answers itself when a request breaks the spec (422, 415, 401, 404, 405) and
// turns an answer that breaks it into a 500; without, it forwards everything and lists what broke
// the spec in an sl-violations header: violations(res) reads it.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const prismBin = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "node_modules", ".bin", "prism");

export function startPrism(specFile, upstream, { errors }) {
  const args = ["proxy", specFile, upstream, "--host", "127.0.0.1", "--port", "0"];
  if (errors) args.push("--errors");
  const child = spawn(prismBin, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let log = "";
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, "SIGTERM");
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`prism did not start: ${log.slice(-2000)}`));
    }, 30000);
    const read = (chunk) => {
      log += chunk;
      // eslint-disable-next-line no-control-regex
      const m = log.replace(/\u001b\[[0-9;]*m/g, "").match(/Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], pid: child.pid, stop, log: () => log });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`prism exited ${code}: ${log.slice(-2000)}`)));
  });
}

// Whether `body` (parsed) is one of Prism's own problems rather than the server's answer.
export function isPrismProblem(body) {
  return typeof body?.type === "string" && body.type.startsWith("https://stoplight.io/prism/errors#");
}

// The errors of an answer's sl-violations header (`headers`: a Headers), as
// { side: "request" | "response", where, message }.
export function violations(headers) {
  const header = headers.get("sl-violations");
  if (!header) return [];
  if (header.startsWith("Too many violations!"))
    return [{ side: "response", where: "", message: header.slice(0, 300) }];
  return JSON.parse(header)
    .filter((v) => v.severity === "Error")
    .map((v) => ({ side: v.location[0], where: v.location.slice(1).join("."), message: v.message }));
}
