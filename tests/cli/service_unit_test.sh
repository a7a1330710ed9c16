#!/usr/bin/env bash
# config/leadgate.service as systemd reads it (systemd-analyze verify: no unknown key, no bad
# value, the binary runs), with its hardening in place; and the server's sd_notify protocol the
# unit relies on (Type=notify): READY=1 once it answers on its port, STOPPING=1 on SIGTERM, exit 0.
set -euo pipefail
bin=$1
repo=$2
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
init_test service_unit_test

unit="$tmp/leadgate.service"
sed "s|/usr/local/bin/leadgate|$bin|" "$repo/config/leadgate.service" >"$unit"
check "systemd-analyze verify reports nothing" bash -c "[ -z \"\$(systemd-analyze verify '$unit' 2>&1)\" ]"
for directive in Type=notify NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes DynamicUser=yes \
  StateDirectory=leadgate ProtectHome=yes CapabilityBoundingSet= RestrictAddressFamilies=; do
  check "the unit sets $directive" grep -q "^$directive" "$unit"
done

# A notification socket as systemd provides one; the listener records each message.
python3 - "$tmp/notify.sock" "$tmp/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "a") as log:
    try:
        while True:
            log.write(s.recv(4096).decode() + "\n---\n")
            log.flush()
    except socket.timeout:
        pass
PY
listener=$!
for _ in $(seq 1 50); do [ -S "$tmp/notify.sock" ] && break; sleep 0.1; done

NOTIFY_SOCKET="$tmp/notify.sock" "$bin" serve --port 0 --data-dir "$tmp/data" 2>"$tmp/stderr" &
pid=$!
for _ in $(seq 1 100); do grep -q "READY=1" "$tmp/notify.log" 2>/dev/null && break; sleep 0.1; done
check "the server notifies READY=1" grep -q "READY=1" "$tmp/notify.log"
port=$(grep -o '"event":"listening".*"port":"[0-9]*"' "$tmp/stderr" | grep -o '[0-9]*"$' | tr -d '"')
check "and answers /readyz once ready" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200
kill -TERM "$pid"
set +e
wait "$pid"; rc=$?
set -e
pid=""
check "SIGTERM exits 0" test "$rc" -eq 0
for _ in $(seq 1 50); do grep -q "STOPPING=1" "$tmp/notify.log" && break; sleep 0.1; done
check "the server notifies STOPPING=1 on SIGTERM" grep -q "STOPPING=1" "$tmp/notify.log"
kill "$listener" 2>/dev/null || true

finish_test service_unit_test
