#!/usr/bin/env bash
# Layers include only downwards: core < store < auth < core/service < net < tools.
# Usage: layering_test.sh path/to/repo
set -euo pipefail
cd "$1"
failed=0
passed=0
forbid() { # folder, forbidden include prefixes...
  local dir=$1; shift
  for prefix in "$@"; do
    local hits
    hits=$(grep -rnE "#include +\"$prefix" "$dir" --include='*.h' --include='*.cc' | grep -v "^core/service/" || true)
    if [ "$dir" = core/service ]; then
      hits=$(grep -rnE "#include +\"$prefix" core/service --include='*.h' --include='*.cc' || true)
    fi
    if [ -n "$hits" ]; then echo "upward include from $dir/ to $prefix:"; echo "$hits"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
  done
}
forbid core store/ auth/ net/ core/service/ tools/
forbid store auth/ net/ core/service/ tools/
forbid auth net/ core/service/ tools/
forbid core/service net/ tools/
forbid net tools/
# Beast and Asio stay out of headers so they do not spread through the build.
beast=$(grep -rlE '#include +<boost/(beast|asio)' core store auth net --include='*.h' || true)
if [ -n "$beast" ]; then echo "Beast/Asio included from headers: $beast"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
echo "layering_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
