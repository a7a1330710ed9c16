#!/usr/bin/env bash
# Layers include only downwards: core <- store, auth, apidocs, replog <- service <- net <- app <- tools.
# store, auth, apidocs and replog sit side by side and include none of each other.
# Usage: layering_test.sh path/to/repo
set -euo pipefail
cd "$1"
failed=0
passed=0
forbid() { # folder, forbidden include prefixes...
  local dir=$1; shift
  for prefix in "$@"; do
    local hits
    hits=$(grep -rnE "#include +\"$prefix" "$dir" --include='*.h' --include='*.cc' || true)
    if [ -n "$hits" ]; then echo "upward include from $dir/ to $prefix:"; echo "$hits"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
  done
}
forbid core store/ auth/ apidocs/ replog/ service/ net/ app/ tools/
forbid store auth/ apidocs/ replog/ service/ net/ app/ tools/
forbid auth store/ apidocs/ replog/ service/ net/ app/ tools/
forbid apidocs store/ auth/ replog/ service/ net/ app/ tools/
forbid replog store/ auth/ apidocs/ service/ net/ app/ tools/
forbid service net/ app/ tools/
forbid net app/ tools/
forbid app tools/
# Beast stays inside the HTTP server and clients' .cc files so it does not spread through the build.
beast=$(grep -rlE '#include +<boost/beast' core store auth apidocs service net app --include='*.h' || true)
if [ -n "$beast" ]; then echo "Beast included from headers: $beast"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
# The log engine's client stays behind replog/'s interfaces (replicated_log.h, checkpoint_exchange.h):
# only replog/ sees it, in its .cc files and in internal headers that no other layer includes.
nats=$(grep -rlE '#include +<nats' core store auth apidocs service net app tools --include='*.h' --include='*.cc' || true)
for internal in $(grep -rlE '#include +<nats' replog --include='*.h' || true); do
  nats="$nats $(grep -rlF "#include \"$internal\"" core store auth apidocs service net app tools --include='*.h' --include='*.cc' || true)"
done
nats=$(echo $nats)
if [ -n "$nats" ]; then echo "NATS client included outside replog/: $nats"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
echo "layering_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
