#!/usr/bin/env bash
# End-to-end checks of the leadgate binary as an operator runs it: first start on an empty data
# directory, --demo, config errors, --print-config, structured logs without secrets, graceful
# SIGTERM. Usage: leadgate_cli_test.sh path/to/leadgate path/to/repo
set -euo pipefail
bin=$1
repo=$2
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
init_test leadgate-cli
umask 022 # the usual one: what the server writes must not rely on a stricter umask

# The documented config file is exactly what the binary says its settings are.
check "config/leadgate.toml matches 'leadgate config'" diff <("$bin" config) "$repo/config/leadgate.toml"

# Config errors stop start-up and name the key.
set +e
out=$("$bin" serve --data-dir "$tmp/x" --set server.nope=1 2>&1); rc=$?
set -e
check "unknown key exits 2" test "$rc" -eq 2
check "unknown key is named" grep -q "server.nope" <<<"$out"
printf '[server]\nport = 99999\n' >"$tmp/bad.toml"
set +e
out=$("$bin" serve --config "$tmp/bad.toml" 2>&1); rc=$?
set -e
check "out-of-range value exits 2" test "$rc" -eq 2
check "out-of-range key is named" grep -q "server.port" <<<"$out"
set +e
out=$("$bin" serve --data-dir "$tmp/x" --set store.durability=sometimes 2>&1); rc=$?
set -e
check "unknown durability exits 2" test "$rc" -eq 2
check "unknown durability names the key and the choices" grep -q "store.durability.*fsync or os" <<<"$out"
check "durability os is accepted" grep -q '^durability = "os"$' <("$bin" serve --set store.durability=os --print-config)
# Every setting is checked before the data directory is touched, and --print-config checks them
# too: an address that is not one, or an unknown zone, leaves nothing behind.
for bad in "server.trusted_proxies=127.0.0.1,proxy.internal" "server.listen=localhost" "account.time_zone=Mars/Base"; do
  key=${bad%%=*}
  set +e
  out=$(timeout 30 "$bin" serve --port 0 --data-dir "$tmp/untouched-$key" --set "$bad" 2>&1); rc=$?
  printed=$("$bin" serve --data-dir "$tmp/untouched-$key" --set "$bad" --print-config 2>&1); printed_rc=$?
  set -e
  check "serve with $bad exits 2" test "$rc" -eq 2
  check "and names $key" grep -q "'$key'" <<<"$out"
  check "and leaves no data directory" test ! -e "$tmp/untouched-$key"
  check "--print-config with $bad exits 2" test "$printed_rc" -eq 2
  check "and names $key" grep -q "'$key'" <<<"$printed"
done
check "valid trusted proxies are printed" grep -q '^trusted_proxies = "127.0.0.1, ::1"$' \
  <("$bin" serve --set "server.trusted_proxies=127.0.0.1, ::1" --print-config)
printf '[server]\nport = 9191\n' >"$tmp/ok.toml"
check "flags override the file" grep -q '^port = 7171$' <("$bin" serve --config "$tmp/ok.toml" --port 7171 --print-config)
check "file overrides defaults" grep -q '^port = 9191$' <("$bin" serve --config "$tmp/ok.toml" --print-config)

# First start with --demo on an empty data directory.
"$bin" serve --demo --port 0 --data-dir "$tmp/data" >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
port=$(listening_port "$tmp/stderr")
for _ in $(seq 1 100); do grep -q "curl" "$tmp/stdout" 2>/dev/null && break; sleep 0.1; done
check "server reports its port" test -n "$port"
token=$(cat "$tmp/data/admin-token")
check "admin token file is owner-only" test "$(stat -c %a "$tmp/data/admin-token")" = 600
check "log names the admin token file" grep -q "$tmp/data/admin-token" "$tmp/stderr"
check "demo prints the admin token" grep -q "$token" "$tmp/stdout"
check "demo prints the console's address" grep -q "web console: http://127.0.0.1:$port/console/" "$tmp/stdout"
check "the console's page is served there" grep -q "leadgate console" <(curl -s "http://127.0.0.1:$port/console/")
check "demo prints a create curl" grep -q -- "-X POST http://127.0.0.1:$port/v2/campaigns/1/leads" "$tmp/stdout"

status=$(curl -s -o "$tmp/lead.json" -w '%{http_code}' -X POST "http://127.0.0.1:$port/v2/campaigns/1/leads" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"field_values":{"name":"Jane Doe","email":"jane@example.com"},"select_field_values":{"source":"vendor-xyz"}}')
check "demo's create command answers 201" test "$status" = 201
check "demo's list command shows the lead" grep -q "Jane Doe" <(curl -s "http://127.0.0.1:$port/v2/campaigns/1/leads" -H "Authorization: Bearer $token")
# A path whose percent-encoded bytes are not UTF-8 (audited as a failed authentication): the log
# lines stay valid JSON.
check "a path that is not UTF-8 is answered" test "$(curl -s -o /dev/null -w '%{http_code}' \
  "http://127.0.0.1:$port/v2/campaigns/caf%E9%FF/leads" -H "Authorization: Bearer lg_wrong")" = 401

