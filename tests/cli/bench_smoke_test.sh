#!/usr/bin/env bash
# Smoke test of leadgate-bench against a real `leadgate serve` on a free port: every scenario
# for about a second at tiny sizes, closed and open loop; checks the JSON report (requests > 0,
# no errors), the exit codes of bad usage and failed set-up, and that no secret is printed.
# Not a speed check. Usage: bench_smoke_test.sh path/to/leadgate path/to/leadgate-bench
set -euo pipefail
server=$1
bench=$2
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
init_test leadgate-bench-smoke
# report_ok FILE: requests > 0 and no errors of any kind.
report_ok() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ok = r["requests"] > 0 and r["errors"] == 0 and r["ok"] == r["requests"] and not r["connection_errors"]
ok = ok and r["latency_ms"]["p50"] > 0 and r["latency_ms"]["max"] >= r["latency_ms"]["p99"]
if not ok:
    print(json.dumps(r, indent=1), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

"$server" serve --port 0 --data-dir "$tmp/data" >"$tmp/server.out" 2>"$tmp/server.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*"event":"listening".*"port":"\([0-9]*\)".*/\1/p' "$tmp/server.err" 2>/dev/null | head -1)
  [ -n "$port" ] && [ -s "$tmp/data/admin-token" ] && break
  sleep 0.1
done
check "server reports its port" test -n "$port"
url="http://127.0.0.1:$port"
token=$(cat "$tmp/data/admin-token")
export LEADGATE_ADMIN_TOKEN=$token
common=(--url "$url" --connections 4 --threads 2 --duration 1s --vendors 2 --body-size 200 --quiet)

for scenario in ingest get list mixed; do
  set +e
  timeout 60 "$bench" "${common[@]}" --scenario "$scenario" --preload 40 --json "$tmp/$scenario.json" \
    >"$tmp/$scenario.out" 2>&1
  rc=$?
  set -e
  check "$scenario exits 0" test "$rc" -eq 0
  check "$scenario report has requests and no errors" report_ok "$tmp/$scenario.json"
  check "$scenario prints the latency table" grep -q "p99.9" "$tmp/$scenario.out"
done

# Open loop: about --rate requests, latency from intended send times, nothing left unsent.
set +e
timeout 60 "$bench" "${common[@]}" --scenario ingest --rate 200 --json - >"$tmp/open.json" 2>"$tmp/open.err"
rc=$?
set -e
check "open loop exits 0" test "$rc" -eq 0
check "open loop report is clean" report_ok "$tmp/open.json"
check "open loop sends about --rate requests" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r["mode"] == "open" and 150 <= r["requests"] <= 250 and r["unsent"] == 0 else 1)' "$tmp/open.json"

# Bulk: checked when the server has the bulk endpoint; otherwise set-up must fail cleanly (3).
set +e
timeout 60 "$bench" "${common[@]}" --scenario bulk --batch-size 5 --json "$tmp/bulk.json" >"$tmp/bulk.out" 2>&1
rc=$?
set -e
if [ "$rc" -eq 3 ] && grep -q "no POST" "$tmp/bulk.out"; then
  check "bulk without the endpoint is a set-up failure" true
else
  check "bulk exits 0" test "$rc" -eq 0
  check "bulk report has requests and no errors" report_ok "$tmp/bulk.json"
fi

# Raw: any URL, no set-up and no token needed.
set +e
env -u LEADGATE_ADMIN_TOKEN timeout 60 "$bench" --url "$url/livez" --scenario raw --connections 2 --duration 1s \
  --quiet --json "$tmp/raw.json" >"$tmp/raw.out" 2>&1
rc=$?
set -e
check "raw exits 0" test "$rc" -eq 0
check "raw report has requests and no errors" report_ok "$tmp/raw.json"

# Slowloris alongside a run: the trickling connections connect and send, the run stays clean.
set +e
env -u LEADGATE_ADMIN_TOKEN timeout 60 "$bench" --url "$url/livez" --scenario raw --connections 2 --duration 1s \
  --slow-clients 20 --slow-interval 50ms --quiet --json "$tmp/slow.json" >"$tmp/slow.out" 2>&1
rc=$?
set -e
check "slow clients run exits 0" test "$rc" -eq 0
check "slow clients run report is clean" report_ok "$tmp/slow.json"
check "slow clients connected and trickled" grep -Eq "20 slow clients: (2[0-9]|[3-9][0-9]|[0-9]{3,}) connects, [0-9]+ closed by the server, [1-9][0-9]+ bytes sent" "$tmp/slow.out"

# Exit codes: no admin token = usage error; an unreachable server = set-up failure.
set +e
env -u LEADGATE_ADMIN_TOKEN "$bench" --url "$url" --duration 1s >/dev/null 2>&1
rc_usage=$?
"$bench" --url "http://127.0.0.1:1" --duration 1s --quiet >/dev/null 2>&1
rc_down=$?
set -e
check "missing admin token exits 2" test "$rc_usage" -eq 2
check "unreachable server exits 3" test "$rc_down" -eq 3

check "no output shows the admin token" bash -c "! grep -rq -- '$token' '$tmp'/*.out '$tmp'/*.json '$tmp'/open.err"
check "tokens minted by the runs are revoked" python3 -c '
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/v2/tokens", headers={"Authorization": "Bearer " + sys.argv[2]})
tokens = json.load(urllib.request.urlopen(req))["data"]
bench = [t for t in tokens if t["name"].startswith("leadgate-bench")]
sys.exit(0 if bench and all(t["state"] == "revoked" for t in bench) else 1)' "$url" "$token"

kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
set -e
pid=""
check "server stops cleanly" test "$rc" -eq 0

finish_test bench_smoke_test
