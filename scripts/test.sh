#!/usr/bin/env bash
# Builds everything and runs every test: Catch2 (CTest), Node tests of the
# wasm API and CLI, and headless-Chromium tests of the page. Installs what is
# missing first. Exits non-zero if any suite fails.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" test || exit 1
"$root/scripts/build.sh" all || exit 1

failed=()
run_suite() {
  local name="$1"; shift
  echo
  echo "=== $name"
  "$@" || failed+=("$name")
}

run_suite "core (Catch2 via CTest)" ctest --test-dir build/native --output-on-failure
run_suite "wasm API and CLI (node --test)" node --test --test-reporter=spec tests/node/
run_suite "page (headless Chromium)" node --test --test-reporter=spec --test-concurrency=1 tests/browser/

echo
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
