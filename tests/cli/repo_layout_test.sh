#!/usr/bin/env bash
# The repository root holds only the project's folders, README.md, CMakeLists.txt, .ci and
# dot-files: scratch files (logs, JSON dumps) fail the build instead of landing on main. docs/
# holds Markdown only. Test files name their namespace after themselves.
# Looks at what git tracks and at untracked files it does not ignore.
# Usage: repo_layout_test.sh path/to/repo
set -euo pipefail
cd "$1"
allowed=" CMakeLists.txt README.md core store auth service apidocs docs replog net app tools tests config .ci "
unexpected=()
while IFS= read -r entry; do
  [ -z "$entry" ] && continue
  case $entry in .?*) continue ;; esac  # dot-files and dot-folders
  [[ $allowed == *" $entry "* ]] || unexpected+=("$entry")
done < <({ git ls-files; git ls-files --others --exclude-standard; } | cut -d/ -f1 | sort -u)
if [ ${#unexpected[@]} -gt 0 ]; then
  echo "repo_layout_test: unexpected entries in the repository root: ${unexpected[*]}"
  exit 1
fi
# docs/ is the Markdown a person reads; the C++ that generates API documentation is apidocs/.
not_markdown=$({ git ls-files docs; git ls-files --others --exclude-standard docs; } | grep -v '\.md$' || true)
if [ -n "$not_markdown" ]; then
  echo "repo_layout_test: docs/ holds Markdown only, not: $not_markdown"
  exit 1
fi
# Every test file keeps its names in a namespace named after it (`namespace bulk_test {`, or
# `namespace lg::service_test::bulk_create_test {`), so the test executables' unity groups and
# tools/tidy's batches are not split by two files' `World` or `kCampaign` (tests/CMakeLists.txt).
unwrapped=()
while IFS= read -r file; do
  stem=$(basename "$file" .cc)
  grep -Eq "^namespace ([a-z_:]+::)?$stem \{" "$file" || unwrapped+=("$file")
done < <({ git ls-files; git ls-files --others --exclude-standard; } | grep -E '^tests/(unit/[a-z]+|integration|cluster)/[a-z_]+_test\.cc$')
if [ ${#unwrapped[@]} -gt 0 ]; then
  echo "repo_layout_test: test files without a namespace named after them: ${unwrapped[*]}"
  exit 1
fi
echo "repo_layout_test: the root holds only the allowed entries, docs/ only Markdown, every test file its namespace"
