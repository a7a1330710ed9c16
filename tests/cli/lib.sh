# Shared by the CLI test scripts, sourced after `set -euo pipefail`: a temporary directory ($tmp)
# removed on exit together with any server still running ($pid), and pass/fail counting.

# init_test NAME: makes $tmp (named after NAME) and arranges the clean-up.
init_test() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1-XXXXXX")
  pid=""
  trap cleanup EXIT
  passed=0
  failed=0
}

cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }

# listening_port LOG: waits (up to 10 s) until a server's log LOG names the port it listens on,
# and prints it (nothing when it never does).
listening_port() {
  local port=""
  for _ in $(seq 1 200); do
    port=$(grep -o '"event":"listening".*"port":"[0-9]*"' "$1" 2>/dev/null | grep -o '[0-9]*"$' | tr -d '"' || true)
    [ -n "$port" ] && break
    sleep 0.05
  done
  echo "$port"
}

check() { # description, command...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $what" >&2; failed=$((failed + 1)); fi
}

# finish_test NAME: prints the counts; fails when any check failed.
finish_test() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
