#!/usr/bin/env bash
# Every problem code, and every code of a problem's errors[], that the sources make is in the one
# error catalogue, and every catalogued code is made somewhere: tests/cli/error_codes_test.py.
# Usage: error_codes_test.sh path/to/repo
set -euo pipefail
exec python3 "$(dirname "$0")/error_codes_test.py" "$1"
