#!/usr/bin/env bash
# Every problem code the sources make is in the one error catalogue (core/error_catalogue.cc),
# with the kind the catalogue gives it, and every code in the catalogue is made somewhere.
# Looks at `ErrorKind::kX, "code"`, `Status::Malformed("code"`, `Status::Conflict("code"` and
# `TooManyRequestsResponse("code"` in the non-test sources.
# Usage: error_codes_test.sh path/to/repo
set -euo pipefail
cd "$1"
git ls-files --cached --others --exclude-standard '*.cc' '*.h' | grep -v '^tests/' | python3 -c '
import re, sys
catalogue = {m.group(1): m.group(2) for m in re.finditer(
    r"ErrorCode\{\s*\"([a-z_]+)\",\s*ErrorKind::(k[A-Za-z]+),", open("core/error_catalogue.cc").read())}
factories = {"Malformed": "kMalformed", "Conflict": "kConflict"}
patterns = [
    (re.compile(r"ErrorKind::(k[A-Za-z]+)\s*,\s*\"([a-z_]+)\""), lambda m: (m.group(2), m.group(1))),
    (re.compile(r"Status::(Malformed|Conflict)\(\s*\"([a-z_]+)\""), lambda m: (m.group(2), factories[m.group(1)])),
    (re.compile(r"TooManyRequestsResponse\(\s*\"([a-z_]+)\""), lambda m: (m.group(1), "kOverLimit")),
]
made, failed = set(), 0
for path in sys.stdin.read().split():
    if path == "core/error_catalogue.cc":
        continue
    text = open(path).read()
    for pattern, parts in patterns:
        for m in pattern.finditer(text):
            code, kind = parts(m)
            made.add(code)
            line = text.count("\n", 0, m.start()) + 1
            if code not in catalogue:
                print(f"{path}:{line}: code {code} is not in core/error_catalogue.cc"); failed += 1
            elif catalogue[code] != kind:
                print(f"{path}:{line}: code {code} made as {kind}, the catalogue says {catalogue[code]}"); failed += 1
for code in sorted(set(catalogue) - made):
    print(f"core/error_catalogue.cc: {code} is made nowhere"); failed += 1
print(f"error_codes_test: {len(catalogue)} codes in the catalogue, {len(made)} made, {failed} problems")
sys.exit(1 if failed else 0)
'
