#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each for
# SECONDS (default 5), starting from the committed seeds in tests/fuzz/seeds.
# Prints one line per target: executions, coverage, and whether it crashed.
# A crash leaves its input in build/fuzz/crashes/; add it to the seeds and a
# regression test. scripts/test.sh runs the short form; docs/reliability.md
# records a long run. The same build holds the sanitized core tests (scripts/test.sh runs them);
# `scripts/fuzz.sh build` only builds.
#   scripts/fuzz.sh [SECONDS | build]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_only=false; [[ "${1:-}" == build ]] && build_only=true
seconds="${1:-5}"
"$root/scripts/setup.sh" fuzz >/dev/null || exit 1
CC=clang CXX=clang++ cmake -S "$root" -B "$root/build/fuzz" -DMA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build "$root/build/fuzz" -j "$(nproc)" >/dev/null || exit 1
$build_only && exit 0

failed=0
mkdir -p "$root/build/fuzz/crashes"
for seeds in "$root"/tests/fuzz/seeds/*/; do
  target="$(basename "$seeds")"
  corpus="$root/build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  log="$root/build/fuzz/$target.log"
  "$root/build/fuzz/fuzz_$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$root/build/fuzz/crashes/$target-" >"$log" 2>&1
  status=$?
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  if [[ $status -eq 0 ]]; then
    echo "fuzz $target: ok, ${execs:-0} executions in ${seconds}s, coverage ${cov:-?}"
  else
    echo "fuzz $target: FAILED (exit $status), see $log"
    grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log"
    failed=$((failed + 1))
  fi
done
exit $failed
