#!/usr/bin/env bash
# The README and docs/*.md work as written: their `sh` code blocks run, in order, against a fresh
# demo server, and every request answers the status its `# → NNN` comment promises; every
# relative link points at a file that exists and every #anchor at a heading of that file.
# docs/testing.md ("The docs examples test") describes the conventions.
# Usage: docs_examples_test.sh path/to/leadgate path/to/repo
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$2" && pwd)
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
init_test docs-examples

# A checkout as a reader has it after tools/run: build/tools/ holds the binaries (the folder of
# the leadgate under test, so leadgate-bench and leadgate-scope-bench next to it run too),
# config/ is the repository's, data/ is the demo's.
checkout=$tmp/checkout
mkdir -p "$checkout/build" "$tmp/tmp"
ln -s "$(dirname "$bin")" "$checkout/build/tools"
ln -s "$repo/config" "$checkout/config"

"$bin" serve --demo --listen 127.0.0.1 --port 0 --data-dir "$checkout/data" >"$tmp/demo.out" 2>"$tmp/demo.err" &
pid=$!
port=$(listening_port "$tmp/demo.err")
if [ -z "$port" ]; then
  echo "FAIL: the demo server did not start" >&2
  cat "$tmp/demo.err" >&2
  exit 1
fi
# The demo prints its three vendors' tokens once it has seeded them.
for _ in $(seq 1 100); do
  [ "$(grep -c '^    token: ' "$tmp/demo.out" 2>/dev/null || true)" -ge 3 ] && break
  sleep 0.1
done

set +e
python3 - "$repo" "$checkout" "$port" "$tmp" <<'PY'
import json
import os
import re
import signal
import subprocess
import sys
import time

repo, checkout, port, tmp = sys.argv[1:5]
STEP_SECONDS = 60       # the longest one command may take
CURL_SECONDS = 30       # the longest one request may take, unless the example sets --max-time
RUN = {"sh"}            # blocks that run
SHOWN = {"console"}     # shell shown, not run (the text before the block says why)
NOT_SHELL = {"text", "json", "toml", "nginx", "ini", "js"}

docs = sorted(f for f in os.listdir(os.path.join(repo, "docs")) if f.endswith(".md"))
files = ["README.md"] + ["docs/" + f for f in docs]
failures = []


def fail(where, what, detail=""):
    failures.append((where, what, detail))


# ---- Markdown: fenced blocks, prose, headings ------------------------------------------------
FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")


def parse(rel):
    """(blocks, prose lines): blocks are (language, line of the fence, body lines); prose is the
    file with every fenced line blanked."""
    lines = open(os.path.join(repo, rel), encoding="utf-8").read().split("\n")
    blocks, prose, i = [], list(lines), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = len(m.group(1)), m.group(2), m.group(3)
        body, j = [], i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                break
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j].lstrip())
            j += 1
        if j == len(lines):
            fail(f"{rel}:{i + 1}", "a fenced block that never closes")
        for k in range(i, min(j + 1, len(lines))):
            prose[k] = ""
        blocks.append((lang, i + 1, body))
        i = j + 1
    return blocks, prose