kill -TERM "$pid"
set +e
wait "$pid"; rc=$?
set -e
pid=""
check "SIGTERM stops the server cleanly" test "$rc" -eq 0
check "every log line is one JSON object in UTF-8" python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$tmp/stderr"
check "logs never contain the token" bash -c "! grep -q '$token' '$tmp/stderr'"

# A second --demo start seeds nothing new and creates no second admin token.
"$bin" serve --demo --port 0 --data-dir "$tmp/data" >"$tmp/stdout2" 2>"$tmp/stderr2" &
pid=$!
for _ in $(seq 1 100); do grep -q curl "$tmp/stdout2" 2>/dev/null && break; sleep 0.1; done
kill -TERM "$pid"; wait "$pid" || true; pid=""
check "restart keeps the same admin token" test "$(cat "$tmp/data/admin-token")" = "$token"
check "restart does not seed the demo twice" bash -c "! grep -q campaign_created '$tmp/stderr2'"
check "restart reuses campaign 1" grep -q "has id 1" "$tmp/stdout2"

# A stopped server's store: backup, restore into a new data directory, check.
check "backup of a stopped store succeeds" "$bin" backup --data-dir "$tmp/data" --to "$tmp/backup1"
check "backup into an existing directory is refused" bash -c "! '$bin' backup --data-dir '$tmp/data' --to '$tmp/backup1' 2>/dev/null"
check "the backup directory is owner-only" test "$(stat -c %a "$tmp/backup1")" = 700
check "every backup file is owner-only" test -z "$(find "$tmp/backup1" -type f ! -perm 600)"
check "restore into a new data directory succeeds" "$bin" restore --from "$tmp/backup1" --data-dir "$tmp/restored"
check "the restored store is owner-only" test -z "$(find "$tmp/restored" \( -type d ! -perm 700 \) -o \( -type f ! -perm 600 \))"
check "the restored store passes check" grep -q "store is consistent" <("$bin" check --data-dir "$tmp/restored")
check "restore over a store is refused" bash -c "! '$bin' restore --from '$tmp/backup1' --data-dir '$tmp/restored' 2>/dev/null"

# The restored store's tokens were made with the original key file, which is not in a backup:
# serve refuses to start without it, naming it, and writes nothing.
set +e
out=$(timeout 30 "$bin" serve --port 0 --data-dir "$tmp/restored" 2>&1); rc=$? # bounded: it must not start
set -e
check "serve without the key file of a store with tokens exits 1" test "$rc" -eq 1
check "and names the missing key file" grep -q "key file $tmp/restored/secret.key is missing" <<<"$out"
check "and points at --new-key" grep -q -- "--new-key" <<<"$out"
check "and makes no key file" test ! -e "$tmp/restored/secret.key"
check "and no admin token" test ! -e "$tmp/restored/admin-token"
# --new-key makes a new key file and a new admin token; the stored tokens no longer authenticate.
"$bin" serve --new-key --port 0 --data-dir "$tmp/restored" >/dev/null 2>"$tmp/stderr-new-key" &
pid=$!
new_port=$(listening_port "$tmp/stderr-new-key")
check "serve --new-key starts" test -n "$new_port"
new_token=$(cat "$tmp/restored/admin-token" 2>/dev/null || true)
check "with a new key file, owner-only" test "$(stat -c %a "$tmp/restored/secret.key")" = 600
check "and a new admin token" test -n "$new_token" -a "$new_token" != "$token"
check "the new admin token works" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$new_port/v2/campaigns" -H "Authorization: Bearer $new_token")" = 200
check "the old admin token does not" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$new_port/v2/campaigns" -H "Authorization: Bearer $token")" = 401
check "the log says how many tokens stopped working" grep -q '"event":"new_key_file_created".*"tokens_no_longer_valid":"' "$tmp/stderr-new-key"
kill -TERM "$pid"; wait "$pid" || true; pid=""
# While a server runs on the store, the CLI points at the API instead.
"$bin" serve --port 0 --data-dir "$tmp/data" >/dev/null 2>"$tmp/stderr3" &
pid=$!
for _ in $(seq 1 100); do grep -q '"listening"' "$tmp/stderr3" 2>/dev/null && break; sleep 0.1; done
set +e
out=$("$bin" backup --data-dir "$tmp/data" --to "$tmp/backup2" 2>&1); rc=$?
set -e
kill -TERM "$pid"; wait "$pid" || true; pid=""
check "backup of a running server's store exits 2" test "$rc" -eq 2
check "and names the API to use" grep -q "POST /v2/admin/backup" <<<"$out"

finish_test leadgate_cli_test
