#!/usr/bin/env bash
# Builds everything and runs every test: Catch2 (CTest), the same suite under
# AddressSanitizer + UBSan, a short libFuzzer run of every input path, Node
# tests of the wasm API and CLI, and headless-Chromium tests of the page.
# Installs what is missing first. Exits non-zero if any suite fails.
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
# One clang build under the sanitizers holds both the core tests and the fuzz harnesses
# (build/fuzz): the core is compiled sanitized once, not twice.
sanitized_core_tests() {
  "$root/scripts/fuzz.sh" build &&
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$root/build/fuzz" --output-on-failure
}
run_suite "core under AddressSanitizer + UBSan (clang)" sanitized_core_tests
run_suite "fuzzing (libFuzzer, ${FUZZ_SECONDS:-3}s per input path)" "$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-3}"
run_suite "wasm API and CLI (node --test)" node --test --test-reporter=spec tests/node/
run_suite "page (headless Chromium)" node --test --test-reporter=spec --test-concurrency=1 tests/browser/

echo
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
