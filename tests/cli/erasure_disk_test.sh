#!/usr/bin/env bash
# An erased lead's e-mail leaves every file of the data directory within the purge bound
# (erasure.disk_purge_seconds), while a kept lead's stays: a byte search over the whole store of a
# real server, after the lead had reached the table files (a clean restart flushes them).
# Usage: erasure_disk_test.sh LEADGATE_BINARY
set -euo pipefail
bin=$1
. "$(dirname "$0")/lib.sh"
init_test leadgate-erasure

start() { # log file
  "$bin" serve --demo --port 0 --data-dir "$tmp/data" --set erasure.disk_purge_seconds=1 >/dev/null 2>"$1" &
  pid=$!
  port=$(listening_port "$1")
  [ -n "$port" ]
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }
# Whether any file under the data directory holds the bytes.
on_disk() { grep -rqa -- "$1" "$tmp/data"; }

check "the server starts" start "$tmp/log1"
token=$(cat "$tmp/data/admin-token")
api() { curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
# Random parts: compressed table blocks keep a unique run of bytes as it is.
erased=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
kept=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
lead_of() { # e-mail local part -> the new lead's id
  api -X POST "http://127.0.0.1:$port/v2/campaigns/1/leads" \
    -d '{"field_values":{"name":"Jane Doe","email":"'"$1"'@example.com"},"select_field_values":{"source":"vendor-xyz"}}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
id=$(lead_of "$erased")
lead_of "$kept" >/dev/null
stop
check "the server restarts" start "$tmp/log2"
check "the lead is in the store's files before the erasure" on_disk "$erased"

dry=$(api -X POST "http://127.0.0.1:$port/v2/leads/erase" -d '{"email":"'"$erased"'@EXAMPLE.com","dry_run":true}')
check "a dry run lists the lead" grep -q "\"id\":$id" <<<"$dry"
check "a dry run deletes nothing" test "$(api -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/campaigns/1/leads/$id")" = 200
done_json=$(api -X POST "http://127.0.0.1:$port/v2/leads/erase" -d '{"email":"'"$erased"'@example.com"}')
check "the erasure deletes one lead" grep -q '"deleted":1' <<<"$done_json"
check "the lead answers 404" test "$(api -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/campaigns/1/leads/$id")" = 404

gone=""
for _ in $(seq 1 100); do
  if ! on_disk "$erased"; then gone=yes; break; fi
  sleep 0.1
done
check "within the bound no file of the data directory holds the erased e-mail" test -n "$gone"
check "the kept lead's e-mail is still on disk" on_disk "$kept"
# Counted once the purge's compactions return, a moment after the bytes left the files.
purged() {
  for _ in $(seq 1 50); do
    api "http://127.0.0.1:$port/metrics" | grep -q '^leadgate_erasure_disk_purges_total [1-9]' && return 0
    sleep 0.1
  done
  return 1
}
check "the purge shows in /metrics" purged
audit=$(api "http://127.0.0.1:$port/v2/audit?kind=leads_erased")
check "the erasure is audited" grep -q leads_erased <<<"$audit"
check "the audit log does not hold the erased e-mail" bash -c "! grep -q '$erased' <<<'$audit'"
stop
check "the server log does not hold the erased e-mail" bash -c "! grep -q '$erased' '$tmp/log1' '$tmp/log2'"

finish_test erasure_disk_test