def slug(heading):
    """GitHub's anchor of a heading: its text lower-cased, punctuation dropped, spaces as '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts as its text
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


anchor_cache = {}


def anchors(path):
    if path not in anchor_cache:
        _, prose = parse(os.path.relpath(path, repo))
        seen, found = {}, set()
        for line in prose:
            m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not m:
                continue
            base = slug(m.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
        anchor_cache[path] = found
    return anchor_cache[path]


# ---- Links -----------------------------------------------------------------------------------
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
links_checked = 0
for rel in files:
    _, prose = parse(rel)
    text = "\n".join(prose)
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    for m in LINK.finditer(text):
        target = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: (not fetched)
            continue
        links_checked += 1
        path, _, anchor = target.partition("#")
        full = os.path.normpath(os.path.join(repo, os.path.dirname(rel), path)) if path else os.path.join(repo, rel)
        if not full.startswith(repo + os.sep) or not os.path.exists(full):
            fail(f"{rel}:{line}", f"link to a file that does not exist: {target}")
            continue
        if anchor:
            if not full.endswith(".md"):
                fail(f"{rel}:{line}", f"anchor into a file that is not Markdown: {target}")
            elif anchor not in anchors(full):
                fail(f"{rel}:{line}", f"link to an anchor no heading makes: {target}")

# ---- Examples: split each `sh` block into commands -------------------------------------------
PROMISE = re.compile(r"#[^\n]*?→\s*(\d{3})\b")
# An optional JSON object after the status: members the answer (the command's output) must have.
PROMISED_MEMBERS = re.compile(r"#[^\n]*?→\s*\d{3}\s+(\{[^\n]*\})\s*$", re.M)
USES_CURL = re.compile(r"(^|[\s|;&(`$])curl\s")


def complete(text):
    return subprocess.run(["bash", "-n"], input=text, capture_output=True, text=True).returncode == 0


sessions = []  # per file: [(where, text, promised status or None)]
shown = []
for rel in files:
    blocks, _ = parse(rel)
    steps = []
    for lang, fence_line, body in blocks:
        where = f"{rel}:{fence_line}"
        if lang in SHOWN:
            shown.append(where)
            continue
        if lang in NOT_SHELL:
            continue
        if lang not in RUN:
            fail(where, f"a code block marked {lang!r}: mark shell `sh` (run) or `console` (shown, not run), "
                        "anything else with its language (text, json, toml, nginx, ini, js)")
            continue
        current, first = [], 0
        for k, line in enumerate(body):
            if not current and (not line.strip() or line.lstrip().startswith("#")):
                continue  # blank lines and comments between commands
            if not current:
                first = k
            current.append(line)
            if line.rstrip().endswith("\\"):
                continue
            text = "\n".join(current)
            if not complete(text):
                continue
            promised = set(PROMISE.findall(text))
            step_where = f"{rel}:{fence_line + 1 + first}"
            members = None
            for found in PROMISED_MEMBERS.findall(text):
                try:
                    members = json.loads(found)
                except ValueError:
                    fail(step_where, f"the promised members are not a JSON object: {found}", text)
            if len(promised) > 1:
                fail(step_where, f"one command promises several statuses: {sorted(promised)}", text)
            elif USES_CURL.search(text) and not promised:
                fail(step_where, "a request without a promised status (end its line with '# → NNN')", text)
            steps.append((step_where, text.replace("127.0.0.1:8080", f"127.0.0.1:{port}"),
                          promised.pop() if len(promised) == 1 else None, members))
            current = []
        if current:
            fail(where, "a block that ends inside a command", "\n".join(current))
    sessions.append((rel, steps))

# ---- Run each file's commands in one bash session of its own ---------------------------------
PRELUDE = r'''
cd "$LG_CHECKOUT" || exit 99
# Records the status of every request (the last HTTP status line of its headers, 000 when none
# came) for the command being run. An example that sets its own --max-time may end by it.
curl() {
  local __h __s __rc __own=0 __a
  for __a in "$@"; do case $__a in -m | --max-time | --max-time=*) __own=1 ;; esac; done
  __h=$(mktemp "$LG_SESSION/headers.XXXXXX")
  command curl -q --max-time "$LG_CURL_SECONDS" -D "$__h" "$@"
  __rc=$?
  __s=$(awk 'toupper($1) ~ /^HTTP\// { s = $2 } END { print (s == "" ? "000" : s) }' "$__h")
  rm -f "$__h"
  echo "$__s" >>"$LG_SESSION/codes"
  if [ "$__rc" = 28 ] && [ "$__own" = 1 ] && [ "$__s" != 000 ]; then __rc=0; fi
  return "$__rc"
}
__begin() { : >"$LG_SESSION/codes"; echo "$1" >"$LG_SESSION/current"; }
__end() {
  local rc=$?
  printf '%s %s %s\n' "$1" "$rc" "$(tr '\n' ' ' <"$LG_SESSION/codes")" >>"$LG_SESSION/results"
}
'''

commands_run = 0
for n, (rel, steps) in enumerate(sessions):
    if not steps:
        continue
    session = os.path.join(tmp, f"session-{n}")
    os.makedirs(session)
    script = [PRELUDE]
    for k, (_, text, _, _) in enumerate(steps):
        script.append(f"__begin {k}\n{{\n{text}\n}} >'{session}/out.{k}' 2>&1 </dev/null\n__end {k}\n")
    with open(os.path.join(session, "script.sh"), "w") as f:
        f.write("\n".join(script))
    env = dict(os.environ, LG_CHECKOUT=checkout, LG_SESSION=session, LG_CURL_SECONDS=str(CURL_SECONDS),
               TMPDIR=os.path.join(tmp, "tmp"))
    proc = subprocess.Popen(["bash", "--noprofile", "--norc", os.path.join(session, "script.sh")],
                            stdin=subprocess.DEVNULL, stdout=open(os.path.join(session, "session.out"), "w"),
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    timed_out = None
    current = os.path.join(session, "current")
    while proc.poll() is None:
        time.sleep(0.2)
        if os.path.exists(current) and time.time() - os.path.getmtime(current) > STEP_SECONDS:
            timed_out = open(current).read().strip()
            break
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # a timed-out command, and anything an example left running
    except ProcessLookupError:
        pass
    proc.wait()
    results = {}
    if os.path.exists(os.path.join(session, "results")):
        for line in open(os.path.join(session, "results")):
            k, rc, *codes = line.split()
            results[int(k)] = (int(rc), codes)
    for k, (where, text, promised, members) in enumerate(steps):
        out_path = os.path.join(session, f"out.{k}")
        output = open(out_path, errors="replace").read() if os.path.exists(out_path) else ""
        tail = "\n".join(output.rstrip("\n").split("\n")[-15:])
        if k not in results:
            if timed_out == str(k):
                fail(where, f"still running after {STEP_SECONDS} s", text + "\n--- output:\n" + tail)
            else:
                ended = open(os.path.join(session, "session.out"), errors="replace").read()[-2000:]
                fail(where, "did not run (the session ended before it)", text + "\n--- session:\n" + ended)
            break
        commands_run += 1
        rc, codes = results[k]
        if os.environ.get("LG_DOCS_EXAMPLES_SHOW"):  # every command with its statuses and output
            print(f"--- {where} (exit {rc}; statuses {' '.join(codes) or '-'})\n{text}\n{output}")
        if promised is not None and (not codes or any(c != promised for c in codes)):
            fail(where, f"promised {promised}, got {' '.join(codes) or 'no request'}", text + "\n--- output:\n" + tail)
        elif rc != 0:
            fail(where, f"exited {rc}", text + "\n--- output:\n" + tail)
        elif members is not None:
            try:
                answer = json.loads(output)
            except ValueError:
                answer = None
            wrong = {key: value for key, value in members.items()
                     if not isinstance(answer, dict) or answer.get(key, object()) != value}
            if wrong:
                fail(where, f"promised an answer with {json.dumps(members)}, got {tail[:300]}", text)

# ---- Report ----------------------------------------------------------------------------------
blocks_run = sum(1 for rel in files for lang, _, _ in parse(rel)[0] if lang in RUN)
for where, what, detail in failures:
    print(f"FAIL {where}: {what}")
    if detail:
        print("    " + detail.replace("\n", "\n    "))
print(f"docs_examples_test: {commands_run} commands run from {blocks_run} sh blocks; "
      f"{len(shown)} console blocks shown, not run ({', '.join(shown)}); {links_checked} relative links checked")
sys.exit(1 if failures else 0)
PY
result=$?
set -e
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""
if [ "$result" -ne 0 ]; then
  echo "docs_examples_test: FAILED; the demo server's last log lines:" >&2
  tail -n 20 "$tmp/demo.err" >&2
  exit 1
fi
echo "docs_examples_test: passed"
